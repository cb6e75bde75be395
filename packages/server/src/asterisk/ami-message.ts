/**
 * One AMI message (action, response or event): an ordered list of `Key: Value` fields.
 * Keys repeat on the wire (`Variable:` in actions, `Output:` in command responses), and Asterisk
 * is inconsistent about case (`Uniqueid` / `UniqueID`), so lookups are case-insensitive.
 */
export type AmiField = readonly [key: string, value: string];

export class AmiMessage {
  readonly fields: readonly AmiField[];

  constructor(fields: readonly AmiField[]) {
    this.fields = fields;
  }

  static from(record: Readonly<Record<string, string | number | boolean | readonly string[]>>): AmiMessage {
    const fields: AmiField[] = [];
    for (const [key, value] of Object.entries(record)) {
      if (Array.isArray(value)) for (const v of value) fields.push([key, String(v)]);
      else fields.push([key, String(value)]);
    }
    return new AmiMessage(fields);
  }

  /** The first value of `key` (case-insensitive). */
  get(key: string): string | undefined {
    const wanted = key.toLowerCase();
    for (const [k, v] of this.fields) if (k.toLowerCase() === wanted) return v;
    return undefined;
  }

  getAll(key: string): string[] {
    const wanted = key.toLowerCase();
    return this.fields.filter(([k]) => k.toLowerCase() === wanted).map(([, v]) => v);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** `Event:` for events, undefined otherwise. */
  get event(): string | undefined {
    return this.get('Event');
  }

  /** `Response:` for responses, undefined otherwise. */
  get response(): string | undefined {
    return this.get('Response');
  }

  get actionId(): string | undefined {
    return this.get('ActionID');
  }

  /** Last value wins for repeated keys; for logging and assertions. */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.fields) out[k] = v;
    return out;
  }
}

/** Keys whose values are never shown in logs or transcripts. */
const SECRET_KEYS = new Set(['secret', 'key', 'password']);

/** A copy safe to log: secrets replaced by `***`. */
export function redactAmiMessage(message: AmiMessage): AmiMessage {
  return new AmiMessage(message.fields.map(([k, v]) => [k, SECRET_KEYS.has(k.toLowerCase()) ? '***' : v]));
}
