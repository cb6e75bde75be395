import { type AgiCommandHandler, reply, usage } from './agi-command-outcome.ts';
import type { AppRun } from './call-recording.ts';
import type { CallRuntime } from './call-runtime.ts';
import { resolvePriority } from './dialplan-config.ts';
import { substituteVariables } from './dialplan-expression.ts';

const isTrue = (value: string | undefined): boolean => /^(yes|true|y|t|1|on)$/i.test(value ?? '');

/** Whether `name` is this channel (or one linked to it, like the other half of a Local channel). */
function channelNamed(rt: CallRuntime, name: string): 'self' | 'linked' | undefined {
  if (name === rt.channel.identity.name) return 'self';
  if (rt.dialplan.linkedChannels.includes(name)) return 'linked';
  return undefined;
}

export const answer: AgiCommandHandler = async (rt, argv) => {
  if (argv.length !== 1) return usage();
  if (!rt.channel.answered) {
    // Asterisk waits up to 500 ms for media after answering a channel with no audio.
    const ended = await rt.hold(rt.dialplan.answerDelayMs);
    if (ended === 'hangup') return reply('200 result=-1', true);
    rt.channel.answered = true;
  }
  return reply('200 result=0');
};

/** CHANNEL STATUS [name]: this channel, its linked half, another live channel, or -1 (no such channel). */
export const channelStatus: AgiCommandHandler = (rt, argv) => {
  if (argv.length > 3) return usage();
  const name = argv[2];
  if (name === undefined || channelNamed(rt, name) !== undefined) {
    return reply(`200 result=${rt.channel.stateCode}`);
  }
  const other = rt.dialplan.otherChannels.statusOf(name);
  return reply(`200 result=${other ?? -1}`);
};

/** HANGUP [name]: this channel (or its linked half, which takes this one along), or another channel. */
export const hangup: AgiCommandHandler = (rt, argv) => {
  if (argv.length > 2) return usage();
  const name = argv[1];
  if (name === undefined || channelNamed(rt, name) !== undefined) {
    rt.hangUp('application');
    return reply('200 result=1');
  }
  return reply(rt.dialplan.otherChannels.hangUp(name, rt.now()) ? '200 result=1' : '200 result=-1');
};

export const noop: AgiCommandHandler = () => reply('200 result=0');

export const verbose: AgiCommandHandler = (_rt, argv) => (argv.length < 2 ? usage() : reply('200 result=1'));

export const setVariable: AgiCommandHandler = (rt, argv) => {
  if (argv.length !== 4) return usage();
  rt.setVariable(argv[2]!, argv[3]!);
  return reply('200 result=1');
};

export const getVariable: AgiCommandHandler = (rt, argv) => {
  if (argv.length !== 3) return usage();
  const value = rt.getVariable(argv[2]!);
  if (value === undefined) return reply('200 result=0');
  // handle_getvariable reads into a 1024-byte buffer: longer values come back cut (protocol.txt).
  const cut = Buffer.from(value, 'utf8').subarray(0, 1023).toString('utf8');
  return reply(`200 result=1 (${cut})`);
};

export const getFullVariable: AgiCommandHandler = (rt, argv) => {
  if (argv.length < 4 || argv.length > 5) return usage();
  if (argv.length === 5 && channelNamed(rt, argv[4]!) !== 'self') return reply('200 result=0');
  return reply(`200 result=1 (${substituteVariables(argv[3]!, rt.channel)})`);
};

export const setCallerId: AgiCommandHandler = (rt, argv) => {
  if (argv.length !== 3) return usage();
  rt.channel.setCallerId(argv[2]!);
  return reply('200 result=1');
};

export const setContext: AgiCommandHandler = (rt, argv) => {
  if (argv.length !== 3) return usage();
  rt.channel.location.context = argv[2]!;
  return reply('200 result=0');
};

export const setExtension: AgiCommandHandler = (rt, argv) => {
  if (argv.length !== 3) return usage();
  rt.channel.location.extension = argv[2]!;
  return reply('200 result=0');
};

/** The dialplan adds one before going on, so priority N is stored as N-1 (reads back as such). */
export const setPriority: AgiCommandHandler = (rt, argv) => {
  if (argv.length !== 3) return usage();
  const { context, extension } = rt.channel.location;
  const priority = resolvePriority(rt.dialplan, context, extension, argv[2]!);
  if (priority === undefined || priority < 1) return usage();
  rt.channel.location.priority = priority - 1;
  return reply('200 result=0');
};

export const databaseGet: AgiCommandHandler = (rt, argv) => {
  if (argv.length !== 4) return usage();
  const value = rt.database.get(argv[2]!, argv[3]!);
  return reply(value === undefined ? '200 result=0' : `200 result=1 (${value})`);
};

export const databasePut: AgiCommandHandler = (rt, argv) => {
  if (argv.length !== 5) return usage();
  rt.database.put(argv[2]!, argv[3]!, argv[4]!);
  return reply('200 result=1');
};

/** Deleting a missing key still answers 1 (the SQL DELETE succeeded). */
export const databaseDel: AgiCommandHandler = (rt, argv) => {
  if (argv.length !== 4) return usage();
  rt.database.del(argv[2]!, argv[3]!);
  return reply('200 result=1');
};

/** 0 when something was deleted, 1 when nothing existed: inverted against its own documentation. */
export const databaseDeltree: AgiCommandHandler = (rt, argv) => {
  if (argv.length < 3 || argv.length > 4) return usage();
  const deleted = rt.database.deltree(argv[2]!, argv[3]);
  return reply(deleted > 0 ? '200 result=0' : '200 result=1');
};

/** EXEC <app> <options>: only argv[2] is passed on; `${}` only when AGIEXECFULL is true. */
export const exec: AgiCommandHandler = async (rt, argv) => {
  if (argv.length < 2) return usage();
  const name = argv[1]!;
  const app = rt.dialplan.apps.get(name.toLowerCase());
  if (app === undefined) return reply('200 result=-2');
  const raw = argv[2] ?? '';
  const args = isTrue(rt.getVariable('AGIEXECFULL')) ? substituteVariables(raw, rt.channel) : raw;
  const run: AppRun = { name, args, startedAt: rt.now() };
  rt.recorded.apps.push(run);
  rt.input.reached('app', name, run.startedAt);
  rt.emit({ type: 'app', at: run.startedAt, name, args });
  await rt.yieldToListeners();
  const previous = rt.activity;
  rt.activity = name;
  const result = await app(rt, args);
  rt.activity = previous;
  run.endedAt = rt.now();
  run.result = result;
  return reply(`200 result=${result}`);
};

/** GOSUB <context> <extension> <priority> [args]: runs the subroutine now (100 Trying, then 200). */
export const gosub: AgiCommandHandler = (rt, argv) => {
  if (argv.length < 4 || argv.length > 5) return usage();
  const [, context = '', extension = '', priority = ''] = argv;
  const sub =
    rt.dialplan.subroutines[`${context},${extension},${priority}`] ??
    rt.dialplan.subroutines[`${context},${extension}`];
  if (sub === undefined) return reply('200 result=-1 Gosub label not found');
  const args = argv[4] === undefined || argv[4] === '' ? [] : argv[4].split(',');
  const retval = sub(rt, args);
  rt.setVariable('GOSUB_RETVAL', retval ?? '');
  return { lines: ['100 result=0 Trying...', '200 result=0 Gosub complete'] };
};

/** SET AUTOHANGUP <seconds>: the channel hangs up that much later (0 cancels; not modelled). */
export const setAutohangup: AgiCommandHandler = (rt, argv) => {
  if (argv.length !== 3) return usage();
  const seconds = Number.parseFloat(argv[2]!) || 0;
  if (seconds > 0) rt.input.push({ kind: 'hangup', at: rt.now() + seconds * 1000 });
  return reply('200 result=0');
};

/** RECEIVE CHAR / TEXT on a channel without text support: -1 after the timeout (a failure). */
export const receiveChar: AgiCommandHandler = async (rt, argv) => {
  if (argv.length !== 3) return usage();
  await rt.hold(Number.parseInt(argv[2]!, 10) || 0);
  return reply('200 result=-1 (hangup)', true);
};

export const receiveText: AgiCommandHandler = async (rt, argv) => {
  if (argv.length !== 3) return usage();
  await rt.hold(Number.parseInt(argv[2]!, 10) || 0);
  return reply('200 result=-1', true);
};

/** Commands a lab channel accepts and ignores (SEND TEXT, SET MUSIC, TDD MODE, SPEECH *, ...). */
export const acceptAndIgnore =
  (minArgs: number): AgiCommandHandler =>
  (_rt, argv) =>
    argv.length < minArgs ? usage() : reply('200 result=0');
