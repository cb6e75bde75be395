import type { AgiSessionOutcome } from './server-stats.ts';

/** What the server knows about a session when it ends: one access-log line, one onSessionEnd call. */
export interface AgiSessionSummary {
  readonly route: string;
  readonly path: string;
  readonly uniqueid: string;
  readonly channel: string;
  readonly callerId: string;
  readonly callerIdName: string;
  readonly remoteAddress: string;
  readonly durationMs: number;
  readonly commands: number;
  readonly outcome: AgiSessionOutcome;
  /** The error's code (or name) when the outcome is not `completed`. */
  readonly errorCode?: string;
}

/**
 * The access-log record for one AGI session: structured fields for a JSON logger and a one-line
 * message for humans, e.g.
 * `agent-dial-in PJSIP/2001-00000001 1700000000.1 "Probe Caller" <5551234> completed 6 cmds 1532 ms`.
 * Caller ID comes from the network, so control characters are escaped before they reach a log.
 */
export function accessLogRecord(summary: AgiSessionSummary): { obj: Record<string, unknown>; msg: string } {
  const obj: Record<string, unknown> = {
    route: summary.route,
    path: summary.path,
    uniqueid: summary.uniqueid,
    channel: summary.channel,
    callerId: summary.callerId,
    callerIdName: summary.callerIdName,
    remoteAddress: summary.remoteAddress,
    durationMs: summary.durationMs,
    commands: summary.commands,
    outcome: summary.outcome,
  };
  if (summary.errorCode !== undefined) obj.errorCode = summary.errorCode;
  const caller = `${JSON.stringify(summary.callerIdName)} <${printable(summary.callerId)}>`;
  const msg =
    `${printable(summary.route)} ${printable(summary.channel)} ${printable(summary.uniqueid)} ${caller} ` +
    `${summary.outcome}${summary.errorCode ? ` (${printable(summary.errorCode)})` : ''} ` +
    `${summary.commands} cmds ${Math.round(summary.durationMs)} ms`;
  return { obj, msg };
}

/** Replaces control characters with JSON-style escapes so one record stays one line. */
export function printable(text: string): string {
  return /[\u0000-\u001f\u007f]/.test(text) ? JSON.stringify(text).slice(1, -1) : text;
}
