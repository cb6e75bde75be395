import { checkText } from './credential-rules.ts';
import { DomainError } from './domain-error.ts';
import type { PauseCode } from './pause-code.ts';
import type { ServiceContext } from './service-context.ts';
import type { PauseCodePatch } from './store-port.ts';

export interface NewPauseCodeInput {
  /** 1 to 16 upper-case letters, digits or `_`, e.g. `BREAK`. */
  code: string;
  name: string;
  billable?: boolean;
  maxSeconds?: number | null;
  active?: boolean;
}

export type PauseCodeUpdateInput = Partial<Omit<NewPauseCodeInput, 'code'>>;

export interface PauseCodeService {
  create(input: NewPauseCodeInput): Promise<PauseCode>;
  get(code: string): Promise<PauseCode>;
  /** All codes, system ones included; filter `active && !system` for what agents may pick. */
  list(): Promise<PauseCode[]>;
  update(code: string, input: PauseCodeUpdateInput): Promise<PauseCode>;
}

function checkCode(code: string): string {
  if (!/^[A-Z0-9_]{1,16}$/.test(code)) {
    throw new DomainError('E_VALIDATION', 'Pause code must be 1 to 16 of A-Z, 0-9 and _');
  }
  return code;
}

function checkMaxSeconds(value: number | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value <= 0) {
    throw new DomainError('E_VALIDATION', 'Max seconds must be a positive whole number');
  }
  return value;
}

export function createPauseCodeService(ctx: ServiceContext): PauseCodeService {
  const { store } = ctx;
  return {
    async create(input) {
      const code = checkCode(input.code);
      const row: PauseCode = {
        code,
        name: checkText(input.name, 'Pause code name'),
        billable: input.billable ?? false,
        maxSeconds: checkMaxSeconds(input.maxSeconds),
        active: input.active ?? true,
        system: false,
      };
      if (await store.pauseCodes.find(code)) {
        throw new DomainError('E_DUPLICATE', `Pause code ${code} exists already`);
      }
      return store.pauseCodes.insert(row);
    },

    async get(code) {
      const found = await store.pauseCodes.find(code);
      if (!found) throw new DomainError('E_NOT_FOUND', `No pause code ${code}`);
      return found;
    },

    list() {
      return store.pauseCodes.list();
    },

    async update(code, input) {
      const current = await store.pauseCodes.find(code);
      if (!current) throw new DomainError('E_NOT_FOUND', `No pause code ${code}`);
      if (current.system) throw new DomainError('E_VALIDATION', `Pause code ${code} is a system code`);
      const patch: PauseCodePatch = {};
      if (input.name !== undefined) patch.name = checkText(input.name, 'Pause code name');
      if (input.billable !== undefined) patch.billable = input.billable;
      if (input.maxSeconds !== undefined) patch.maxSeconds = checkMaxSeconds(input.maxSeconds);
      if (input.active !== undefined) patch.active = input.active;
      return (await store.pauseCodes.update(code, patch)) ?? current;
    },
  };
}
