/** What the typed AGI commands return. Digits are characters ('7', '#'), never ASCII codes. */

/** STREAM FILE and GET OPTION. */
export interface PlaybackResult {
  /** The escape digit that stopped playback (or, for GET OPTION, was pressed after it); undefined if none. */
  readonly digit: string | undefined;
  /** Where playback stopped, in samples of the file (8000 a second for 8 kHz audio). */
  readonly endposSamples: number;
}

/** CONTROL STREAM FILE. */
export interface ControlPlaybackResult {
  /** The stop digit pressed; undefined if none. */
  readonly digit: string | undefined;
  /** Where playback stopped, in milliseconds; undefined when it played to the end (Asterisk sends -1). */
  readonly endposMs: number | undefined;
}

/** GET DATA. */
export interface GetDataResult {
  /** The digits entered, without the closing `#` ('' when none, or `#` alone). `*` is an ordinary digit. */
  readonly digits: string;
  /** True when input ended by timeout (none or only part of maxDigits entered, no `#`). */
  readonly timeout: boolean;
}

/** RECORD FILE. */
export interface RecordResult {
  /** Why recording stopped: time or silence limit, an escape digit, or the caller hung up. */
  readonly reason: 'timeout' | 'dtmf' | 'hangup';
  /** The escape digit, when reason is 'dtmf'. */
  readonly digit: string | undefined;
  /** Length of the recording, in samples. */
  readonly endposSamples: number;
}

/** RECEIVE CHAR. */
export interface ReceiveCharResult {
  /** The character received; undefined on timeout. */
  readonly char: string | undefined;
  readonly timeout: boolean;
}

/** Asterisk's channel states (AST_STATE_*), as CHANNEL STATUS numbers them. */
export type ChannelState =
  | 'down'
  | 'reserved'
  | 'offhook'
  | 'dialing'
  | 'ring'
  | 'ringing'
  | 'up'
  | 'busy'
  | 'dialing-offhook'
  | 'prering'
  | 'unknown';

/** CHANNEL STATUS. */
export interface ChannelStatus {
  /** The number Asterisk sent (0–9). */
  readonly code: number;
  readonly state: ChannelState;
}

/** One hypothesis of SPEECH RECOGNIZE. */
export interface SpeechResult {
  readonly score: number;
  readonly text: string;
  readonly grammar: string;
}

/** SPEECH RECOGNIZE: speech recognised, a DTMF digit, the timeout, or a hangup. */
export type SpeechRecognition =
  | { readonly kind: 'speech'; readonly results: readonly SpeechResult[]; readonly endposSamples: number }
  | { readonly kind: 'digit'; readonly digit: string; readonly endposSamples: number }
  | { readonly kind: 'timeout'; readonly endposSamples: number }
  | { readonly kind: 'hangup'; readonly endposSamples: number };

/** TDD MODE values. */
export type TddMode = 'on' | 'off' | 'mate' | 'tdd';
