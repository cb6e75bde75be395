import { AgiError } from '../errors.ts';

/** The final reply to one command. */
export interface AgiReply {
  /** 200, 510, 511, 520 (100 lines are consumed by the session). */
  readonly code: number;
  /** Text after `result=` ('' for `result= (timeout)`); undefined when there is no `result=`. */
  readonly result: string | undefined;
  /** Text inside the parentheses (may itself contain spaces, parentheses and UTF-8). */
  readonly data: string | undefined;
  /** `endpos=...` and the like; a quoted value (`text0="a b"`) is given without its quotes. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The final line, without its `\n`. */
  readonly raw: string;
  /** 520: usage lines joined with '\n'. */
  readonly usage?: string;
}

/** What one line from Asterisk is, once the environment is over. */
export type AgiLineKind =
  /** The unsolicited `HANGUP` line. */
  | 'hangup'
  /** `100 result=0 Trying...`: provisional, the final reply follows. */
  | 'provisional'
  /** `520-...`: the first line of a multi-line usage block that ends with a `520 ` line. */
  | 'usage-start'
  /** A complete reply line: `200 ...`, `510 ...`, `511 ...`, `520 ...`. */
  | 'final'
  /** Anything else. */
  | 'garbage';

const CODE_LINE = /^([0-9]{3})([ -])/;

/** The attributes of a reply that has none: shared, as most replies have none (and it is readonly). */
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

export function classifyLine(line: string): AgiLineKind {
  // Nearly every line is a `200 ` reply: no regex for it.
  if (line.startsWith('200 ')) return 'final';
  if (line === 'HANGUP') return 'hangup';
  const m = CODE_LINE.exec(line);
  if (!m) return 'garbage';
  if (m[2] === '-') return m[1] === '520' ? 'usage-start' : 'garbage';
  return m[1] === '100' ? 'provisional' : 'final';
}

/**
 * A reply line from a non-Asterisk peer may end in `\r`; Asterisk never sends one. Replies tolerate
 * (drop) one trailing `\r`; environment lines do not.
 */
export function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

const ATTRIBUTE = /[ \t]+([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|[^ \t"]*)/y;

/** Parses ` key=value key2="quoted value"` (leading blank required per pair); undefined if not that. */
function parseAttributes(text: string): Record<string, string> | undefined {
  const attributes: Record<string, string> = {};
  ATTRIBUTE.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^[ \t]*$/.test(text.slice(at))) return attributes;
    ATTRIBUTE.lastIndex = at;
    const m = ATTRIBUTE.exec(text);
    if (!m) return undefined;
    const value = m[2] ?? '';
    attributes[m[1] ?? ''] = value.startsWith('"') ? value.slice(1, -1) : value;
    at = ATTRIBUTE.lastIndex;
  }
  return attributes;
}

/**
 * Parses one final reply line (`200 result=1 (hello world)`, `200 result=35 (dtmf) endpos=6400`,
 * `510 Invalid or unknown command`, `520 Invalid command syntax.  Proper usage not available.`).
 * The data is the text between the first `(` after the result and the last `)` that is followed
 * only by key=value pairs, so `(x) (y)` reads as `x) (y`. Free text that is neither data nor
 * key=value pairs (`Gosub complete`) is kept only in `raw`.
 * Throws AGI_ERR_PROTOCOL for a line that is not a reply.
 */
export function parseReplyLine(line: string, usage?: string): AgiReply {
  return (
    (usage === undefined && line.startsWith('200 result=') && commonReply(line)) || generalReply(line, usage)
  );
}

/**
 * The replies nearly every command gets, read without the general parser's regular expressions and
 * slices: `200 result=N`, optionally ` (data)`, optionally ` endpos=N` (playback and recording), and
 * nothing else. The general parser reads these the same way (checked by a property test); anything
 * else is left to it (undefined).
 */
export function commonReply(line: string): AgiReply | undefined {
  let end = 11;
  for (; end < line.length; end++) {
    const c = line.charCodeAt(end);
    if (c === 0x20 || c === 0x09) break;
  }
  const result = line.slice(11, end);
  if (end === line.length)
    return { code: 200, result, data: undefined, attributes: NO_ATTRIBUTES, raw: line };
  if (line.charCodeAt(end) !== 0x20) return undefined;
  // An endpos value holds no blank, quote or parenthesis, so the `)` before it closes the data.
  // (indexOf, not lastIndexOf, which V8 runs outside compiled code: an earlier match inside the
  // data fails the value check and leaves the line to the general parser.)
  const endpos = line.indexOf(ENDPOS, end);
  const attributes =
    endpos >= end && !/[ \t")]/.test(line.slice(endpos + ENDPOS.length))
      ? { endpos: line.slice(endpos + ENDPOS.length) }
      : NO_ATTRIBUTES;
  const dataEnd = attributes === NO_ATTRIBUTES ? line.length : endpos;
  if (dataEnd === end) return { code: 200, result, data: undefined, attributes, raw: line };
  if (line.charCodeAt(end + 1) !== 0x28 || line.charCodeAt(dataEnd - 1) !== 0x29) return undefined;
  return { code: 200, result, data: line.slice(end + 2, dataEnd - 1), attributes, raw: line };
}

const ENDPOS = ' endpos=';

function generalReply(line: string, usage: string | undefined): AgiReply {
  const m = CODE_LINE.exec(line);
  if (m?.[2] !== ' ') {
    throw new AgiError('AGI_ERR_PROTOCOL', `not an AGI reply: ${JSON.stringify(line.slice(0, 80))}`);
  }
  const code = Number(m[1]);
  const rest = line.slice(4);
  let result: string | undefined;
  let data: string | undefined;
  let attributes: Readonly<Record<string, string>> = NO_ATTRIBUTES;
  if (rest.startsWith('result=')) {
    const afterKey = rest.slice(7);
    const space = afterKey.search(/[ \t]/);
    result = space === -1 ? afterKey : afterKey.slice(0, space);
    const tail = space === -1 ? '' : afterKey.slice(space);
    const open = tail.search(/\S/);
    if (open !== -1 && tail[open] === '(') {
      const parsed = splitData(tail.slice(open + 1));
      if (parsed) {
        data = parsed.data;
        attributes = parsed.attributes;
      }
    } else {
      attributes = parseAttributes(tail) ?? NO_ATTRIBUTES;
    }
  }
  const reply: AgiReply = { code, result, data, attributes, raw: line };
  return usage === undefined ? reply : { ...reply, usage };
}

/** `x) (y) endpos=5` → data `x) (y`, attributes { endpos: '5' }: try closing parens from the right. */
function splitData(text: string): { data: string; attributes: Record<string, string> } | undefined {
  for (let close = text.lastIndexOf(')'); close !== -1; close = text.lastIndexOf(')', close - 1)) {
    const attributes = parseAttributes(text.slice(close + 1));
    if (attributes) return { data: text.slice(0, close), attributes };
    if (close === 0) break;
  }
  return undefined;
}

/** Builds the reply of a multi-line 520 block from its body lines and its closing `520 ` line. */
export function usageReply(body: readonly string[], finalLine: string): AgiReply {
  return parseReplyLine(finalLine, body.join('\n'));
}
