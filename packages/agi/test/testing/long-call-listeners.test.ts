import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { after, before, test } from 'node:test';
import { type AgiServer, createAgiServer } from '@callgate/agi';
import { type SimulatedCall, startCall } from '@callgate/agi/testing';

/**
 * A long call (hundreds of commands that wait: prompts, GET DATA, a MusicOnHold hold loop) must not
 * pile abort listeners on the simulator's wake signal or on the server's call signal. Each call
 * once left one listener per command behind, and Node warned after the eleventh.
 */

const rounds = 50; // four waiting commands per round: 200 commands plus ANSWER
let server: AgiServer;
let base: string;
const handlerListeners: number[] = [];
const warnings: Error[] = [];
const onWarning = (warning: Error): void => {
  warnings.push(warning);
};

before(async () => {
  process.on('warning', onWarning);
  server = createAgiServer({});
  server.route('long', async (channel, call) => {
    const count = (): number => getEventListeners(call.signal, 'abort').length;
    handlerListeners.push(count());
    await channel.answer({ signal: call.signal });
    for (let round = 0; round < rounds; round++) {
      // Every command carries the call's signal, as an app that cancels its I/O would pass it.
      const options = { signal: call.signal, escapeDigits: '#' };
      await channel.streamFile('welcome', options);
      await channel.getData('agent-user', { signal: call.signal, digitTimeoutMs: 3, maxDigits: 4 });
      await channel.exec('MusicOnHold', 'default,0.004');
      await channel.exec('Wait', '0.003');
    }
    handlerListeners.push(count());
  });
  const { port } = await server.listen({ port: 0, host: '127.0.0.1' });
  base = `agi://127.0.0.1:${port}`;
});

after(async () => {
  process.off('warning', onWarning);
  await server.close({ deadlineMs: 100 });
});

/** Samples the abort listeners on the simulator's current wake signal at every event of the call. */
function watchWakeListeners(call: SimulatedCall): number[] {
  const counts: number[] = [];
  call.on('event', () => counts.push(getEventListeners(call.runtime.input.wakeSignal, 'abort').length));
  return counts;
}

async function runLongCall(clock: 'virtual' | 'realtime'): Promise<void> {
  handlerListeners.length = 0;
  warnings.length = 0;
  const call = startCall({
    url: `${base}/long`,
    clock,
    answered: clock === 'realtime',
    sounds: { sounds: { welcome: 5, 'agent-user': 5 } },
    caller: [
      // Some keys land mid-call, so the wake signal is both swapped and left alone for long stretches.
      { keys: '12#', at: { prompt: 'agent-user', nth: 10 } },
      { keys: '#', at: { prompt: 'welcome', nth: 30 } },
    ],
  });
  const wakeCounts = watchWakeListeners(call);
  // A test acting mid-call: one live press while the call runs.
  await call.waitFor((e) => e.type === 'prompt' && e.file === 'agent-user');
  call.press('9');
  const recording = await call.done;
  // Process warnings are emitted on a later tick.
  await new Promise((resolve) => setImmediate(resolve));

  const commands = recording.transcript.filter((line) => line.from === 'app').length;
  assert.ok(commands >= rounds * 4, `expected at least ${rounds * 4} commands, got ${commands}`);
  assert.equal(recording.endReason, 'app-closed');
  assert.deepEqual(
    warnings.map((w) => `${w.name}: ${w.message}`),
    [],
  );
  // At most the idle watch plus the one wait in progress.
  assert.ok(Math.max(...wakeCounts) <= 2, `wake signal listeners peaked at ${Math.max(...wakeCounts)}`);
  assert.equal(getEventListeners(call.runtime.input.wakeSignal, 'abort').length, 0);
  // The server's call signal holds the same listeners after 200 commands as before the first.
  assert.equal(handlerListeners.length, 2);
  assert.equal(handlerListeners[1], handlerListeners[0]);
}

test('a long call on the virtual clock leaves no abort listeners behind and no warning', async () => {
  await runLongCall('virtual');
});

test('a long call in real time leaves no abort listeners behind and no warning', async () => {
  await runLongCall('realtime');
});
