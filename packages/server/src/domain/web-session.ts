/**
 * A web login (not an agent session): the browser holds a random 256-bit token in a cookie; the
 * store keeps only the token's SHA-256 hash as the id, so a copy of the database signs no one in.
 * Shared by every node through the store, so any node serves any browser and a restart keeps it.
 */
export interface WebSession {
  /** SHA-256 of the token, hex. Safe to log and to pass between nodes; it cannot sign anyone in. */
  id: string;
  agentId: number;
  /** Sent back in the `x-csrf-token` header on every change the browser asks for. */
  csrfToken: string;
  createdAt: Date;
  /** Written at most once per `webSessionTouchSec`, so not every request writes. */
  lastSeenAt: Date;
  /** When the login dies unless seen again: the sooner of idle and absolute expiry. */
  expiresAt: Date;
}
