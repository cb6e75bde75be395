/**
 * `callgate call --dial`: how the far end of the simulated Dial() answers. One outcome for every
 * Dial (`--dial answer`), or per dial string (`--dial PJSIP/2001=busy`), repeatable.
 */
import type { DialOutcome } from '@callgate/agi/testing';
import { CliUsageError } from './cli-usage-error.ts';

const OUTCOMES: Readonly<Record<string, DialOutcome>> = {
  // A second of ringing, then the far end picks up and stays until the caller hangs up.
  answer: { status: 'ANSWER', ringMs: 1000 },
  busy: { status: 'BUSY' },
  // Rings until the Dial's own timeout (its second argument), as a phone nobody picks up.
  noanswer: { status: 'NOANSWER' },
  unavailable: { status: 'CHANUNAVAIL' },
  congestion: { status: 'CONGESTION' },
};

export const DIAL_OUTCOME_NAMES = Object.keys(OUTCOMES);

/** The simulator's `dial` option from the flags; undefined when none was given (every Dial: no answer). */
export function parseDialFlags(flags: readonly string[]): ((destination: string) => DialOutcome) | undefined {
  if (flags.length === 0) return undefined;
  let fallback: DialOutcome = { status: 'NOANSWER' };
  const byDestination = new Map<string, DialOutcome>();
  for (const flag of flags) {
    const at = flag.lastIndexOf('=');
    const name = (at < 0 ? flag : flag.slice(at + 1)).toLowerCase();
    const outcome = OUTCOMES[name];
    if (!outcome) {
      throw new CliUsageError(
        `--dial takes ${DIAL_OUTCOME_NAMES.join(', ')}, or <dial string>=<outcome>; got "${flag}"`,
      );
    }
    if (at < 0) fallback = outcome;
    else if (at === 0) throw new CliUsageError(`--dial "${flag}": the dial string before = is empty`);
    else byDestination.set(flag.slice(0, at), outcome);
  }
  return (destination) => byDestination.get(destination) ?? fallback;
}
