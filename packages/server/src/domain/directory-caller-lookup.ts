/**
 * Who is calling: a caller ID normalised and looked up in the contacts, and the caller details
 * (VIP, account) kept next to each contact.
 */
import type { CallerProfile, CallerProfilePatch } from './directory-caller.ts';
import { type CallerNumberRules, normaliseCallerNumber } from './directory-caller-number.ts';
import { DomainError } from './domain-error.ts';
import type { ServiceContext } from './service-context.ts';

export type CallerLookupResult =
  | { readonly status: 'found'; readonly number: string; readonly caller: CallerProfile }
  | { readonly status: 'not_found'; readonly number: string }
  /** No caller ID, or one that is not a phone number: nothing was looked up. */
  | { readonly status: 'invalid'; readonly reason: 'missing' | 'malformed' };

export interface CallerLookupService {
  lookup(callerId: string, rules?: CallerNumberRules): Promise<CallerLookupResult>;
  /** The caller details of the contact with this office number; E_NOT_FOUND when none. */
  get(officeNum: string): Promise<CallerProfile>;
  /** Sets VIP and/or account on the contact with this office number. */
  update(officeNum: string, patch: CallerProfilePatch): Promise<CallerProfile>;
}

const MAX_ACCOUNT = 64;

export function createCallerLookupService(ctx: ServiceContext): CallerLookupService {
  const { store, clock } = ctx;

  async function get(officeNum: string): Promise<CallerProfile> {
    const profile = await store.callerProfiles.findByOfficeNum(officeNum);
    if (!profile) throw new DomainError('E_NOT_FOUND', `No contact with office number ${officeNum}`);
    return profile;
  }

  return {
    async lookup(callerId, rules = {}) {
      const normalised = normaliseCallerNumber(callerId, rules);
      if (!normalised.ok) return { status: 'invalid', reason: normalised.reason };
      const caller = await store.callerProfiles.findByNumbers(normalised.candidates);
      return caller
        ? { status: 'found', number: normalised.number, caller }
        : { status: 'not_found', number: normalised.number };
    },

    get,

    async update(officeNum, patch) {
      const profile = await get(officeNum);
      const clean: CallerProfilePatch = {};
      if (patch.vip !== undefined) clean.vip = patch.vip;
      if (patch.account !== undefined) {
        const account = patch.account === null ? null : patch.account.trim();
        // It is set as a channel variable: keep it to one printable line.
        if (account !== null && (account.length > MAX_ACCOUNT || !/^[\x20-\x7e]*$/.test(account))) {
          throw new DomainError(
            'E_VALIDATION',
            `Account must be at most ${MAX_ACCOUNT} printable ASCII characters`,
          );
        }
        clean.account = account === '' ? null : account;
      }
      const updated = await store.callerProfiles.update(profile.contactId, clean, clock.now());
      if (!updated) throw new DomainError('E_NOT_FOUND', `No contact with office number ${officeNum}`);
      return updated;
    },
  };
}
