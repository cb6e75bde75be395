import {
  type AgiEnvironment,
  environmentFrom,
  FASTAGI_KEYS,
  fastAgiFields,
  MAX_EXTRA_KEYS,
  parseEnvironment,
} from './environment.ts';

/**
 * FastAGI's usual block, checked and cut into its 22 values by one regular expression: one pass
 * over the block instead of a key check and a split per line (the largest share of a short
 * session's work). Sticky, so a match starts at the first line.
 */
const USUAL_BLOCK = new RegExp(FASTAGI_KEYS.map((key) => `${key}: ([^\\n]*)\\n`).join(''), 'y');
/** The agi_arg_N lines that follow it, numbered from 1 in order as Asterisk sends them. */
const ARG_LINE = /agi_arg_([1-9][0-9]*): ([^\n]*)\n/y;
const ARG_KEYS: readonly string[] = Array.from({ length: MAX_EXTRA_KEYS }, (_, i) => `agi_arg_${i + 1}`);

/**
 * Parses a whole environment block: its lines, each ending in `\n`, without the closing blank
 * line. Gives exactly what parseEnvironment gives for the same lines, and throws the same errors:
 * any block that is not FastAGI's usual layout is parsed by parseEnvironment itself.
 */
export function parseEnvironmentBlock(text: string): AgiEnvironment {
  return usualEnvironment(text) ?? parseEnvironment(text === '' ? [] : text.slice(0, -1).split('\n'));
}

/** The environment of FastAGI's usual block (up to 8 args in order), undefined for any other. */
export function usualEnvironment(text: string): AgiEnvironment | undefined {
  USUAL_BLOCK.lastIndex = 0;
  const values = USUAL_BLOCK.exec(text);
  if (!values) return undefined;
  const fields = fastAgiFields(values, 1);
  const args: string[] = [];
  for (let at = USUAL_BLOCK.lastIndex; at < text.length; at = ARG_LINE.lastIndex) {
    ARG_LINE.lastIndex = at;
    const arg = ARG_LINE.exec(text);
    const key = ARG_KEYS[args.length];
    if (!arg || key === undefined || Number(arg[1]) !== args.length + 1) return undefined;
    const value = arg[2] ?? '';
    args.push(value);
    fields[key] = value;
  }
  return environmentFrom(fields, args);
}
