/**
 * Calls `onTick` every `intervalMs` from a worker's timer, so a console in a background tab keeps
 * its rhythm; falls back to a plain interval where workers are unavailable. Returns a stop function.
 */
export function startIntervalTicker(intervalMs: number, onTick: () => void): () => void {
  try {
    const worker = new Worker(new URL('./tick-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = () => onTick();
    worker.postMessage(intervalMs);
    return () => worker.terminate();
  } catch {
    const timer = setInterval(onTick, intervalMs);
    return () => clearInterval(timer);
  }
}
