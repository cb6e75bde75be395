// One benchmark target in its own process (run with --expose-gc), so the load generator's own
// sockets never count in the target's heap. Talks to bench/run.ts over the IPC channel.
import { startAgiServerTarget } from './agi-server-target.ts';
import { startFloorServer } from './floor-server.ts';

type Request = { type: 'heap' } | { type: 'cpu' } | { type: 'stop' };

const [kind, mode] = process.argv.slice(2) as ['floor' | 'agi', 'run' | 'hold'];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !process.send) throw new Error('run through bench/run.ts (needs --expose-gc and IPC)');

let close: () => Promise<void>;
let port: number;
if (kind === 'floor') {
  const server = await startFloorServer(mode);
  port = (server.address() as { port: number }).port;
  close = () => new Promise((resolve) => server.close(() => resolve()));
} else {
  ({ port, close } = await startAgiServerTarget(mode));
}

process.on('message', async (message: Request) => {
  if (message.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ type: 'cpu', micros: user + system });
  } else if (message.type === 'heap') {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
    const m = process.memoryUsage();
    process.send?.({ type: 'heap', heapUsed: m.heapUsed, external: m.external, rss: m.rss });
  } else {
    await close();
    process.exit(0);
  }
});
process.send({ type: 'ready', port });
