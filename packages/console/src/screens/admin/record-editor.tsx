import type { ReactNode } from 'react';
import { EditorPanel } from '../../components/editor-panel.tsx';
import { unshownFieldErrors } from './field-errors.ts';
import { recordEditorSubmitLabel, recordEditorTitle } from './record-editor-text.ts';
import type { Editor } from './use-editor.ts';

interface RecordEditorProps<T> {
  editor: Editor<T>;
  /** What a record is, in lower case ("pause code"): "New pause code", "Edit pause code LUNCH". */
  noun: string;
  readOnly: boolean;
  recordKey: (record: T) => string | number;
  /** How the heading names the record being edited. */
  recordLabel: (record: T) => string;
  /** The fields the form shows; errors about any other field are listed above the form. */
  formFields: readonly string[];
  onSubmit: () => void;
  /** Another error to show, e.g. the form's option lists failed to load. */
  error?: string | null;
  /** Panels with their own requests, shown below the form when editing. */
  after?: (record: T) => ReactNode;
  children: ReactNode;
}

/** The create/edit form of an admin record list (nothing while no record is open). */
export function RecordEditor<T>(props: RecordEditorProps<T>) {
  const { editor, noun, readOnly } = props;
  const editing = editor.editing;
  if (editing === null) return null;
  return (
    <EditorPanel
      key={editing.mode === 'edit' ? props.recordKey(editing.item) : 'new'}
      title={recordEditorTitle(
        noun,
        readOnly,
        editing.mode === 'create' ? editing : { mode: 'edit', label: props.recordLabel(editing.item) },
      )}
      readOnly={readOnly}
      busy={editor.busy}
      error={editor.error ?? props.error ?? null}
      otherFieldErrors={unshownFieldErrors(editor.fields, props.formFields)}
      submitLabel={recordEditorSubmitLabel(noun, editing.mode)}
      onSubmit={props.onSubmit}
      onClose={editor.close}
      after={editing.mode === 'edit' ? props.after?.(editing.item) : null}
    >
      {props.children}
    </EditorPanel>
  );
}
