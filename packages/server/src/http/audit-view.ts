/** Audit log entries as the API shows them (contract `AuditEntry`). */
import type { Agent } from '../domain/agent.ts';
import type { AuthEvent } from '../domain/auth-event.ts';
import type { SessionEvent } from '../domain/session-event.ts';
import type { ApiAuditEntry } from './contract/api-types.ts';

/** The shape is the API contract's (contract/audit-contract.ts). */
export type AuditEntryView = ApiAuditEntry;

export function authEventView(
  event: AuthEvent,
  agent: Agent | undefined,
  actor?: Agent | undefined,
): AuditEntryView {
  const detail = [
    event.detail,
    event.attempt === null ? null : `attempt ${event.attempt}`,
    event.uniqueid === null ? null : `uniqueid ${event.uniqueid}`,
    actor === undefined ? null : `by ${actor.userId}`,
  ].filter((part) => part !== null);
  return {
    id: `auth-${event.id}`,
    at: event.at.toISOString(),
    kind: 'auth',
    source: event.source,
    agentUserId: agent?.userId ?? null,
    agentName: agent?.name ?? null,
    enteredId: event.enteredId,
    callerId: event.callerId,
    channel: event.channel,
    remoteIp: event.remoteIp,
    result: event.result,
    detail: detail.length > 0 ? detail.join(', ') : null,
  };
}

/** A session audit entry: `result` is what happened; `detail` the interface, code, reason, leg or admin. */
export function sessionEventView(
  event: SessionEvent,
  agent: Agent | undefined,
  actor: Agent | undefined,
  deviceName: string | undefined,
): AuditEntryView {
  const detail = [
    event.event === 'started' ? `interface ${event.interface}` : null,
    event.event === 'started' && event.deviceId !== null ? `phone ${deviceName ?? event.deviceId}` : null,
    event.pauseCode === null ? null : `code ${event.pauseCode}`,
    event.endReason === null ? null : `reason ${event.endReason}`,
    event.uniqueid === null ? null : `uniqueid ${event.uniqueid}`,
    actor === undefined ? null : `by ${actor.userId}`,
  ].filter((part) => part !== null);
  return {
    id: `session-${event.id}`,
    at: event.at.toISOString(),
    kind: 'session',
    source: event.source,
    agentUserId: agent?.userId ?? null,
    agentName: agent?.name ?? null,
    enteredId: null,
    callerId: null,
    channel: event.channel,
    remoteIp: null,
    result: event.event,
    detail: detail.length > 0 ? detail.join(', ') : null,
  };
}
