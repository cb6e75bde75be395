/**
 * How the far end of a fake Originate behaves. The event sequences each outcome produces are the
 * recorded ones (test/fixtures/ami-transcripts): a Local leg into the lab's `callgate-mobile`
 * stand-ins (03 and 11 answered, 13 busy, 14 rings without answer, 15 silent without answer,
 * 16 congestion, 22 rings then answers late, 04 and 21 hung up while ringing) and PJSIP legs
 * (19: a registered phone that rings unanswered, an unregistered one).
 */
export type FakeOriginateOutcome =
  /** OriginateResponse Success, Reason 4; an answered ConfBridge leg joins the room. */
  | 'answer'
  /** Reason 5 (AST_CONTROL_BUSY). */
  | 'busy'
  /** Reason 3: rings (or stays silent) until the Originate's Timeout. */
  | 'noanswer'
  /** Reason 8 (AST_CONTROL_CONGESTION). */
  | 'congestion'
  /** Reason 0 at once, no channel: an unregistered or unknown endpoint. */
  | 'unavailable'
  /** The Originate action itself answers `Response: Error` (not recorded: Asterisk queues every async Originate). */
  | 'error';

export const ORIGINATE_REASON_CODES: Readonly<Record<Exclude<FakeOriginateOutcome, 'error'>, number>> = {
  answer: 4,
  busy: 5,
  noanswer: 3,
  congestion: 8,
  unavailable: 0,
};

export interface FakeOriginateScenario {
  outcome: FakeOriginateOutcome;
  /**
   * The far end signals ringing first (14, 19, 22). Default: true for `noanswer` on a PJSIP leg,
   * false otherwise (the lab's Local stand-ins answer, refuse or stay silent at once).
   */
  ringing?: boolean;
  /**
   * When the outcome happens, in ms after the Originate. Default 0; for `noanswer`, the Originate's
   * `Timeout` (30 s by default), so give a small one to keep a test short.
   */
  delayMs?: number;
  /** Not recorded, for robustness tests: an answered leg's ConfbridgeJoin before its OriginateResponse. */
  joinBeforeResponse?: boolean;
}

/**
 * The lab's `callgate-mobile` stand-ins (test/fixtures/lab-config/extensions_callgate_lab.conf):
 * 555… busy, 556… rings for ever, 557… silent, 558… congestion, 559… rings 8 s then answers,
 * anything else answers. Returns undefined for dial strings that are not such Local legs.
 */
export function labMobileScenario(dialString: string): FakeOriginateScenario | undefined {
  const match = /^Local\/\+?(\d+)@callgate-mobile\/n$/.exec(dialString);
  if (!match) return undefined;
  const number = match[1] ?? '';
  if (number.startsWith('555')) return { outcome: 'busy' };
  if (number.startsWith('556')) return { outcome: 'noanswer', ringing: true };
  if (number.startsWith('557')) return { outcome: 'noanswer', ringing: false };
  if (number.startsWith('558')) return { outcome: 'congestion' };
  if (number.startsWith('559')) return { outcome: 'answer', ringing: true, delayMs: 8000 };
  return { outcome: 'answer' };
}
