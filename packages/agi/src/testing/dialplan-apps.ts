import type { CallRuntime } from './call-runtime.ts';
import type { DialplanApp } from './dialplan-config.ts';
import { resolvePriority } from './dialplan-config.ts';

/** Splits app options on commas, as the dialplan does (AST_STANDARD_APP_ARGS, no quoting). */
export function splitAppArgs(args: string): string[] {
  return args === '' ? [] : args.split(',');
}

/** Plays `a&b&c` in turn; stops at a hangup. */
async function playList(
  rt: CallRuntime,
  files: string,
  escapeDigits = '',
): Promise<{ ok: boolean; hungUp: boolean; key?: string }> {
  let ok = true;
  for (const file of files.split('&').filter((f) => f !== '')) {
    const result = await rt.play(file, escapeDigits);
    if (!result.found) ok = false;
    if (result.hungUp) return { ok, hungUp: true };
    if (result.key !== undefined) return { ok, hungUp: false, key: result.key };
  }
  return { ok, hungUp: false };
}

const playback: DialplanApp = async (rt, args) => {
  const [files = ''] = splitAppArgs(args);
  // A hung-up channel plays nothing and Playback still returns 0 (exec.txt).
  if (rt.channel.hungUp) return 0;
  const result = await playList(rt, files);
  rt.setVariable('PLAYBACKSTATUS', result.ok ? 'SUCCESS' : 'FAILED');
  return result.hungUp ? -1 : 0;
};

const wait: DialplanApp = async (rt, args) => {
  const seconds = Number.parseFloat(splitAppArgs(args)[0] ?? '0') || 0;
  return (await rt.hold(seconds * 1000)) === 'hangup' ? -1 : 0;
};

const set: DialplanApp = (rt, args) => {
  const eq = args.indexOf('=');
  if (eq > 0) rt.setVariable(args.slice(0, eq), args.slice(eq + 1));
  return 0;
};

const noop: DialplanApp = () => 0;

const hangup: DialplanApp = (rt) => {
  rt.hangUp('application');
  return -1;
};

const answer: DialplanApp = (rt) => {
  rt.channel.answered = true;
  return 0;
};

/** Goto([[context,]extension,]priority): the dialplan continues there after the AGI. */
const goto: DialplanApp = (rt, args) => {
  const parts = splitAppArgs(args);
  const loc = rt.channel.location;
  const context = parts.length === 3 ? parts[0]! : loc.context;
  const extension = parts.length >= 2 ? parts[parts.length - 2]! : loc.extension;
  const priority = resolvePriority(rt.dialplan, context, extension, parts[parts.length - 1] ?? '1');
  if (priority === undefined) return -1;
  Object.assign(loc, { context, extension, priority: priority - 1 });
  return 0;
};

/** Gosub(context,extension,priority(args)) via EXEC only pushes and jumps (execgosub.txt). */
const gosub: DialplanApp = (rt, args) => {
  const target = args.replace(/\(.*\)$/s, '');
  return goto(rt, target);
};

/** ConfBridge(room,...): holds until the caller hangs up or is kicked; always returns 0. */
const confBridge: DialplanApp = async (rt) => {
  const ended = await rt.hold(Number.POSITIVE_INFINITY, true);
  rt.setVariable('CONFBRIDGE_RESULT', ended === 'kick' ? 'KICKED' : 'HANGUP');
  return 0;
};

/** Dial(destination,timeout,options): the outcome comes from the call's dial script. */
const dial: DialplanApp = async (rt, args) => {
  const parts = splitAppArgs(args);
  const destination = parts[0] ?? '';
  const outcome = rt.dialplan.dial(destination, parts);
  const timeoutMs = (Number.parseFloat(parts[1] ?? '') || 0) * 1000;
  const ringMs = outcome.ringMs ?? (outcome.status === 'NOANSWER' && timeoutMs > 0 ? timeoutMs : 0);
  if ((await rt.hold(ringMs)) === 'hangup') {
    rt.setVariable('DIALSTATUS', 'CANCEL');
    return -1;
  }
  rt.setVariable('DIALSTATUS', outcome.status);
  if (outcome.status !== 'ANSWER') return 0;
  rt.setVariable('ANSWEREDTIME', '0');
  const talk = await rt.hold(outcome.talkMs ?? Number.POSITIVE_INFINITY);
  return talk === 'hangup' ? -1 : 0;
};

/** VoiceMail(mailbox,options): greeting, then records until # or hangup. */
const voiceMail: DialplanApp = async (rt) => {
  const greeting = await playList(rt, 'vm-intro', '#');
  if (greeting.hungUp) {
    rt.setVariable('VMSTATUS', 'FAILED');
    return -1;
  }
  const recorded = await rt.waitForDigit(5 * 60_000, (d) => d === '#');
  rt.setVariable('VMSTATUS', 'SUCCESS');
  return recorded.hungUp ? -1 : 0;
};

/** VoiceMailMain(mailbox): the mailbox menu, held until the caller hangs up. */
const voiceMailMain: DialplanApp = async (rt) => {
  const login = await playList(rt, 'vm-login');
  if (login.hungUp) return -1;
  return (await rt.hold(Number.POSITIVE_INFINITY)) === 'hangup' ? -1 : 0;
};

/** MusicOnHold(class,duration): until the duration (seconds) or the hangup. */
const musicOnHold: DialplanApp = async (rt, args) => {
  const seconds = Number.parseFloat(splitAppArgs(args)[1] ?? '') || 0;
  const ended = await rt.hold(seconds > 0 ? seconds * 1000 : Number.POSITIVE_INFINITY);
  return ended === 'hangup' ? -1 : 0;
};

/** Read(variable,filename&...,maxdigits,options,attempts,timeout) */
const read: DialplanApp = async (rt, args) => {
  const [variable = '', files = '', max = '', , , timeout = ''] = splitAppArgs(args);
  const maxDigits = Number.parseInt(max, 10) || 255;
  const timeoutMs = (Number.parseFloat(timeout) || 0) > 0 ? Number.parseFloat(timeout) * 1000 : 5000;
  let digits = '';
  let status = 'TIMEOUT';
  const prompt = await playList(rt, files, '0123456789*#ABCD');
  let key = prompt.key;
  if (prompt.hungUp) status = 'HANGUP';
  while (status !== 'HANGUP') {
    if (key === undefined) {
      const next = await rt.waitForDigit(timeoutMs);
      if (next.hungUp) {
        status = 'HANGUP';
        break;
      }
      key = next.key;
    }
    if (key === undefined) {
      status = digits === '' ? 'TIMEOUT' : 'OK';
      break;
    }
    if (key === '#') {
      status = 'OK';
      break;
    }
    digits += key;
    key = undefined;
    if (digits.length >= maxDigits) {
      status = 'OK';
      break;
    }
  }
  rt.setVariable(variable, digits);
  rt.setVariable('READSTATUS', status);
  return status === 'HANGUP' ? -1 : 0;
};

/** SendDTMF(digits): about 400 ms per digit on the wire. */
const sendDtmf: DialplanApp = async (rt, args) => {
  const digits = splitAppArgs(args)[0] ?? '';
  return (await rt.hold(digits.length * 400)) === 'hangup' ? -1 : 0;
};

/** The apps EXEC finds without registration. */
export function builtinDialplanApps(): Map<string, DialplanApp> {
  return new Map<string, DialplanApp>([
    ['answer', answer],
    ['confbridge', confBridge],
    ['dial', dial],
    ['gosub', gosub],
    ['goto', goto],
    ['hangup', hangup],
    ['musiconhold', musicOnHold],
    ['noop', noop],
    ['playback', playback],
    ['read', read],
    ['senddtmf', sendDtmf],
    ['set', set],
    ['verbose', noop],
    ['voicemail', voiceMail],
    ['voicemailmain', voiceMailMain],
    ['wait', wait],
  ]);
}
