import { AgiError } from '../errors.ts';
import { MAX_COMMAND_WORDS } from './parse-args.ts';

/** Asterisk 20.x/21.x/22.x reads a command line into an 8192-byte buffer: 8191 bytes including `\n`. */
export const DEFAULT_MAX_COMMAND_BYTES = 8191;
/** Asterisk 18 and older 20/21/22 releases read only 2047 bytes (AGI_BUF_LEN 2048). */
export const LEGACY_MAX_COMMAND_BYTES = 2047;

/** A value an AGI command takes: numbers are written in decimal, everything else as text. */
export type AgiArgument = string | number;

const BARE = /^[^ \t"\\]+$/;
/** A bare word that is also sendable as it is: the one test nearly every argument needs. */
const PLAIN = /^[^ \t"\\\r\n\0\uD800-\uDFFF]+$/;
// CR and LF end a line early; NUL ends the C string Asterisk parses.
const UNSENDABLE = /[\r\n\0]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Encodes one argument so that Asterisk's parse_args reads it back unchanged: a word without
 * space, tab, `"` or `\` goes bare; anything else (and the empty string) is quoted with `\` and `"`
 * escaped. Throws AGI_ERR_BAD_ARGUMENT for CR, LF, NUL or a lone UTF-16 surrogate (not encodable).
 */
export function encodeArgument(value: AgiArgument): string {
  const text = typeof value === 'number' ? encodeNumber(value) : value;
  if (PLAIN.test(text)) return text;
  if (UNSENDABLE.test(text)) {
    throw new AgiError('AGI_ERR_BAD_ARGUMENT', 'an AGI argument cannot contain CR, LF or NUL');
  }
  if (LONE_SURROGATE.test(text)) {
    throw new AgiError('AGI_ERR_BAD_ARGUMENT', 'an AGI argument cannot contain a lone UTF-16 surrogate');
  }
  if (BARE.test(text)) return text;
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

function encodeNumber(value: number): string {
  if (!Number.isFinite(value)) throw new AgiError('AGI_ERR_BAD_ARGUMENT', `not a finite number: ${value}`);
  // Integers only where Asterisk expects them is the caller's business; write what we were given.
  return String(value);
}

export interface EncodeCommandOptions {
  /** Longest line Asterisk reads, `\n` included (default 8191; 2047 for Asterisk 18). */
  maxBytes?: number;
}

/**
 * Builds one command line (without `\n`): the command words as given (`GET VARIABLE`), then each
 * argument encoded. `undefined` arguments are left out, so optional trailing arguments can be passed
 * as `undefined`; an `undefined` before a defined one is refused (it would shift the others).
 * Throws AGI_ERR_BAD_ARGUMENT (CR/LF/NUL, bad command, too many words) or AGI_ERR_COMMAND_TOO_LONG.
 */
export function encodeCommand(
  command: string,
  args: readonly (AgiArgument | undefined)[] = [],
  options: EncodeCommandOptions = {},
): string {
  const name = commandName(command);
  let line = name.text;
  let words = name.words;
  let ended = false;
  for (const arg of args) {
    if (arg === undefined) {
      ended = true;
      continue;
    }
    if (ended) {
      throw new AgiError('AGI_ERR_BAD_ARGUMENT', `${name.text}: an argument follows an omitted one`);
    }
    line += ` ${encodeArgument(arg)}`;
    words++;
  }
  if (words > MAX_COMMAND_WORDS) {
    throw new AgiError(
      'AGI_ERR_BAD_ARGUMENT',
      `${name.text}: ${words} words, Asterisk reads at most ${MAX_COMMAND_WORDS}`,
    );
  }
  // Name and arguments were checked for CR/LF above: only the length is left to check.
  assertLineLength(line, options.maxBytes ?? DEFAULT_MAX_COMMAND_BYTES);
  return line;
}

interface CommandName {
  /** The words joined by one space. */
  readonly text: string;
  readonly words: number;
}

/**
 * Command names already checked. Every command goes through encodeCommand, and a program uses a
 * few dozen names; the cap keeps names built at run time from growing it without end.
 */
const checkedNames = new Map<string, CommandName>();
const MAX_CHECKED_NAMES = 256;

function commandName(command: string): CommandName {
  const known = checkedNames.get(command);
  if (known) return known;
  const words = command.trim().split(/[ \t]+/);
  if (command.trim() === '' || UNSENDABLE.test(command) || words.some((w) => !BARE.test(w))) {
    throw new AgiError('AGI_ERR_BAD_ARGUMENT', `not an AGI command name: ${JSON.stringify(command)}`);
  }
  const name: CommandName = { text: words.join(' '), words: words.length };
  if (checkedNames.size < MAX_CHECKED_NAMES) checkedNames.set(command, name);
  return name;
}

/**
 * Refuses a line (without `\n`) that Asterisk would cut: its byte length plus the `\n` must not
 * exceed maxBytes. Also refuses CR/LF inside the line (AGI_ERR_BAD_ARGUMENT).
 */
export function assertLineFits(line: string, maxBytes = DEFAULT_MAX_COMMAND_BYTES): void {
  if (line.includes('\n') || line.includes('\r')) {
    throw new AgiError('AGI_ERR_BAD_ARGUMENT', 'a command line cannot contain CR or LF', { command: line });
  }
  assertLineLength(line, maxBytes);
}

function assertLineLength(line: string, maxBytes: number): void {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short lines need no byte count.
  if (line.length * 3 + 1 <= maxBytes) return;
  const bytes = Buffer.byteLength(line, 'utf8') + 1;
  if (bytes > maxBytes) {
    throw new AgiError(
      'AGI_ERR_COMMAND_TOO_LONG',
      `command line is ${bytes} bytes with its newline; Asterisk reads at most ${maxBytes}`,
      { command: line.slice(0, 60) },
    );
  }
}
