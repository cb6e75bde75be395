import { createAgiServer } from '../packages/agi/src/server/index.ts';

/**
 * Our FastAGI server running the benchmark workload through the typed channel: the same six
 * commands as the floor (`run`), or one EXEC that Asterisk never answers (`hold`).
 */
export async function startAgiServerTarget(
  mode: 'run' | 'hold',
): Promise<{ port: number; close(): Promise<void> }> {
  const server = createAgiServer({ maxSessions: 50_000 });
  if (mode === 'run') {
    server.route('bench', async (channel) => {
      await channel.answer();
      await channel.getVariable('CALLERID(num)');
      await channel.streamFile('hello-world');
      await channel.getData('agent-pass', { digitTimeoutMs: 5000, maxDigits: 4 });
      await channel.setVariable('CALLGATE_STATUS', 'OK');
      await channel.verbose('done', 1);
    });
  } else {
    server.route('bench', async (channel) => {
      await channel.exec('ConfBridge', '8600051');
    });
  }
  const { port } = await server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
  return { port, close: () => server.close({ deadlineMs: 0 }) };
}
