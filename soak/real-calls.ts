/**
 * Real calls for the scenarios to keep making while they attack: the simulated Asterisk plays a
 * caller through `caller-lookup` (a database read, channel variables, no prompt), from 127.0.0.1.
 */
import { simulateCall } from '@callgate/agi/testing';

export interface CallFigures {
  ok: number;
  failed: number;
  /** Each call's time from connect to the end of the AGI, in ms. */
  durationsMs: number[];
  /** Why calls failed, first few. */
  failures: string[];
}

/** Makes calls `concurrency` at a time until `until()` says stop. */
export async function keepCalling(
  agiPort: number,
  concurrency: number,
  until: () => boolean,
): Promise<CallFigures> {
  const figures: CallFigures = { ok: 0, failed: 0, durationsMs: [], failures: [] };
  let n = 0;
  const caller = async (): Promise<void> => {
    while (!until()) {
      const started = performance.now();
      const recording = await simulateCall({
        url: `agi://127.0.0.1:${agiPort}/caller-lookup`,
        callerId: `"Soak ${n}" <555${String(n++ % 10_000).padStart(4, '0')}>`,
      });
      figures.durationsMs.push(performance.now() - started);
      if (recording.agiStatus === 'SUCCESS' && recording.error === undefined) figures.ok++;
      else {
        figures.failed++;
        if (figures.failures.length < 5)
          figures.failures.push(`${recording.agiStatus} ${recording.error ?? ''}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return figures;
}
