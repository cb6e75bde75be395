/**
 * `callgate call <agi-url>`: an interactive phone in the terminal. It connects to any FastAGI server
 * as Asterisk would (the simulated Asterisk of @callgate/agi/testing), shows what is played, lets you
 * type keys, and ends with one summary line saying where the call went; the exit code says whether
 * the route ran.
 */
import type { Readable, Writable } from 'node:stream';
import { isAgiError } from '@callgate/agi';
import { type CallerAction, parseAgiUrl, type SimulatedCall, startCall } from '@callgate/agi/testing';
import { DIAL_OUTCOME_NAMES, parseDialFlags } from './call-dial-option.ts';
import { describeCallEvent, formatTranscript, NO_ROUTE, summaryLine } from './call-phone-display.ts';
import { parseCommandArgs } from './parse-command-args.ts';

export const CALL_HELP = `Usage: callgate call <agi-url> [options]

Acts as a phone calling through Asterisk into the FastAGI server at <agi-url>
(agi://host[:port]/script?query, port 4573 by default).

Options:
  --keys <keys>        press these keys (0-9 * # A-D) as the application asks for them, then
                       hang up when the call waits for nothing else; no typing, no waiting
  --caller-id <id>     caller ID: a number or '"Name" <number>'
  --arg <value>        a dialplan argument (agi_arg_N); repeat for more
  --dial <outcome>     how the far end of a Dial() answers: ${DIAL_OUTCOME_NAMES.join(', ')}
                       (default noanswer); <dial string>=<outcome> for one destination, e.g.
                       --dial PJSIP/2001=answer; repeat for more
  --prompt <name>      a prompt that exists beside Asterisk's core sounds (a recording of your
                       own, e.g. custom/welcome); repeat for more. Any other prompt that is not a
                       core sound plays nothing, as on a stock Asterisk
  --any-prompt         every prompt name plays (1 s), core sound or not
  --transcript         print every line exchanged, with times, at the end
  --realtime           with --keys: run at the speed of a real call
  -h, --help           show this help

Without --keys the call runs in real time: type keys as you hear prompts; h or Ctrl-C hangs up.
Keys piped on stdin are typed in the same way, and the end of the input ends the call: once it
waits for nothing but you, you hang up.

The call ends with one line: summary: route=... <the CALLGATE_* variables set> went=<where the
call went> ended=... AGISTATUS=...
Exit codes: 0 the route ran (AGISTATUS SUCCESS, or HANGUP: someone hung up, as calls end),
1 no connection, 2 bad usage, 3 no such route (NOROUTE), 4 the AGI failed (AGISTATUS FAILURE,
or the application failed: CALLGATE_STATUS=ERROR).
`;

export interface CallCommandIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: Writable;
  stderr: Writable;
}

const defaultIo = (): CallCommandIo => ({
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});

const OPTIONS = {
  keys: { type: 'string' },
  'caller-id': { type: 'string' },
  arg: { type: 'string', multiple: true },
  dial: { type: 'string', multiple: true },
  prompt: { type: 'string', multiple: true },
  'any-prompt': { type: 'boolean' },
  transcript: { type: 'boolean' },
  realtime: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const CALL_EXIT = { ok: 0, noConnection: 1, usage: 2, noRoute: 3, failed: 4 } as const;

export async function runCallCommand(argv: string[], io: CallCommandIo = defaultIo()): Promise<number> {
  const print = (stream: Writable, text: string): void => {
    stream.write(`${text}\n`);
  };
  const usage = (message: string): number => {
    print(io.stderr, `callgate call: ${message}`);
    return CALL_EXIT.usage;
  };
  let parsed: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>;
  try {
    parsed = parseCommandArgs(argv, OPTIONS);
  } catch (err) {
    return usage(`${err instanceof Error ? err.message : String(err)}\n\n${CALL_HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    print(io.stdout, CALL_HELP);
    return CALL_EXIT.ok;
  }
  if (positionals.length !== 1) return usage(`expected one <agi-url>\n\n${CALL_HELP}`);
  const url = positionals[0]!;
  let target: { host: string; port: number; script: string };
  try {
    target = parseAgiUrl(url);
  } catch (err) {
    return usage(err instanceof Error ? err.message : String(err));
  }
  const scripted = values.keys !== undefined;
  if (scripted && /[^0-9*#A-Da-d]/.test(values.keys!)) return usage('--keys takes only 0-9 * # A-D');
  const prompts = values.prompt ?? [];
  const badPrompt = prompts.find((p) => !/^[A-Za-z0-9_./-]+$/.test(p));
  if (badPrompt !== undefined) return usage(`--prompt "${badPrompt}" is not a sound file name`);
  let dial: ReturnType<typeof parseDialFlags>;
  try {
    dial = parseDialFlags(values.dial ?? []);
  } catch (err) {
    return usage(err instanceof Error ? err.message : String(err));
  }
  const caller: CallerAction[] = scripted ? [{ keys: values.keys! }] : [];
  let call: SimulatedCall;
  try {
    call = startCall({
      url,
      ...(values['caller-id'] ? { callerId: values['caller-id'] } : {}),
      args: values.arg ?? [],
      caller,
      clock: scripted && !values.realtime ? 'virtual' : 'realtime',
      // A scripted caller has nothing left to do once the call only waits: it hangs up.
      whenStalled: 'hangup',
      sounds: values['any-prompt'] ? { extra: prompts, anySoundMs: 1000 } : { extra: prompts },
      ...(dial ? { dial } : {}),
    });
  } catch (err) {
    if (isAgiError(err)) return usage(err.message);
    throw err;
  }
  call.on('event', (event) => {
    const text = describeCallEvent(event);
    if (text !== undefined) print(io.stdout, text);
  });
  const stopKeys = scripted ? () => {} : readKeys(io, call, print);
  const recording = await call.done;
  stopKeys();
  if (recording.endReason === 'connect-failed') {
    print(
      io.stderr,
      `callgate call: cannot connect to ${target.host}:${target.port}: ${recording.error ?? 'failed'}`,
    );
    return CALL_EXIT.noConnection;
  }
  if (values.transcript) for (const line of formatTranscript(recording)) print(io.stdout, line);
  const route = target.script.replace(/\?.*$/, '');
  print(io.stdout, summaryLine(route, recording));
  const status = recording.variables.CALLGATE_STATUS;
  if (status === NO_ROUTE) {
    print(io.stderr, `callgate call: the server has no route "${route}" (NOROUTE)`);
    return CALL_EXIT.noRoute;
  }
  if (recording.agiStatus === 'FAILURE' || recording.agiStatus === 'NOTFOUND' || status === 'ERROR') {
    print(io.stderr, `callgate call: the AGI failed (AGISTATUS=${recording.agiStatus})`);
    return CALL_EXIT.failed;
  }
  return CALL_EXIT.ok;
}

/**
 * Keys from the terminal: raw mode on a TTY (each key at once), lines otherwise; h / Ctrl-C hang
 * up. When piped input ends, the caller has nothing more to press: the call ends once it waits for
 * the caller alone.
 */
function readKeys(
  io: CallCommandIo,
  call: SimulatedCall,
  print: (s: Writable, t: string) => void,
): () => void {
  const { stdin } = io;
  const raw = Boolean(stdin.isTTY && stdin.setRawMode);
  if (raw) stdin.setRawMode!(true);
  else print(io.stdout, 'type keys then Enter; h hangs up');
  const onData = (chunk: Buffer | string): void => {
    for (const char of chunk.toString()) {
      if (char === '\u0003' || char === 'h' || char === 'H') {
        call.hangup();
        return;
      }
      if (/[0-9*#A-Da-d]/.test(char)) call.type(char, 0);
    }
  };
  const onEnd = (): void => call.endInput();
  stdin.on('data', onData);
  stdin.once('end', onEnd);
  stdin.resume();
  return () => {
    stdin.off('data', onData);
    stdin.off('end', onEnd);
    if (raw) stdin.setRawMode!(false);
    stdin.pause();
  };
}
