/**
 * What the domain tells the process about itself, for metrics: kept apart from the event bus,
 * which crosses nodes. Every method must be cheap and must not throw.
 */
export type SecretKind = 'pin' | 'password';

export interface DomainObserver {
  /** A secret was checked against a stored hash (the expensive step every lane bounds). */
  secretChecked(kind: SecretKind): void;
  /** An attempt was refused by a lane before any secret was checked. */
  attemptRefused(kind: SecretKind, lane: string): void;
  /** An audit entry could not be written (the database did not answer) and waits in memory. */
  auditDeferred(pending: number): void;
}

export const SILENT_OBSERVER: DomainObserver = Object.freeze({
  secretChecked() {},
  attemptRefused() {},
  auditDeferred() {},
});
