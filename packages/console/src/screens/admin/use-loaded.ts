import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api/api-error.ts';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
  setData: (data: T) => void;
}

/** Loads data once on mount (and on reload), keeping the last good data while reloading. */
export function useLoaded<T>(load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    load()
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [load]);

  useEffect(reload, [reload]);
  return { data, error, reload, setData };
}
