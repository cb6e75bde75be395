/**
 * Asterisk's MAX_ARGS is 128 and parse_args stops adding words at MAX_ARGS - 1, so a command line
 * carries at most 127 words (the command's own words included).
 */
export const MAX_COMMAND_WORDS = 127;

/**
 * Splits a command line into words exactly as res_agi.c's `parse_args` does, so that tests and the
 * simulated Asterisk read our lines as a real Asterisk would:
 * - spaces and tabs separate words unless quoted or escaped;
 * - `"` toggles quoting and is dropped; opening a quote after whitespace starts a word, even an
 *   empty one (`""`);
 * - `\` makes the next character literal (`\"`, `\\`, `\ `); there are no C escapes (`\n` is `n`);
 * - words beyond the 127th are dropped (Asterisk logs "Too many arguments, truncating"), except
 *   that, like Asterisk, a quote opening a word is not counted against the limit.
 * The input is the line without its `\n`; a `\r` is an ordinary character, as it is to Asterisk.
 */
export function parseArgs(line: string): string[] {
  const words: string[] = [];
  let current: string[] | undefined;
  let quoted = false;
  let escaped = false;
  let whitespace = true;
  const finish = (): void => {
    if (current) words.push(current.join(''));
    current = undefined;
  };
  for (const ch of line) {
    if (ch === '"' && !escaped) {
      quoted = !quoted;
      if (quoted && whitespace) {
        finish();
        current = [];
        whitespace = false;
      }
      continue;
    }
    if ((ch === ' ' || ch === '\t') && !quoted && !escaped) {
      whitespace = true;
      continue;
    }
    if (ch === '\\' && !escaped) {
      escaped = true;
      continue;
    }
    // "normal" in parse_args: a literal character, possibly starting a word. Past the limit the
    // character is dropped and, as in C, `escaped` is left as it was.
    if (whitespace) {
      if (words.length + (current ? 1 : 0) >= MAX_COMMAND_WORDS) continue;
      finish();
      current = [];
      whitespace = false;
    }
    current?.push(ch);
    escaped = false;
  }
  finish();
  return words;
}
