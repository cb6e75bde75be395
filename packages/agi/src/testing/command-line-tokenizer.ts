/** Asterisk keeps at most this many tokens of a command line (MAX_ARGS 128, one slot for NULL). */
export const maxCommandTokens = 127;

/**
 * Splits one AGI command line into tokens exactly as Asterisk's `parse_args` (res_agi.c) does:
 * spaces and tabs separate tokens, `"` toggles quoting and is removed, `\` makes the next character
 * literal (no C escapes: `\n` is the letter n), `""` is an empty token. Tokens past the limit are
 * dropped. `\r` is an ordinary character.
 */
export function tokenizeCommandLine(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let quoted = false;
  let escaped = false;
  const startToken = (): boolean => {
    if (inToken) return true;
    if (tokens.length >= maxCommandTokens) return false;
    inToken = true;
    current = '';
    return true;
  };
  const endToken = (): void => {
    if (inToken) tokens.push(current);
    inToken = false;
    current = '';
  };
  for (const char of line) {
    if (char === '"' && !escaped) {
      quoted = !quoted;
      // An opening quote after whitespace starts a (possibly empty) token.
      if (quoted) startToken();
      continue;
    }
    if ((char === ' ' || char === '\t') && !quoted && !escaped) {
      endToken();
      continue;
    }
    if (char === '\\' && !escaped) {
      escaped = true;
      continue;
    }
    escaped = false;
    if (startToken()) current += char;
  }
  endToken();
  return tokens;
}
