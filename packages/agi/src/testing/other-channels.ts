import type { ChannelState } from '../channel/command-results.ts';
import { AgiError } from '../errors.ts';

/** The codes CHANNEL STATUS answers (enum ast_channel_state), by the names AgiChannel decodes them to. */
const stateCodes: Readonly<Record<Exclude<ChannelState, 'unknown'>, number>> = {
  down: 0,
  reserved: 1,
  offhook: 2,
  dialing: 3,
  ring: 4,
  ringing: 5,
  up: 6,
  busy: 7,
  'dialing-offhook': 8,
  prering: 9,
};

/** A channel's state as a test gives it: a name (`'up'`) or the code Asterisk reports (6). */
export type OtherChannelState = Exclude<ChannelState, 'unknown'> | number;

/** A channel the application hung up with HANGUP <name>. */
export interface OtherChannelHangup {
  channel: string;
  /** On the call's clock. */
  at: number;
}

/**
 * Channels alive elsewhere on the simulated Asterisk (another caller's leg, an agent's phone):
 * CHANNEL STATUS <name> reports their state and HANGUP <name> ends them, without touching this call.
 */
export class OtherChannels {
  readonly #codes = new Map<string, number>();
  readonly #hungUp: OtherChannelHangup[] = [];

  /** Throws AGI_ERR_BAD_ARGUMENT for a state that is neither a known name nor a code 0-9. */
  constructor(states: Readonly<Record<string, OtherChannelState>> = {}) {
    for (const [name, state] of Object.entries(states)) this.#codes.set(name, codeOf(name, state));
  }

  /** The CHANNEL STATUS code of a live channel; undefined when Asterisk has no channel of that name. */
  statusOf(name: string): number | undefined {
    return this.#codes.get(name);
  }

  /** Hangs the channel up (it is gone at once); false when there is no such channel. */
  hangUp(name: string, at: number): boolean {
    if (!this.#codes.delete(name)) return false;
    this.#hungUp.push({ channel: name, at });
    return true;
  }

  /** The channels hung up so far, in order. */
  get hungUp(): readonly OtherChannelHangup[] {
    return this.#hungUp;
  }
}

function codeOf(name: string, state: OtherChannelState): number {
  if (typeof state === 'number') {
    if (Number.isInteger(state) && state >= 0 && state <= 9) return state;
  } else if (Object.hasOwn(stateCodes, state)) {
    return stateCodes[state];
  }
  throw new AgiError('AGI_ERR_BAD_ARGUMENT', `otherChannels: ${name} has no channel state ${String(state)}`);
}
