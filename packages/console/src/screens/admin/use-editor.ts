import { useState } from 'react';
import { ApiError, errorMessage, type FieldErrors } from '../../api/api-error.ts';
import { normalizeFieldErrors } from './field-errors.ts';

export type Editing<T> = { mode: 'create' } | { mode: 'edit'; item: T };

export interface Editor<T> {
  editing: Editing<T> | null;
  busy: boolean;
  error: string | null;
  fields: FieldErrors;
  open: (editing: Editing<T>) => void;
  close: () => void;
  /** Runs a save; on success closes the form, on failure keeps it open with the API's errors. */
  save: (action: () => Promise<unknown>, after?: () => void) => Promise<void>;
}

/** State of an admin screen's create/edit form. */
export function useEditor<T>(): Editor<T> {
  const [editing, setEditing] = useState<Editing<T> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});

  const reset = () => {
    setBusy(false);
    setError(null);
    setFields({});
  };

  return {
    editing,
    busy,
    error,
    fields,
    open: (next) => {
      reset();
      setEditing(next);
    },
    close: () => {
      reset();
      setEditing(null);
    },
    save: async (action, after) => {
      setBusy(true);
      setError(null);
      setFields({});
      try {
        await action();
        reset();
        setEditing(null);
        after?.();
      } catch (e) {
        setBusy(false);
        setError(errorMessage(e));
        setFields(e instanceof ApiError ? normalizeFieldErrors(e.fields) : {});
      }
    },
  };
}
