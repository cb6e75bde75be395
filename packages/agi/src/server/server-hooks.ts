import type { AgiReply } from '../protocol/reply.ts';
import type { AgiSessionSummary } from './access-log.ts';
import type { AgiCall } from './agi-call.ts';

/**
 * Lifecycle hooks, named after Fastify's. All but onSession are called synchronously and must not
 * block; a hook that throws (or rejects) is logged and counted as an error, never fatal to the call.
 */
export interface AgiServerHooks {
  /** A routed, authorised session starts; awaited before the handler runs. Throwing ends the call. */
  onSession: (call: AgiCall) => void | Promise<void>;
  /** A command line is about to be written (as sent, without `\n`). */
  onCommand: (call: AgiCall, line: string) => void;
  /** Its final reply arrived after `ms` milliseconds: feed a latency histogram here. */
  onReply: (call: AgiCall, line: string, reply: AgiReply, ms: number) => void;
  /** Asterisk reported the caller hung up. */
  onHangup: (call: AgiCall) => void;
  /** The session ended (socket closed) with this summary; also called for unrouted sessions. */
  onSessionEnd: (call: AgiCall, summary: AgiSessionSummary) => void | Promise<void>;
  /** A handler or hook threw. `call` is undefined for errors outside a call. */
  onError: (error: unknown, call: AgiCall | undefined) => void;
}

export type AgiHookName = keyof AgiServerHooks;

export const HOOK_NAMES: readonly AgiHookName[] = [
  'onSession',
  'onCommand',
  'onReply',
  'onHangup',
  'onSessionEnd',
  'onError',
];

/** The registered functions per hook; arrays stay empty (and free to skip) when unused. */
export class HookRegistry {
  readonly onSession: AgiServerHooks['onSession'][] = [];
  readonly onCommand: AgiServerHooks['onCommand'][] = [];
  readonly onReply: AgiServerHooks['onReply'][] = [];
  readonly onHangup: AgiServerHooks['onHangup'][] = [];
  readonly onSessionEnd: AgiServerHooks['onSessionEnd'][] = [];
  readonly onError: AgiServerHooks['onError'][] = [];

  add<K extends AgiHookName>(name: K, fn: AgiServerHooks[K]): void {
    (this[name] as AgiServerHooks[K][]).push(fn);
  }
}
