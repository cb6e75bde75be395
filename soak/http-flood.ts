import { connect, type Socket } from 'node:net';
import { check, percentile, sleep } from './measure.ts';
import { keepCalling } from './real-calls.ts';
import type { SoakScenario } from './scenario.ts';
import { startSoakServer } from './serve.ts';

const IDLE = 1100;
const PARTIAL = 100;

interface Held {
  socket: Socket;
  openedAt: number;
  closedAt: number | undefined;
  reply: string;
}

function hold(port: number, send: string | undefined): Promise<Held> {
  return new Promise((resolve) => {
    const held: Held = {
      socket: connect({ port, host: '127.0.0.1' }),
      openedAt: 0,
      closedAt: undefined,
      reply: '',
    };
    held.socket.setEncoding('utf8');
    held.socket.on('error', () => {});
    held.socket.on('data', (chunk: string) => {
      held.reply += chunk;
    });
    held.socket.on('close', () => {
      held.closedAt = performance.now();
    });
    held.socket.once('connect', () => {
      held.openedAt = performance.now();
      if (send) held.socket.write(send);
      resolve(held);
    });
  });
}

/**
 * The HTTP exhaustion: 1,100 idle connections (and 100 that stop half-way through their
 * headers) against the default cap of 1,000, while FastAGI calls go on. The cap holds, the slow
 * ones are cut within 10 s, and no call fails.
 */
export const httpFlood: SoakScenario = {
  name: 'http-flood',
  description: `${IDLE} idle and ${PARTIAL} half-sent HTTP connections against the 1,000 cap while FastAGI calls go on`,
  async run(out) {
    const server = await startSoakServer(['--no-seed']);
    const held: Held[] = [];
    let done = false;
    try {
      const calls = keepCalling(server.agiPort, 10, () => done);
      const started = performance.now();
      held.push(...(await Promise.all(Array.from({ length: IDLE }, () => hold(server.httpPort, undefined)))));
      held.push(
        ...(await Promise.all(
          Array.from({ length: PARTIAL }, () =>
            hold(server.httpPort, 'GET /healthz HTTP/1.1\r\nHost: x\r\n'),
          ),
        )),
      );
      const deadline = performance.now() + 30_000;
      while (held.some((h) => h.closedAt === undefined) && performance.now() < deadline) await sleep(100);
      done = true;
      const figures = await calls;
      const metrics = await server.metrics();
      const cut = held.filter((h) => h.reply.startsWith('HTTP/1.1 408'));
      const dropped = held.filter((h) => h.reply === '' && h.closedAt !== undefined);
      const cutAfter = cut.map((h) => (h.closedAt ?? 0) - h.openedAt);
      const health = await fetch(`http://127.0.0.1:${server.httpPort}/healthz`);

      out.figure('connections opened', held.length);
      out.figure('closed at once (over the cap)', dropped.length);
      out.figure(
        'callgate_http_connections_refused_total',
        metrics.get('callgate_http_connections_refused_total') ?? 0,
      );
      out.figure('answered 408 and cut (slow headers)', cut.length);
      out.figure('cut after, p50', percentile(cutAfter, 50), 'ms');
      out.figure('cut after, max', Math.max(...cutAfter), 'ms');
      out.figure('still open after 30 s', held.filter((h) => h.closedAt === undefined).length);
      out.figure('FastAGI calls completed meanwhile', figures.ok);
      out.figure('FastAGI calls failed meanwhile', figures.failed);
      out.figure('/healthz afterwards', health.status);
      out.figure('scenario time', (performance.now() - started) / 1000, 's');
      check(
        held.every((h) => h.closedAt !== undefined),
        'some slow connections were never cut',
      );
      check(Math.max(...cutAfter) < 10_000, 'a slow connection was held 10 s or more');
      check(dropped.length >= held.length - 1000, 'the connection cap did not hold');
      check(figures.failed === 0 && figures.ok > 0, `${figures.failed} FastAGI calls failed`);
      check(health.status === 200, '/healthz did not come back');
    } finally {
      done = true;
      for (const h of held) h.socket.destroy();
      await server.stop();
    }
  },
};
