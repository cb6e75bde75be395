import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import {
  type CallerAction,
  type CallRecording,
  type StartCallOptions,
  startCall,
} from '@callgate/agi/testing';
import type { TranscriptEntry } from './lab-transcript.ts';

/** A difference between what the lab Asterisk wrote and what the simulator wrote. */
export interface ReplayMismatch {
  index: number;
  expected: string;
  actual: string | undefined;
}

export interface ReplayResult {
  mismatches: ReplayMismatch[];
  recording: CallRecording;
}

type AmiEntry = Extract<TranscriptEntry, { kind: 'ami' }>;

/** Lines whose value depends on DTMF timing the lab could not pin down to the sample. */
const timingDependent = /\(dtmf\) endpos=\d+$/;
const normalise = (line: string): string =>
  timingDependent.test(line) ? line.replace(/endpos=\d+$/, 'endpos=N') : line;

/** The environment block at the head of a transcript, as name → value. */
export function transcriptEnvironment(entries: readonly TranscriptEntry[]): {
  env: Map<string, string>;
  length: number;
} {
  const env = new Map<string, string>();
  let length = 0;
  for (const entry of entries) {
    if (entry.kind === 'note') {
      length += 1;
      continue;
    }
    if (entry.kind !== 'from-asterisk') break;
    length += 1;
    const line = entry.bytes.toString('utf8').replace(/\n$/, '');
    if (line === '') break;
    const at = line.indexOf(': ');
    env.set(line.slice(0, at), line.slice(at + 2));
  }
  return { env, length };
}

/**
 * Splits AMI actions into those that happened while a command ran (they become the scripted caller,
 * timed from that command's start) and those that happened while the channel was idle (replayed live).
 */
export function scheduleAmiActions(entries: readonly TranscriptEntry[]): {
  scripted: CallerAction[];
  live: Set<AmiEntry>;
} {
  const commands: Array<{ at: number; replyAt: number; nth: number }> = [];
  let lines = 0;
  entries.forEach((entry, i) => {
    if (entry.kind !== 'to-asterisk') return;
    lines += entry.bytes.filter((b) => b === 0x0a).length;
    const reply = entries.slice(i + 1).find((e) => e.kind === 'from-asterisk');
    commands.push({ at: entry.at, replyAt: reply?.at ?? Number.POSITIVE_INFINITY, nth: lines });
  });
  const scripted: CallerAction[] = [];
  const live = new Set<AmiEntry>();
  for (const entry of entries) {
    if (entry.kind !== 'ami') continue;
    const during = commands.find((c) => c.at <= entry.at && entry.at <= c.replyAt + 5);
    if (!during) {
      live.add(entry);
      continue;
    }
    const at = { command: /^/, nth: during.nth, afterMs: entry.at - during.at };
    if (entry.action === 'PlayDTMF') scripted.push({ keys: entry.fields.Digit ?? '', at });
    else if (entry.action === 'Hangup') scripted.push({ hangup: true, at });
    else if (entry.action === 'ConfbridgeKick') scripted.push({ kick: true, at });
  }
  return { scripted, live };
}

/** Idle actions logged just after the line they caused (the log lags) are replayed before it. */
function replayOrder(entries: readonly TranscriptEntry[], live: Set<AmiEntry>): TranscriptEntry[] {
  const ordered = [...entries];
  for (let i = 0; i < ordered.length; i += 1) {
    const entry = ordered[i]!;
    if (entry.kind !== 'ami' || !live.has(entry)) continue;
    let j = i;
    while (j > 0 && ordered[j - 1]!.kind === 'from-asterisk' && entry.at - ordered[j - 1]!.at <= 5) j -= 1;
    if (j < i) {
      ordered.splice(i, 1);
      ordered.splice(j, 0, entry);
    }
  }
  return ordered;
}

/**
 * Plays the application's side of a transcript against the simulator: sends the same bytes, performs
 * the same idle AMI actions, and compares every line the simulator writes with the recorded one.
 */
export async function replayTranscript(
  entries: readonly TranscriptEntry[],
  options: (url: string) => StartCallOptions,
  sighup: boolean,
): Promise<ReplayResult> {
  const { live } = scheduleAmiActions(entries);
  const mismatches: ReplayMismatch[] = [];
  const server = createServer({ allowHalfOpen: true });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const { env } = transcriptEnvironment(entries);
  const call = startCall(options(`agi://127.0.0.1:${port}/${env.get('agi_network_script') ?? 'probe'}`));
  const [socket] = (await once(server, 'connection')) as [Socket];
  socket.on('error', () => {});
  const reader = lineReader(socket);
  let previous: TranscriptEntry | undefined;
  let closed = false;
  const ordered = replayOrder(entries, live);
  for (const [index, entry] of ordered.entries()) {
    if (entry.kind === 'to-asterisk') {
      if (previous?.kind === 'to-asterisk') await delay(20);
      else if (previous && entry.at - previous.at >= 900) {
        // The lab waited here: nothing more may have arrived.
        await delay(30);
        const extra = reader.buffered();
        if (extra !== '') mismatches.push({ index, expected: '(nothing)', actual: extra });
      }
      if (!socket.destroyed && socket.writable) socket.write(entry.bytes);
    } else if (entry.kind === 'from-asterisk') {
      const expected = entry.bytes.toString('latin1').replace(/\n$/, '');
      const actual = await reader.readLine();
      if (actual === undefined || normalise(actual) !== normalise(expected)) {
        mismatches.push({ index, expected, actual });
      }
    } else if (entry.kind === 'ami') {
      if (!live.has(entry)) continue;
      if (entry.action === 'PlayDTMF') call.press(entry.fields.Digit ?? '');
      else if (entry.action === 'Hangup') call.hangup();
      else if (entry.action === 'ConfbridgeKick') call.kick();
      await delay(5);
    } else if (entry.kind === 'note' && entry.text.startsWith('probe closes the socket')) {
      const endedBefore = reader.eof;
      socket.end();
      closed = true;
      const more = ordered.slice(index + 1).some((e) => e.kind === 'from-asterisk');
      if (!more) {
        const rest = await reader.readAll();
        const last = rest
          .split('\n')
          .filter((l) => l !== '')
          .at(-1);
        if (sighup && !endedBefore && last !== 'HANGUP')
          mismatches.push({ index, expected: 'HANGUP', actual: rest });
        if (!sighup && rest.includes('HANGUP'))
          mismatches.push({ index, expected: '(no HANGUP)', actual: rest });
      }
    } else if (entry.kind === 'note' && entry.text.startsWith('EOF from Asterisk')) {
      const actual = await reader.readLine();
      if (actual !== undefined) mismatches.push({ index, expected: '(EOF)', actual });
    }
    previous = entry;
  }
  if (!closed) socket.end();
  const recording = await call.done;
  socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { mismatches, recording };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function lineReader(socket: Socket) {
  let buffer = '';
  let eof = false;
  let waiter: (() => void) | undefined;
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    waiter?.();
  });
  socket.on('end', () => {
    eof = true;
    waiter?.();
  });
  const wait = (): Promise<void> =>
    new Promise((resolve) => {
      waiter = resolve;
    });
  return {
    get eof() {
      return eof && buffer === '';
    },
    buffered: (): string => buffer,
    async readLine(): Promise<string | undefined> {
      for (;;) {
        const nl = buffer.indexOf('\n');
        if (nl !== -1) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          return line;
        }
        if (eof) return undefined;
        await wait();
      }
    },
    async readAll(): Promise<string> {
      while (!eof) await wait();
      const rest = buffer;
      buffer = '';
      return rest;
    },
  };
}
