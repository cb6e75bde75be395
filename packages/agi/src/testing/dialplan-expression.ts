/** Reads and writes what `${...}` can name: variables and the dialplan functions people use. */
export interface ExpressionScope {
  /** A variable or built-in (CHANNEL, CONTEXT, ...) or function call like `CALLERID(num)`. */
  read(name: string): string | undefined;
}

/**
 * Replaces every `${...}` in `text` (nested ones first, as `${LEN(${VAR})}` needs), like
 * pbx_substitute_variables. Unset names become empty. `$[...]` arithmetic is not modelled.
 */
export function substituteVariables(text: string, scope: ExpressionScope): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '$' && text[i + 1] === '{') {
      const end = matchingBrace(text, i + 1);
      if (end === -1) {
        out += text.slice(i);
        break;
      }
      const inner = substituteVariables(text.slice(i + 2, end), scope);
      out += scope.read(inner) ?? '';
      i = end + 1;
      continue;
    }
    out += text[i];
    i += 1;
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits `NAME(args)` into its parts; undefined when `name` is not a function call. */
export function parseFunctionCall(name: string): { fn: string; args: string } | undefined {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/s.exec(name);
  if (!match) return undefined;
  return { fn: match[1]!.toUpperCase(), args: match[2]! };
}

/** Parses `"Name" <number>`, `Name <number>` or a bare number, as ast_callerid_parse does. */
export function parseCallerId(text: string): { name: string; num: string } {
  const match = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<]*?))\s*<([^>]*)>\s*$/.exec(text);
  if (match) return { name: (match[1] ?? match[2] ?? '').replace(/\\(.)/g, '$1'), num: match[3]!.trim() };
  const trimmed = text.trim();
  return /^[0-9+*#]*$/.test(trimmed) ? { name: '', num: trimmed } : { name: trimmed, num: '' };
}
