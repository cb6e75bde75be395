import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';
import type { FieldErrors } from '../api/api-error.ts';
import { Notice } from './notice.tsx';

interface EditorPanelProps {
  title: string;
  /** Read-only for supervisors: no save button, fields are disabled by the caller. */
  readOnly: boolean;
  busy: boolean;
  error: string | null;
  /** Field errors no control on this form shows, so none is lost. */
  otherFieldErrors?: FieldErrors;
  submitLabel: string;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
  /** Rendered after the form, for actions with their own requests (e.g. a password reset). */
  after?: ReactNode;
}

/** The create/edit form of an admin screen, opened above its list. */
export function EditorPanel(props: EditorPanelProps) {
  const {
    title,
    readOnly,
    busy,
    error,
    otherFieldErrors = {},
    submitLabel,
    onSubmit,
    onClose,
    children,
    after,
  } = props;
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Bring the form into view and move focus to it when it opens (it may be far above the row).
  useEffect(() => {
    headingRef.current?.scrollIntoView({ block: 'nearest' });
    headingRef.current?.focus({ preventScroll: true });
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!readOnly) onSubmit();
  };
  const others = Object.entries(otherFieldErrors);

  return (
    <section className="panel editor" aria-labelledby="editor-heading">
      <h2 id="editor-heading" ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      {error ? (
        <Notice tone="error">
          {error}
          {others.length > 0 ? (
            <ul>
              {others.map(([field, message]) => (
                <li key={field}>
                  {field}: {message}
                </li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <form onSubmit={submit} noValidate>
        {children}
        <div className="form-actions">
          {readOnly ? null : (
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Saving…' : submitLabel}
            </button>
          )}
          <button type="button" className="button button-ghost" onClick={onClose}>
            {readOnly ? 'Close' : 'Cancel'}
          </button>
        </div>
      </form>
      {after}
    </section>
  );
}
