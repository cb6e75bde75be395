// @callgate/agi under the load agiload plays: the six commands of bare-socket-server.mjs (the
// floor), sent through the typed channel from a route handler, on the compiled package, as users
// run it (plain node, `npm run build` first). Usage: node bench/agi-server.mjs <port>
import { createAgiServer } from '@callgate/agi';

const port = Number(process.argv[2] ?? 4573);
// Room for every held session of the memory measurement (agiload -H).
const server = createAgiServer({ maxSessions: 50_000 });
server.route('bench', async (channel) => {
  await channel.answer();
  await channel.getData('agent-user', { digitTimeoutMs: 5000, maxDigits: 10 });
  await channel.getData('agent-pass', { digitTimeoutMs: 5000, maxDigits: 10 });
  await channel.getVariable('CAMPAIGN');
  await channel.setVariable('AGENT_LOGIN', 'ok');
  await channel.exec('ConfBridge', '8600051');
});
await server.listen({ port, host: '127.0.0.1', backlog: 4096 });
