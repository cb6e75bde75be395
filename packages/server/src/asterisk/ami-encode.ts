import { AmiError } from './ami-error.ts';
import type { AmiField } from './ami-message.ts';

/** Values an action may carry: arrays repeat the key (e.g. several `Variable:` lines). */
export type AmiActionValue = string | number | boolean | readonly string[] | undefined;
export type AmiActionFields = Readonly<Record<string, AmiActionValue>>;

const FORBIDDEN = /[\r\n\0]/;

/** Flattens an action record into ordered fields; `undefined` values are left out. */
export function actionFields(fields: AmiActionFields): AmiField[] {
  const out: AmiField[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) out.push([key, String(v)]);
    else out.push([key, String(value)]);
  }
  return out;
}

/**
 * Encodes one message for the wire. A CR or LF inside a key or value would let a caller inject
 * a second action (think of a caller ID typed into a form), so it is refused, not escaped.
 */
export function encodeAmiMessage(fields: readonly AmiField[]): string {
  let out = '';
  for (const [key, value] of fields) {
    if (FORBIDDEN.test(key) || FORBIDDEN.test(value) || key.includes(':') || key.trim() !== key || !key) {
      throw new AmiError('E_AMI_USAGE', `invalid AMI field ${JSON.stringify(key)}`);
    }
    out += `${key}: ${value}\r\n`;
  }
  return `${out}\r\n`;
}
