import type { Contact } from './contact.ts';
import { checkDigits, checkText } from './credential-rules.ts';
import { DomainError } from './domain-error.ts';
import type { ServiceContext } from './service-context.ts';
import type { ContactPatch } from './store-port.ts';

export interface NewContactInput {
  officeNum: string;
  name: string;
  details?: string | null;
  /** Default true. */
  enabled?: boolean;
}

export type ContactUpdateInput = Partial<NewContactInput>;

export interface ContactService {
  create(input: NewContactInput): Promise<Contact>;
  get(id: number): Promise<Contact>;
  /** Enabled contacts only, unless `includeDisabled` (what the CONTACTS dial-in mode matches). */
  findByOfficeNum(officeNum: string, options?: { includeDisabled?: boolean }): Promise<Contact | undefined>;
  list(): Promise<Contact[]>;
  update(id: number, input: ContactUpdateInput): Promise<Contact>;
  remove(id: number): Promise<void>;
}

function checkDetails(details: string | null | undefined): string | null {
  if (!details) return null;
  if (details.length > 2000) throw new DomainError('E_VALIDATION', 'Details must be at most 2000 characters');
  return details;
}

export function createContactService(ctx: ServiceContext): ContactService {
  const { store, clock } = ctx;
  return {
    async create(input) {
      const officeNum = checkDigits(input.officeNum, 'Office number', 20);
      const name = checkText(input.name, 'Name');
      const details = checkDetails(input.details);
      if (await store.contacts.findByOfficeNum(officeNum)) {
        throw new DomainError('E_DUPLICATE', `A contact with office number ${officeNum} exists already`);
      }
      return store.contacts.insert({ officeNum, name, details, enabled: input.enabled ?? true }, clock.now());
    },

    async get(id) {
      const contact = await store.contacts.findById(id);
      if (!contact) throw new DomainError('E_NOT_FOUND', `No contact with id ${id}`);
      return contact;
    },

    async findByOfficeNum(officeNum, options = {}) {
      const contact = await store.contacts.findByOfficeNum(officeNum);
      return contact && (contact.enabled || options.includeDisabled) ? contact : undefined;
    },

    list() {
      return store.contacts.list();
    },

    async update(id, input) {
      const patch: ContactPatch = {};
      if (input.officeNum !== undefined) patch.officeNum = checkDigits(input.officeNum, 'Office number', 20);
      if (input.name !== undefined) patch.name = checkText(input.name, 'Name');
      if (input.details !== undefined) patch.details = checkDetails(input.details);
      if (input.enabled !== undefined) patch.enabled = input.enabled;
      const contact = await store.contacts.update(id, patch, clock.now());
      if (!contact) throw new DomainError('E_NOT_FOUND', `No contact with id ${id}`);
      return contact;
    },

    async remove(id) {
      if (!(await store.contacts.remove(id)))
        throw new DomainError('E_NOT_FOUND', `No contact with id ${id}`);
    },
  };
}
