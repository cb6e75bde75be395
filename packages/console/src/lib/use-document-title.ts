import { useEffect } from 'react';

/** Names the browser tab after the screen ("Agents · Callgate"). */
export function useDocumentTitle(screen: string): void {
  useEffect(() => {
    document.title = `${screen} · Callgate`;
  }, [screen]);
}
