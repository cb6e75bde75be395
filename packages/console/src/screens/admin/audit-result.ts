import type { AuditKind } from '../../api/types.ts';

const RESULT_NAMES: Record<string, string> = {
  ok: 'OK',
  bad_credentials: 'Bad credentials',
  no_session: 'No session',
  locked: 'Locked',
  disabled: 'Disabled',
  leg_exists: 'Leg exists',
  rate_limited: 'Rate limited',
  unavailable: 'Not checked (database down)',
  unlocked: 'Unlocked by admin',
  started: 'Session started',
  paused: 'Paused',
  ready: 'Ready',
  in_call: 'In call',
  leg_calling: 'Phone calling',
  leg_connected: 'Phone connected',
  leg_released: 'Phone released',
  ended: 'Session ended',
};

/** An audit result in words; one the console does not know yet reads as its code, spaced. */
export function auditResultLabel(result: string): string {
  return RESULT_NAMES[result] ?? result.replaceAll('_', ' ');
}

/**
 * The result badge's class: a successful sign-in green, a refused one amber. Session entries are
 * events, not outcomes, so they stay neutral and the refusals stand out.
 */
export function auditResultBadge(kind: AuditKind, result: string): string {
  if (kind === 'session') return 'badge';
  if (result === 'unlocked') return 'badge badge-info';
  return result === 'ok' ? 'badge badge-ok' : 'badge badge-warn';
}
