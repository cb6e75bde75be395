/**
 * Replays the client side of one AMI recording against the fake AMI server and collects what it
 * answers, over a real socket. Time is the fake's manual clock: whenever the recording shows more
 * of Asterisk's messages than the fake has sent so far, the replay first lets the fake finish what
 * it is doing (a Ping as a barrier), then lets time pass to the fake's next timer (a late answer,
 * a ring timeout), so no test waits for a real 30 s timeout and nothing depends on the machine's speed.
 */
import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { encodeAmiMessage } from '../../../src/asterisk/ami-encode.ts';
import { AmiFrameParser } from '../../../src/asterisk/ami-frame-parser.ts';
import type { AmiField } from '../../../src/asterisk/ami-message.ts';
import type { FakeAmiServer } from '../../../src/asterisk/testing/fake-ami-server.ts';
import type { AmiTranscript } from './ami-transcript.ts';

export interface ReplayPlan {
  /** The recording starts on a connection already logged in: log in first (not compared). */
  loginFirst?: boolean;
  /** The recorded login used a wrong secret (01b): send a key that cannot be right. */
  wrongSecret?: boolean;
  /** Done to the fake right before client message `beforeClient` (its count: after the last one). */
  stimuli?: Array<{ beforeClient: number; run: (fake: FakeAmiServer) => void }>;
  /** Which of Asterisk's messages take part in the comparison (the rest are not waited for). */
  compared: (fields: readonly AmiField[]) => boolean;
}

export interface ReplayResult {
  banner: string | undefined;
  /** Everything the fake sent after the banner (barrier answers removed), in order. */
  received: AmiField[][];
  /** Whether the fake closed the connection. */
  closed: boolean;
}

const BARRIER = 'conformance-barrier-';
/** Generous: a replay step waits for a fake on the same machine, never for a real timeout. */
const STEP_DEADLINE_MS = 10_000;

export async function replayTranscript(
  fake: FakeAmiServer,
  transcript: AmiTranscript,
  plan: ReplayPlan,
): Promise<ReplayResult> {
  const socket = connect({ host: fake.host, port: fake.port });
  socket.setNoDelay(true);
  const reader = new MessageReader(socket);
  try {
    const banner = await reader.banner();
    let challenge: string | undefined;
    if (plan.loginFirst) {
      const id = `${BARRIER}login`;
      send(socket, [
        ['Action', 'Challenge'],
        ['AuthType', 'MD5'],
        ['ActionID', `${id}-challenge`],
      ]);
      const answer = await reader.until((m) => get(m, 'ActionID') === `${id}-challenge`);
      send(socket, [
        ['Action', 'Login'],
        ['Username', fake.username],
        ['AuthType', 'MD5'],
        ['Key', md5Key(get(answer, 'Challenge') ?? '', fake.secret)],
        ['ActionID', id],
      ]);
      await reader.until((m) => get(m, 'ActionID') === id);
      // What the login brought (FullyBooted) may trail its response: a Ping after it, then forget both.
      send(socket, [
        ['Action', 'Ping'],
        ['ActionID', `${id}-settled`],
      ]);
      await reader.until((m) => get(m, 'ActionID') === `${id}-settled`);
      reader.received.length = 0;
    }
    const clientMessages: AmiField[][] = [];
    const comparedBefore: number[] = [];
    let compared = 0;
    /** The client closed its socket after this many of its messages (18: Callgate after Logoff). */
    let clientClosesAfter: number | undefined;
    for (const entry of transcript.entries) {
      if (entry.kind === 'closed' && entry.by === 'client') clientClosesAfter ??= clientMessages.length;
      if (entry.kind !== 'message') continue;
      if (entry.from === 'client') {
        clientMessages.push(entry.fields);
        comparedBefore.push(compared);
      } else if (plan.compared(entry.fields)) compared++;
    }
    let barrier = 0;
    /** Waits until the fake has sent `count` compared messages, letting its time pass as needed. */
    const reach = async (count: number) => {
      const comparedSoFar = () => reader.received.filter((m) => !isBarrier(m) && plan.compared(m)).length;
      while (comparedSoFar() < count && !reader.closed) {
        const id = `${BARRIER}${barrier++}`;
        send(socket, [
          ['Action', 'Ping'],
          ['ActionID', id],
        ]);
        await reader.until((m) => get(m, 'ActionID') === id);
        if (comparedSoFar() >= count) break;
        if (!fake.fireNextTimer()) break;
      }
    };
    for (const [i, fields] of clientMessages.entries()) {
      await reach(comparedBefore[i] ?? 0);
      for (const stimulus of plan.stimuli ?? []) if (stimulus.beforeClient === i) stimulus.run(fake);
      if (reader.closed) break;
      const out = fields.map(([k, v]): AmiField => {
        if (k.toLowerCase() === 'key') {
          return [k, plan.wrongSecret ? '0'.repeat(32) : md5Key(challenge ?? '', fake.secret)];
        }
        return [k, v];
      });
      send(socket, out);
      if (clientClosesAfter === i + 1) {
        // Nothing the fake sends after the client's own close is heard (no event loop turn since the send).
        const heard = reader.received.filter((m) => !isBarrier(m));
        socket.end();
        return { banner, received: heard, closed: true };
      }
      if (get(fields, 'Action')?.toLowerCase() === 'challenge') {
        const id = get(fields, 'ActionID');
        const answer = await reader.until((m) => get(m, 'ActionID') === id || id === undefined);
        challenge = get(answer, 'Challenge');
      }
    }
    for (const stimulus of plan.stimuli ?? [])
      if (stimulus.beforeClient >= clientMessages.length) stimulus.run(fake);
    await reach(compared);
    // One more barrier: whatever the fake sends beyond the recording shows up as extra.
    if (!reader.closed) {
      const id = `${BARRIER}${barrier++}`;
      send(socket, [
        ['Action', 'Ping'],
        ['ActionID', id],
      ]);
      await reader.until((m) => get(m, 'ActionID') === id);
    }
    return {
      banner,
      received: reader.received.filter((m) => !isBarrier(m)),
      closed: reader.closed,
    };
  } finally {
    socket.destroy();
  }
}

function send(socket: Socket, fields: readonly AmiField[]): void {
  socket.write(encodeAmiMessage(fields));
}

function md5Key(challenge: string, secret: string): string {
  return createHash('md5').update(`${challenge}${secret}`).digest('hex');
}

export function get(fields: readonly AmiField[], key: string): string | undefined {
  const wanted = key.toLowerCase();
  return fields.find(([k]) => k.toLowerCase() === wanted)?.[1];
}

function isBarrier(fields: readonly AmiField[]): boolean {
  return (get(fields, 'ActionID') ?? '').startsWith(BARRIER);
}

/** The fake's side of the socket, as messages, with waits that fail after a deadline. */
class MessageReader {
  readonly received: AmiField[][] = [];
  closed = false;
  private readonly parser = new AmiFrameParser({ expectBanner: true });
  private bannerLine: string | undefined;
  private wake: (() => void) | undefined;

  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.parser.push(chunk)) {
        if (frame.kind === 'banner') this.bannerLine = frame.version;
        else this.received.push([...frame.message.fields]);
      }
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    socket.on('error', () => {});
  }

  async banner(): Promise<string | undefined> {
    await this.wait(() => this.bannerLine !== undefined);
    return this.bannerLine;
  }

  /** The first message (received so far or later) that matches; undefined if the socket closes first. */
  async until(match: (m: AmiField[]) => boolean): Promise<AmiField[]> {
    let found: AmiField[] | undefined;
    await this.wait(() => {
      found = this.received.find(match);
      return found !== undefined;
    });
    return found ?? [];
  }

  private async wait(done: () => boolean): Promise<void> {
    const deadline = Date.now() + STEP_DEADLINE_MS;
    while (!done() && !this.closed) {
      if (Date.now() > deadline) throw new Error('the fake AMI server did not answer within 10 s');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
