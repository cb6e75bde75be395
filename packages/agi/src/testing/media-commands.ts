import { type AgiCommandHandler, reply, usage } from './agi-command-outcome.ts';
import type { CallRuntime } from './call-runtime.ts';
import { samplesPerMs } from './sound-library.ts';

const code = (key: string | undefined): number => (key === undefined ? 0 : key.charCodeAt(0));
const samples = (ms: number): number => Math.round(ms * samplesPerMs);
const allDigits = '0123456789*#ABCD';
/** A command stopped by a new command from the application prints no result line. */
const silent = { lines: [] };

/** STREAM FILE <file> <escape digits> [sample offset] */
export const streamFile: AgiCommandHandler = async (rt, argv) => {
  if (argv.length < 4 || argv.length > 5) return usage();
  const offsetMs = argv.length === 5 ? (Number.parseInt(argv[4]!, 10) || 0) / samplesPerMs : 0;
  const result = await rt.play(argv[2]!, argv[3]!, offsetMs);
  if (result.superseded) return silent;
  if (!result.found) return reply('200 result=-1 endpos=0', true);
  const res = result.hungUp ? -1 : code(result.key);
  rt.setVariable('PLAYBACKSTATUS', res === 0 ? 'SUCCESS' : 'FAILED');
  return reply(`200 result=${res} endpos=${samples(result.positionMs)}`, res < 0);
};

/** CONTROL STREAM FILE <file> <escape digits> [skipms] [ffchar] [rewchr] [pausechr] [offsetms]: endpos in ms. */
export const controlStreamFile: AgiCommandHandler = async (rt, argv) => {
  if (argv.length < 5 || argv.length > 10) return usage();
  const file = argv[3]!;
  const stopKeys = argv[4]!;
  const offsetMs = Number.parseInt(argv[9] ?? '0', 10) || 0;
  const result = await rt.play(file, stopKeys, offsetMs);
  if (result.superseded) return silent;
  if (!result.found) {
    rt.setVariable('CPLAYBACKSTATUS', 'ERROR');
    return reply('200 result=-1', true);
  }
  const res = result.hungUp ? -1 : code(result.key);
  const endpos = result.key === undefined && !result.hungUp ? -1 : Math.round(result.positionMs);
  rt.setVariable('CPLAYBACKSTATUS', result.hungUp ? 'ERROR' : result.key ? 'USERSTOPPED' : 'SUCCESS');
  rt.setVariable('CPLAYBACKOFFSET', String(endpos));
  if (result.key) rt.setVariable('CPLAYBACKSTOPKEY', result.key);
  return reply(`200 result=${res} endpos=${endpos}`, res < 0);
};

/**
 * GET DATA <file> [timeout ms] [max digits], as ast_app_getdata: the prompt is stopped by any key,
 * then each further key gets `timeout` (default 10 s first key, 5 s between keys); `#` ends input.
 */
export const getData: AgiCommandHandler = async (rt, argv) => {
  if (argv.length < 3 || argv.length > 5) return usage();
  const timeoutArg = argv.length >= 4 ? Number.parseInt(argv[3]!, 10) || 0 : 0;
  const max = argv.length >= 5 ? Number.parseInt(argv[4]!, 10) || 0 : 1024;
  let firstTimeout = 10_000;
  let nextTimeout = 5000;
  if (timeoutArg > 0) firstTimeout = nextTimeout = timeoutArg;
  if (timeoutArg < 0) firstTimeout = nextTimeout = Number.POSITIVE_INFINITY;
  const prompt = await rt.play(argv[2]!, allDigits);
  if (prompt.superseded) return silent;
  if (!prompt.found || prompt.hungUp) return reply('200 result=-1');
  let digits = '';
  let key = prompt.key;
  let timeout = firstTimeout;
  while (true) {
    if (key === undefined) {
      const next = await rt.waitForDigit(Number.isFinite(timeout) ? timeout : -1);
      if (next.superseded) return silent;
      if (next.hungUp) return reply('200 result=-1');
      if (next.key === undefined) return reply(`200 result=${digits} (timeout)`);
      key = next.key;
    }
    if (key === '#') return reply(`200 result=${digits}`);
    digits += key;
    key = undefined;
    if (digits.length >= max) return reply(`200 result=${digits}`);
    timeout = nextTimeout;
  }
};

/** WAIT FOR DIGIT <timeout ms, -1 forever> */
export const waitForDigit: AgiCommandHandler = async (rt, argv) => {
  if (argv.length !== 4) return usage();
  const timeout = Number.parseInt(argv[3]!, 10) || 0;
  const result = await rt.waitForDigit(timeout);
  if (result.hungUp) return reply('200 result=-1', true);
  return reply(`200 result=${code(result.key)}`);
};

/** GET OPTION <file> <escape digits> [timeout ms]: the prompt, then a wait for any key. */
export const getOption: AgiCommandHandler = async (rt, argv) => {
  if (argv.length < 4 || argv.length > 5) return usage();
  const timeout = argv.length === 5 ? Number.parseInt(argv[4]!, 10) || 0 : 5000;
  const result = await rt.play(argv[2]!, argv[3]!);
  if (result.superseded) return silent;
  if (!result.found) return reply('200 result=-1 endpos=0', true);
  const endpos = samples(result.positionMs);
  if (result.hungUp) return reply(`200 result=-1 endpos=${endpos}`, true);
  if (result.key !== undefined) return reply(`200 result=${code(result.key)} endpos=${endpos}`);
  const waited = await rt.waitForDigit(timeout < 0 ? -1 : timeout);
  if (waited.hungUp) return reply(`200 result=-1 endpos=${endpos}`, true);
  return reply(`200 result=${code(waited.key)} endpos=${endpos}`);
};

/** RECORD FILE <file> <format> <escape digits> <timeout ms> [offset samples] [BEEP] [s=silence] */
export const recordFile: AgiCommandHandler = async (rt, argv) => {
  if (argv.length < 6) return usage();
  const [, , file = '', , escapeDigits = '', timeoutText = ''] = argv;
  const timeout = Number.parseInt(timeoutText, 10) || 0;
  if (!rt.dialplan.canWrite(file)) return reply('200 result=-1 (writefile)', true);
  if (argv.slice(6).some((a) => a.toUpperCase() === 'BEEP')) {
    const beep = await rt.play('beep', '');
    if (beep.hungUp) return reply('200 result=-1 (hangup) endpos=0', true);
  }
  const startedAt = rt.now();
  const result = await rt.waitForDigit(timeout > 0 ? timeout : -1, (d) => escapeDigits.includes(d));
  // On an escape key Asterisk rewinds 200 ms to chop off the recorded tone.
  const recordedMs = Math.max(0, rt.now() - startedAt - (result.key === undefined ? 0 : 200));
  rt.sounds.add(file, recordedMs);
  const endpos = samples(recordedMs);
  if (result.hungUp) return reply(`200 result=-1 (hangup) endpos=${endpos}`, true);
  if (result.key !== undefined) return reply(`200 result=${code(result.key)} (dtmf) endpos=${endpos}`);
  return reply(`200 result=0 (timeout) endpos=${endpos}`);
};

/** Plays a list of files as one SAY command: the escape digits stop it; the reply is the key code. */
async function say(
  rt: CallRuntime,
  files: string[],
  escapeDigits: string,
): Promise<ReturnType<typeof reply>> {
  for (const file of files) {
    const result = await rt.play(file, escapeDigits);
    if (result.superseded) return silent;
    if (result.hungUp) return reply('200 result=-1', true);
    if (result.key !== undefined) return reply(`200 result=${code(result.key)}`);
  }
  return reply('200 result=0');
}

/** The files Asterisk's English say.c plays for a number. */
export function numberFiles(n: number): string[] {
  if (n < 0) return ['digits/minus', ...numberFiles(-n)];
  if (n < 20) return [`digits/${n}`];
  if (n < 100) return [`digits/${n - (n % 10)}`, ...(n % 10 ? [`digits/${n % 10}`] : [])];
  if (n < 1000) {
    const rest = n % 100;
    return [`digits/${Math.floor(n / 100)}`, 'digits/hundred', ...(rest ? numberFiles(rest) : [])];
  }
  for (const [size, word] of [
    [1_000_000_000, 'digits/billion'],
    [1_000_000, 'digits/million'],
    [1000, 'digits/thousand'],
  ] as const) {
    if (n >= size) {
      const rest = n % size;
      return [...numberFiles(Math.floor(n / size)), word, ...(rest ? numberFiles(rest) : [])];
    }
  }
  return [];
}

export const sayDigits: AgiCommandHandler = (rt, argv) => {
  if (argv.length !== 4 || !/^[0-9]*$/.test(argv[2]!)) return usage();
  return say(
    rt,
    [...argv[2]!].map((d) => `digits/${d}`),
    argv[3]!,
  );
};

export const sayNumber: AgiCommandHandler = (rt, argv) => {
  if (argv.length < 4 || argv.length > 5 || !/^-?\d+$/.test(argv[2]!)) return usage();
  return say(rt, numberFiles(Number.parseInt(argv[2]!, 10)), argv[3]!);
};

export const sayAlpha: AgiCommandHandler = (rt, argv) => {
  if (argv.length !== 4) return usage();
  const files = [...argv[2]!.toLowerCase()].map((c) =>
    /[0-9]/.test(c) ? `digits/${c}` : c === ' ' ? 'letters/space' : `letters/${c}`,
  );
  return say(rt, files, argv[3]!);
};

export const sayPhonetic: AgiCommandHandler = (rt, argv) => {
  if (argv.length !== 4) return usage();
  return say(
    rt,
    [...argv[2]!.toLowerCase()].map((c) => `phonetic/${c}_p`),
    argv[3]!,
  );
};

/** SAY DATE / TIME / DATETIME <epoch> <escape> ...: a weekday, month, day and year or hour and minute. */
export const sayTime =
  (what: 'date' | 'time' | 'datetime'): AgiCommandHandler =>
  (rt, argv) => {
    if (argv.length < 4 || !/^-?\d+$/.test(argv[2]!)) return usage();
    const date = new Date(Number.parseInt(argv[2]!, 10) * 1000);
    const dateFiles = [
      `digits/day-${date.getUTCDay()}`,
      `digits/mon-${date.getUTCMonth()}`,
      ...numberFiles(date.getUTCDate()),
      ...numberFiles(date.getUTCFullYear()),
    ];
    const timeFiles = [...numberFiles(date.getUTCHours() % 12 || 12), ...numberFiles(date.getUTCMinutes())];
    const files = what === 'date' ? dateFiles : what === 'time' ? timeFiles : timeFiles;
    return say(rt, files, argv[3]!);
  };
