/**
 * `callgate call <agi-url>`: an interactive phone in the terminal. It connects to any FastAGI server
 * as Asterisk would (the simulated Asterisk of @callgate/agi/testing), shows what is played, lets you
 * type keys, and shows where the call ends up.
 */
import type { Readable, Writable } from 'node:stream';
import { isAgiError } from '@callgate/agi';
import { type CallerAction, parseAgiUrl, type SimulatedCall, startCall } from '@callgate/agi/testing';
import { describeCallEvent, describeOutcome, formatTranscript } from './call-phone-display.ts';
import { parseCommandArgs } from './parse-command-args.ts';

export const CALL_HELP = `Usage: callgate call <agi-url> [options]

Acts as a phone calling through Asterisk into the FastAGI server at <agi-url>
(agi://host[:port]/script?query, port 4573 by default).

Options:
  --keys <keys>        press these keys (0-9 * #) as the application asks for them, then
                       hang up when the call waits for nothing else; no typing, no waiting
  --caller-id <id>     caller ID: a number or '"Name" <number>'
  --arg <value>        a dialplan argument (agi_arg_N); repeat for more
  --transcript         print every line exchanged, with times, at the end
  --realtime           with --keys: run at the speed of a real call
  -h, --help           show this help

Without --keys the call runs in real time: type keys as you hear prompts; h or Ctrl-C hangs up.
Exit codes: 0 the call ran, 1 no connection, 2 bad usage.
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
  transcript: { type: 'boolean' },
  realtime: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runCallCommand(argv: string[], io: CallCommandIo = defaultIo()): Promise<number> {
  const print = (stream: Writable, text: string): void => {
    stream.write(`${text}\n`);
  };
  let parsed: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>;
  try {
    parsed = parseCommandArgs(argv, OPTIONS);
  } catch (err) {
    print(io.stderr, `callgate call: ${err instanceof Error ? err.message : String(err)}\n\n${CALL_HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    print(io.stdout, CALL_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    print(io.stderr, `callgate call: expected one <agi-url>\n\n${CALL_HELP}`);
    return 2;
  }
  const url = positionals[0]!;
  let target: { host: string; port: number };
  try {
    target = parseAgiUrl(url);
  } catch (err) {
    print(io.stderr, `callgate call: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  const scripted = values.keys !== undefined;
  if (scripted && /[^0-9*#A-Da-d]/.test(values.keys!)) {
    print(io.stderr, 'callgate call: --keys takes only 0-9 * # A-D');
    return 2;
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
    });
  } catch (err) {
    if (isAgiError(err)) print(io.stderr, `callgate call: ${err.message}`);
    return 2;
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
    return 1;
  }
  for (const line of describeOutcome(recording)) print(io.stdout, line);
  if (values.transcript) for (const line of formatTranscript(recording)) print(io.stdout, line);
  return 0;
}

/** Keys from the terminal: raw mode on a TTY (each key at once), lines otherwise. h / Ctrl-C hang up. */
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
  stdin.on('data', onData);
  stdin.resume();
  return () => {
    stdin.off('data', onData);
    if (raw) stdin.setRawMode!(false);
    stdin.pause();
  };
}
