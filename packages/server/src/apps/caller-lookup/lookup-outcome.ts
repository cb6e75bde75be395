/**
 * What the caller-lookup route found and did. CALLGATE_LOOKUP carries the status for the dialplan;
 * the other variables are set only for a caller found in the contacts.
 */
export type LookupStatus = 'FOUND' | 'NOTFOUND' | 'INVALID';

export interface LookupOutcome {
  readonly status: LookupStatus;
  /** The caller's number as normalised; undefined for INVALID. */
  readonly number?: string;
  readonly contactId?: number;
  readonly vip?: boolean;
  /** Whether a greeting was played. */
  readonly greeted: boolean;
  /** The priority context the VIP was sent to. */
  readonly vipContext?: string;
  /** The error that stopped the lookup; the call passed through as NOTFOUND. */
  readonly error?: string;
}

/** Channel variables the route sets for the dialplan. */
export const LOOKUP_VARIABLES = {
  status: 'CALLGATE_LOOKUP',
  name: 'CALLGATE_CALLER_NAME',
  vip: 'CALLGATE_CALLER_VIP',
  account: 'CALLGATE_CALLER_ACCOUNT',
  /** The normalised number (FOUND and NOTFOUND). */
  number: 'CALLGATE_CALLER_NUMBER',
} as const;
