/**
 * The per-call options of the dial-in app, as VICIdial's agi-AGENT_dial_in.agi takes them: one AGI
 * argument `A---B`, or the same as named query parameters (`?login=pin&callMenu=Y`).
 *
 * - A, login mode: `N` (PIN required, the default), `Y` (user ID only), `CONTACTS` (the ID is a
 *   contact's office_num, no PIN).
 * - B, call-menu mode: `Y` finishes by jumping to extension `A` (valid) or `B` (invalid) of the
 *   current context, priority 1, instead of joining a session. Default `N`.
 *
 * Pure: an unknown value is reported as a problem and replaced by the safe default (PIN required,
 * no call menu); the app logs the problems.
 */

export type DialInLoginMode = 'pin' | 'id-only' | 'contacts';

export interface DialInOptions {
  readonly loginMode: DialInLoginMode;
  readonly callMenu: boolean;
}

export interface DialInOptionProblem {
  /** Where the value came from: `arg 1`, `query login`, ... */
  readonly source: string;
  readonly value: string;
  readonly message: string;
}

export const DEFAULT_DIAL_IN_OPTIONS: DialInOptions = { loginMode: 'pin', callMenu: false };

const LOGIN_MODES: Readonly<Record<string, DialInLoginMode>> = {
  N: 'pin',
  PIN: 'pin',
  Y: 'id-only',
  'ID-ONLY': 'id-only',
  CONTACTS: 'contacts',
};
const YES_NO: Readonly<Record<string, boolean>> = {
  Y: true,
  YES: true,
  TRUE: true,
  N: false,
  NO: false,
  FALSE: false,
};

/** The query parameter names, matched without regard to case. */
const QUERY_OPTIONS = 'options';
const QUERY_LOGIN = 'login';
const QUERY_CALL_MENU = 'callmenu';

export function parseDialInOptions(
  args: readonly string[],
  query: Readonly<Record<string, string>>,
): { options: DialInOptions; problems: DialInOptionProblem[] } {
  const problems: DialInOptionProblem[] = [];
  let loginMode = DEFAULT_DIAL_IN_OPTIONS.loginMode;
  let callMenu = DEFAULT_DIAL_IN_OPTIONS.callMenu;
  const named = lowerCaseKeys(query);

  // Later sources win: the argument, then `?options=A---B`, then the single named parameters.
  const combined: Array<[string, string]> = [];
  if (args[0] !== undefined && args[0].trim() !== '') combined.push(['arg 1', args[0]]);
  if (named[QUERY_OPTIONS] !== undefined) combined.push([`query ${QUERY_OPTIONS}`, named[QUERY_OPTIONS]]);
  for (const [source, value] of combined) {
    const [a = '', b = '', ...rest] = value.split('---');
    if (rest.length > 0) problems.push({ source, value, message: 'expected A---B (two settings)' });
    loginMode = readLoginMode(a, source, problems) ?? loginMode;
    callMenu = readYesNo(b, source, problems) ?? callMenu;
  }
  if (named[QUERY_LOGIN] !== undefined) {
    loginMode = readLoginMode(named[QUERY_LOGIN], `query ${QUERY_LOGIN}`, problems) ?? loginMode;
  }
  if (named[QUERY_CALL_MENU] !== undefined) {
    callMenu = readYesNo(named[QUERY_CALL_MENU], `query callMenu`, problems) ?? callMenu;
  }
  // A value that was refused anywhere falls back to the safe default, never to an earlier source.
  if (problems.some((p) => p.message.startsWith('login'))) loginMode = DEFAULT_DIAL_IN_OPTIONS.loginMode;
  if (problems.some((p) => p.message.startsWith('call menu'))) callMenu = DEFAULT_DIAL_IN_OPTIONS.callMenu;
  return { options: { loginMode, callMenu }, problems };
}

/** '' means "not given" (VICIdial passes `---Y` to set only B). */
function readLoginMode(raw: string, source: string, problems: DialInOptionProblem[]) {
  const value = raw.trim();
  if (value === '') return undefined;
  const mode = LOGIN_MODES[value.toUpperCase()];
  if (mode === undefined) {
    problems.push({ source, value, message: 'login mode must be N (PIN), Y (ID only) or CONTACTS; using N' });
  }
  return mode;
}

function readYesNo(raw: string, source: string, problems: DialInOptionProblem[]) {
  const value = raw.trim();
  if (value === '') return undefined;
  const flag = YES_NO[value.toUpperCase()];
  if (flag === undefined) problems.push({ source, value, message: 'call menu must be Y or N; using N' });
  return flag;
}

function lowerCaseKeys(query: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) out[key.toLowerCase()] = value;
  return out;
}
