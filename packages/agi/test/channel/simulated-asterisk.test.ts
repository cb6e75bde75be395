// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Asterisk expressions such as ${VAR} are literal text here
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { test } from 'node:test';
import { simulateCall } from '@callgate/agi/testing';
import { AgiChannel } from '../../src/channel/agi-channel.ts';
import { isAgiError } from '../../src/errors.ts';
import { AgiSession } from '../../src/session/agi-session.ts';

/** A one-call FastAGI endpoint that runs `script` on our channel and closes the session after it. */
async function serve(
  script: (channel: AgiChannel) => Promise<void>,
): Promise<{ url: string; result: Promise<unknown>; server: net.Server }> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const result = (async () => {
    const [socket] = (await once(server, 'connection')) as [net.Socket];
    const session = AgiSession.fromSocket(socket, { environmentTimeoutMs: 2000, commandTimeoutMs: 10_000 });
    try {
      await session.ready();
      await script(new AgiChannel(session));
      return undefined;
    } catch (error) {
      return error;
    } finally {
      session.close();
    }
  })();
  const { port } = server.address() as net.AddressInfo;
  return { url: `agi://127.0.0.1:${port}/probe?x=1`, result, server };
}

for (const faults of [{}, { splitWrites: true }, { mergeLines: true }]) {
  test(`a whole call against the simulated Asterisk (faults: ${JSON.stringify(faults)})`, async (t) => {
    const seen: Record<string, unknown> = {};
    const { url, result, server } = await serve(async (channel) => {
      seen.script = channel.env.script;
      seen.query = channel.env.query;
      await channel.answer();
      seen.status = (await channel.channelStatus())?.state;
      await channel.setVariable('GREETING', 'hello "world"');
      seen.greeting = await channel.getVariable('GREETING');
      seen.unset = await channel.getVariable('NOSUCHVAR');
      seen.full = await channel.getFullVariable('${GREETING}|${NOSUCHVAR}|');
      await channel.databasePut('fam', 'key', 'a value');
      seen.db = await channel.databaseGet('fam', 'key');
      seen.entry = await channel.getData('agent-user', { digitTimeoutMs: 3000, maxDigits: 10 });
      seen.played = await channel.streamFile('beep');
      seen.verbose = await channel.verbose('from the channel test', 1);
      try {
        await channel.streamFile('nosuchfile');
      } catch (error) {
        seen.missing = isAgiError(error) ? error.code : error;
      }
      try {
        await channel.waitForDigit(-1);
      } catch (error) {
        seen.waiting = isAgiError(error) ? error.code : error;
      }
      seen.hungUp = channel.hungUp;
      await channel.noop('after hangup');
      try {
        await channel.channelStatus();
      } catch (error) {
        seen.dead = isAgiError(error) ? error.code : error;
      }
    });
    t.after(() => server.close());
    await simulateCall({
      url,
      faults,
      sounds: { missing: ['nosuchfile'] },
      caller: [
        { keys: '1001#', at: { prompt: 'agent-user', afterMs: 100 } },
        { hangup: true, at: { command: 'WAIT FOR DIGIT', afterMs: 500 } },
      ],
    });
    assert.equal(await result, undefined);
    const { played: _played, ...rest } = seen;
    assert.deepEqual(rest, {
      script: 'probe',
      query: { x: '1' },
      status: 'up',
      greeting: 'hello "world"',
      unset: undefined,
      full: 'hello "world"||',
      db: 'a value',
      entry: { digits: '1001', timeout: false },
      verbose: undefined,
      missing: 'AGI_ERR_COMMAND_FAILED',
      waiting: 'AGI_ERR_HANGUP',
      hungUp: true,
      dead: 'AGI_ERR_DEAD_CHANNEL',
    });
    const played = seen.played as { digit: string | undefined; endposSamples: number };
    assert.equal(played.digit, undefined);
    assert.ok(played.endposSamples > 0);
  });
}
