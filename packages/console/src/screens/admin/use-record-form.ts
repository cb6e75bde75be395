import { useState } from 'react';
import { type Editor, useEditor } from './use-editor.ts';

interface RecordFormOptions<T, D> {
  /** The draft of a new record. */
  empty: () => D;
  toDraft: (record: T) => D;
  create: (draft: D) => Promise<unknown>;
  update: (record: T, draft: D) => Promise<unknown>;
  /** Runs after a successful save (the list's reload). */
  onSaved: () => void;
}

export interface RecordForm<T, D> {
  editor: Editor<T>;
  draft: D;
  setDraft: (draft: D) => void;
  set: <K extends keyof D>(key: K, value: D[K]) => void;
  openCreate: () => void;
  openEdit: (record: T) => void;
  /** Creates or updates the record from the draft. */
  submit: () => void;
}

/** The create/edit form of an admin record list: the editor's state plus the draft being edited. */
export function useRecordForm<T, D>(options: RecordFormOptions<T, D>): RecordForm<T, D> {
  const editor = useEditor<T>();
  const [draft, setDraft] = useState<D>(options.empty);
  return {
    editor,
    draft,
    setDraft,
    set: (key, value) => setDraft((d) => ({ ...d, [key]: value })),
    openCreate: () => {
      setDraft(options.empty());
      editor.open({ mode: 'create' });
    },
    openEdit: (record) => {
      setDraft(options.toDraft(record));
      editor.open({ mode: 'edit', item: record });
    },
    submit: () => {
      const editing = editor.editing;
      if (editing === null) return;
      void editor.save(
        () => (editing.mode === 'create' ? options.create(draft) : options.update(editing.item, draft)),
        options.onSaved,
      );
    },
  };
}
