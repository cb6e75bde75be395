import { useState } from 'react';
import { errorMessage } from '../../api/api-error.ts';

/** Runs a one-click row action (disable, end, pause) and keeps its error for the page. */
export function useRowAction(): {
  busy: boolean;
  error: string | null;
  run: (action: () => Promise<unknown>, after?: () => void) => Promise<void>;
  clear: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return {
    busy,
    error,
    clear: () => setError(null),
    run: async (action, after) => {
      setBusy(true);
      setError(null);
      try {
        await action();
        after?.();
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setBusy(false);
      }
    },
  };
}
