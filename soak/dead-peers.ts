import { connect } from 'node:net';
import { environmentBlock } from '../packages/agi/test/server/raw-asterisk-peer.ts';
import { check, percentile } from './measure.ts';
import type { SoakScenario } from './scenario.ts';
import { startSoakServer } from './serve.ts';

const PER_KIND = 200;

/** How each kind of dead peer behaves once the dial-in sends its first command. */
const KINDS: Record<string, { address: string; afterFirst: string; silentAt: (line: string) => boolean }> = {
  'garbage reply': { address: '127.0.0.11', afterFirst: 'hello there\n', silentAt: () => true },
  'unterminated 520-': {
    address: '127.0.0.12',
    afterFirst: '520-Invalid command syntax.  Proper usage follows:\nUsage: x\n',
    silentAt: () => true,
  },
  '100 Trying, nothing after': {
    address: '127.0.0.13',
    afterFirst: '100 result=0 Trying...\n',
    silentAt: () => true,
  },
  'no answer': { address: '127.0.0.14', afterFirst: '', silentAt: () => true },
  // The longest wait of the dial-in: the peer answers until the PIN prompt, then goes silent.
  'silent at the PIN prompt': {
    address: '127.0.0.15',
    afterFirst: '200 result=6\n',
    silentAt: (line) => line.startsWith('GET DATA agent-pass'),
  },
};

/** Plays one dead peer; resolves with how long the server held it, in ms. */
function deadPeer(port: number, kind: (typeof KINDS)[string]): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: kind.address });
    let started = 0;
    let buffer = '';
    let lines = 0;
    let silent = false;
    socket.setEncoding('utf8');
    socket.on('error', () => {});
    socket.once('connect', () => {
      started = performance.now();
      socket.write(environmentBlock('agent-dial-in', { uniqueid: `${Date.now()}.${Math.random()}` }));
    });
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (silent) continue;
        if (++lines === 1) {
          socket.write(kind.afterFirst);
          silent = kind.silentAt(line);
        } else if (kind.silentAt(line)) {
          silent = true;
        } else if (line.startsWith('GET DATA agent-user')) {
          socket.write('200 result=1001\n');
        } else {
          socket.write('200 result=0\n');
        }
      }
    });
    socket.on('close', () => resolve(performance.now() - started));
  });
}

/**
 * The dead peers: a peer that stops answering in each of the ways measured (a garbage
 * reply, an unterminated 520- block, 100 Trying and nothing, no answer), and the longest case of
 * the dial-in (silence at the PIN prompt), 200 of each at once against callgate serve's defaults.
 * Each must be let go within its command's deadline plus the resync.
 */
export const deadPeers: SoakScenario = {
  name: 'dead-peers',
  description: `${PER_KIND} silent FastAGI peers of each of ${Object.keys(KINDS).length} kinds at once against agent-dial-in, with the default deadlines`,
  async run(out) {
    const server = await startSoakServer(['--agi-allow', '127.0.0.0/8', '--max-agi-sessions', '2000']);
    try {
      const started = performance.now();
      const results = await Promise.all(
        Object.entries(KINDS).map(async ([name, kind]) => {
          const held = await Promise.all(
            Array.from({ length: PER_KIND }, () => deadPeer(server.agiPort, kind)),
          );
          return { name, held };
        }),
      );
      const metrics = await server.metrics();
      for (const { name, held } of results) {
        out.figure(`${name}: held p50`, percentile(held, 50) / 1000, 's');
        out.figure(`${name}: held max`, Math.max(...held) / 1000, 's');
      }
      const ended =
        metrics.get('callgate_agi_sessions_ended_total{route="agent-dial-in",outcome="timeout"}') ?? 0;
      out.figure('sessions ended with outcome timeout', ended);
      out.figure('sessions active afterwards', metrics.get('callgate_agi_sessions_active') ?? Number.NaN);
      out.figure('scenario time', (performance.now() - started) / 1000, 's');
      // Quick commands: 5 s + 5 s resync. The PIN prompt: 30 s playback + 12 × 5 s digits + 5 s
      // margin, + 5 s resync. Room for 1,000 calls at once on a loaded machine on top.
      const quick = results.filter((r) => r.name !== 'silent at the PIN prompt').flatMap((r) => r.held);
      const pin = results.find((r) => r.name === 'silent at the PIN prompt')?.held ?? [];
      check(Math.max(...quick) < 15_000, 'a peer silent at a quick command was held 15 s or more');
      check(Math.max(...pin) < 110_000, 'a peer silent at the PIN prompt was held 110 s or more');
      check(
        ended === PER_KIND * results.length,
        `${ended} of ${PER_KIND * results.length} sessions ended as timeout`,
      );
      check((metrics.get('callgate_agi_sessions_active') ?? 1) === 0, 'sessions were left active');
    } finally {
      await server.stop();
    }
  },
};
