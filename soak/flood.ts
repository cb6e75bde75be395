import type { Socket } from 'node:net';
import { check, idleSockets, percentile, sleep } from './measure.ts';
import { keepCalling } from './real-calls.ts';
import type { SoakScenario } from './scenario.ts';
import { startSoakServer } from './serve.ts';

const WAVES = 3;
const SOCKETS_PER_WAVE = 1000;
const WAVE_EVERY_MS = 10_000;
const FLOODER = '127.0.0.2';

/**
 * The flood: one allowed address opens 1,000 FastAGI sockets every 10 s and says
 * nothing, while Asterisk (another address) keeps calling. Every real call must succeed.
 */
export const flood: SoakScenario = {
  name: 'flood',
  description: `${SOCKETS_PER_WAVE} silent FastAGI sockets from ${FLOODER} every 10 s (${WAVES} waves) while calls from 127.0.0.1 go on`,
  async run(out) {
    const server = await startSoakServer(['--agi-allow', '127.0.0.0/8', '--no-seed']);
    const sockets: Socket[] = [];
    let done = false;
    let mostPending = 0;
    const sampler = setInterval(() => {
      server
        .metrics()
        .then((m) => {
          mostPending = Math.max(mostPending, m.get('callgate_agi_connections_pending') ?? 0);
        })
        .catch(() => {});
    }, 250);
    try {
      const calls = keepCalling(server.agiPort, 20, () => done);
      const started = performance.now();
      for (let wave = 0; wave < WAVES; wave++) {
        const waveStart = performance.now();
        sockets.push(...(await idleSockets(server.agiPort, SOCKETS_PER_WAVE, FLOODER)));
        out.note(
          `wave ${wave + 1}: ${SOCKETS_PER_WAVE} sockets opened in ${Math.round(performance.now() - waveStart)} ms`,
        );
        await sleep(Math.max(0, WAVE_EVERY_MS - (performance.now() - waveStart)));
      }
      done = true;
      const figures = await calls;
      const seconds = (performance.now() - started) / 1000;
      const metrics = await server.metrics();
      const refused = (reason: string) =>
        metrics.get(`callgate_agi_refused_connections_total{reason="${reason}"}`) ?? 0;

      out.figure('flood sockets opened', sockets.length);
      out.figure('closed by the server (refused or made room)', sockets.filter((s) => s.destroyed).length);
      out.figure('most connections pending at once (sampled)', mostPending);
      out.figure('refused: peer_capacity', refused('peer_capacity'));
      out.figure('refused: pending_capacity', refused('pending_capacity'));
      out.figure('refused: environment (silent 10 s)', refused('environment'));
      out.figure('refused: capacity (sessions full)', refused('capacity'));
      out.figure('real calls completed', figures.ok);
      out.figure('real calls failed', figures.failed);
      out.figure('real calls per second', figures.ok / seconds);
      out.figure('call time p50', percentile(figures.durationsMs, 50), 'ms');
      out.figure('call time p99', percentile(figures.durationsMs, 99), 'ms');
      for (const f of figures.failures) out.note(`failed call: ${f}`);
      check(figures.failed === 0, `${figures.failed} real calls failed during the flood`);
      check(figures.ok > 0, 'no real call was made');
      check(refused('capacity') === 0, 'calls were refused for capacity');
    } finally {
      done = true;
      clearInterval(sampler);
      for (const s of sockets) s.destroy();
      await server.stop();
    }
  },
};
