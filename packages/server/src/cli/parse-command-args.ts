/** node:util parseArgs with our conventions: strict, positionals allowed, errors as usage errors. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliUsageError } from './cli-usage-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export const DB_OPTION = { db: { type: 'string' } } as const satisfies Options;
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const satisfies Options;

export function parseCommandArgs<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true, allowNegative: true });
  } catch (err) {
    throw new CliUsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Exactly `count` positionals, named in the error when missing or extra. */
export function expectPositionals(positionals: string[], names: string[]): string[] {
  if (positionals.length < names.length) {
    throw new CliUsageError(
      `Missing ${names
        .slice(positionals.length)
        .map((n) => `<${n}>`)
        .join(' ')}`,
    );
  }
  if (positionals.length > names.length) {
    throw new CliUsageError(`Unexpected argument "${positionals[names.length]}"`);
  }
  return positionals;
}

export function requireOption(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new CliUsageError(`--${flag} is required`);
  return value;
}

export function parsePositiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) <= 0) {
    throw new CliUsageError(`--${flag} must be a positive whole number`);
  }
  return Number(value);
}
