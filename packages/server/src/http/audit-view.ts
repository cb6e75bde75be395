/** Audit log entries as the API shows them (contract `AuditEntry`). */
import type { Agent } from '../domain/agent.ts';
import type { AuthEvent } from '../domain/auth-event.ts';

export interface AuditEntryView {
  id: string;
  at: string;
  kind: 'auth' | 'session';
  source: 'web' | 'dialin' | 'api' | 'system';
  agentUserId: string | null;
  agentName: string | null;
  enteredId: string | null;
  callerId: string | null;
  channel: string | null;
  remoteIp: string | null;
  result: string;
  detail: string | null;
}

export function authEventView(event: AuthEvent, agent: Agent | undefined): AuditEntryView {
  const detail = [
    event.attempt === null ? null : `attempt ${event.attempt}`,
    event.uniqueid === null ? null : `uniqueid ${event.uniqueid}`,
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
