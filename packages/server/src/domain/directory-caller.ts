/**
 * A known caller: a contact found by the caller's number, with what the caller-lookup route tells
 * the dialplan about them (VIP, account).
 */
export interface CallerProfile {
  contactId: number;
  /** The contact's number as stored (digits). */
  officeNum: string;
  name: string;
  vip: boolean;
  /** Account reference for the dialplan and agents (free text); null when none. */
  account: string | null;
}

export interface CallerProfilePatch {
  vip?: boolean;
  account?: string | null;
}
