import { useState } from 'react';
import { rowActionMessage } from './row-action-message.ts';

export interface RowAction {
  busy: boolean;
  error: string | null;
  /** `label` names what is tried, in lower case ("disable Front desk"), for the error message. */
  run: (action: () => Promise<unknown>, after?: () => void, label?: string) => Promise<void>;
  clear: () => void;
}

/** Runs a one-click row action (disable, end, pause) and keeps its error for the page. */
export function useRowAction(): RowAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return {
    busy,
    error,
    clear: () => setError(null),
    run: async (action, after, label) => {
      setBusy(true);
      setError(null);
      try {
        await action();
        after?.();
      } catch (e) {
        setError(rowActionMessage(label, e));
      } finally {
        setBusy(false);
      }
    },
  };
}
