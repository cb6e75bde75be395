import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { AsteriskDatabase, SimulatedCall, simulateCall, startCall } from '@callgate/agi/testing';
import { startScriptServer } from './script-server.ts';

const servers: Array<{ close: () => Promise<void> }> = [];
after(async () => {
  for (const server of servers) await server.close();
});

/** Runs `script` as the FastAGI application and returns every reply it got, plus the recording. */
async function run(
  script: (
    command: (line: string) => Promise<string[]>,
    readLine: () => Promise<string | undefined>,
  ) => Promise<void>,
  options: Omit<Parameters<typeof startCall>[0], 'url'> = {},
) {
  const server = await startScriptServer(async (conn) =>
    script(
      (l) => conn.command(l),
      () => conn.readLine(),
    ),
  );
  servers.push(server);
  const recording = await simulateCall({ url: server.url('agent-login'), ...options });
  await server.settled();
  assert.deepEqual(server.errors, []);
  return recording;
}

test('GET DATA: digits, #, timeout with and without input, max digits, missing prompt', async () => {
  const replies: string[][] = [];
  await run(
    async (command) => {
      replies.push(await command('GET DATA agent-user 3000 10'));
      replies.push(await command('GET DATA agent-pass 3000 10'));
      replies.push(await command('GET DATA again 2000 10'));
      replies.push(await command('GET DATA pin 2000 3'));
      replies.push(await command('GET DATA missing 2000 3'));
    },
    {
      // `again` and `pin` are no core sounds: declared, as recordings of your own would be.
      sounds: { extra: ['again', 'pin'] },
      caller: [
        { keys: '1001#', at: { prompt: 'agent-user', afterMs: 100 } },
        { keys: '43', at: { prompt: 'agent-pass', afterMs: 2000 } },
        { keys: '98765', at: { prompt: 'pin' } },
      ],
    },
  );
  assert.deepEqual(replies, [
    ['200 result=1001'],
    ['200 result=43 (timeout)'],
    ['200 result= (timeout)'],
    ['200 result=987'],
    ['200 result=-1'],
  ]);
});

test('keys typed ahead are pressed as soon as a command listens for them', async () => {
  const replies: string[][] = [];
  const recording = await run(
    async (command) => {
      replies.push(await command('STREAM FILE welcome ""'));
      replies.push(await command('GET DATA agent-user 5000 10'));
      replies.push(await command('GET DATA agent-pass 5000 10'));
    },
    { caller: [{ keys: '1001#4321#' }], sounds: { extra: ['welcome'] } },
  );
  assert.deepEqual(replies, [['200 result=0 endpos=8000'], ['200 result=1001'], ['200 result=4321']]);
  assert.equal(recording.keys.map((k) => k.key).join(''), '1001#4321#');
  assert.equal(recording.keys[4]?.by, 'GET DATA');
  assert.equal(recording.prompts[0]?.interrupted, false);
  assert.deepEqual(recording.prompts[1], {
    file: 'agent-user',
    by: 'GET DATA',
    startedAt: 1000,
    endedAt: 1000,
    interrupted: true,
    key: '1',
  });
});

test('a hangup during a command: the reply first, then HANGUP; then the channel is dead', async () => {
  const replies: Array<string[] | string | undefined> = [];
  const recording = await run(
    async (command, readLine) => {
      replies.push(await command('ANSWER'));
      replies.push(await command('WAIT FOR DIGIT 10000'));
      replies.push(await readLine());
      replies.push(await command('NOOP'));
      replies.push(await command('GET VARIABLE PROBE'));
      replies.push(await command('STREAM FILE beep ""'));
      replies.push(await command('FOOBAR'));
    },
    {
      variables: { PROBE: 'x' },
      caller: [{ hangup: true, at: { command: 'WAIT FOR DIGIT', afterMs: 1000 } }],
    },
  );
  assert.deepEqual(replies, [
    ['200 result=0'],
    ['200 result=-1'],
    'HANGUP',
    ['200 result=0'],
    ['200 result=1 (x)'],
    ['511 Command Not Permitted on a dead channel or intercept routine'],
    ['510 Invalid or unknown command'],
  ]);
  assert.equal(recording.agiStatus, 'HANGUP');
  assert.equal(recording.hungUpBy, 'caller');
  assert.equal(recording.hungUpAt, 1500);
  assert.equal(recording.continuesAt, undefined);
});

test('live handle: react to a prompt, kick from ConfBridge, then hang up while idle', async () => {
  const server = await startScriptServer(async (conn) => {
    assert.deepEqual(await conn.command('GET DATA agent-pass 5000 10'), ['200 result=4321']);
    assert.deepEqual(await conn.command('EXEC ConfBridge 8600051'), ['200 result=0']);
    assert.deepEqual(await conn.command('GET VARIABLE CONFBRIDGE_RESULT'), ['200 result=1 (KICKED)']);
    assert.equal(await conn.readLine(), 'HANGUP');
  });
  servers.push(server);
  const call = startCall({ url: server.url() });
  await call.waitFor((e) => e.type === 'prompt' && e.file === 'agent-pass');
  call.press('4321#');
  const joined = await call.waitFor((e) => e.type === 'app' && e.name === 'ConfBridge');
  assert.equal(joined.type === 'app' && joined.args, '8600051');
  call.kick();
  await call.waitFor((e) => e.type === 'reply' && e.lines[0] === '200 result=1 (KICKED)');
  call.hangup();
  const recording = await call.done;
  assert.deepEqual(server.errors, []);
  assert.equal(recording.agiStatus, 'HANGUP');
  assert.deepEqual(
    recording.apps.map((a) => [a.name, a.args, a.result]),
    [['ConfBridge', '8600051', 0]],
  );
  assert.deepEqual(
    recording.variablesSet.map((v) => `${v.name}=${v.value}`),
    ['CONFBRIDGE_RESULT=KICKED'],
  );
});

test('hang up at the Nth command: a command that does not wait still answers, then HANGUP', async () => {
  const lines: Array<string[] | string | undefined> = [];
  await run(
    async (command, readLine) => {
      lines.push(await command('NOOP one'));
      lines.push(await command('NOOP two'));
      lines.push(await readLine());
    },
    { caller: [{ hangup: true, at: { command: 'NOOP', nth: 2 } }] },
  );
  assert.deepEqual(lines, [['200 result=0'], ['200 result=0'], 'HANGUP']);
});

test('EXEC: Dial outcome sets DIALSTATUS; user apps; unknown app -2; Goto moves the continuation', async () => {
  const replies: string[][] = [];
  const seen: string[] = [];
  const recording = await run(
    async (command) => {
      replies.push(await command('EXEC Dial "PJSIP/agent-42,30"'));
      replies.push(await command('GET VARIABLE DIALSTATUS'));
      replies.push(await command('EXEC Dial "PJSIP/agent-43,30"'));
      replies.push(await command('GET VARIABLE DIALSTATUS'));
      replies.push(await command('EXEC Callgate "a,b"'));
      replies.push(await command('EXEC NoSuchApp x'));
      replies.push(await command('EXEC Goto "agent-menu,s,1"'));
    },
    {
      dial: {
        'PJSIP/agent-42': { status: 'BUSY', ringMs: 2000 },
        'PJSIP/agent-43': { status: 'ANSWER', talkMs: 60_000 },
      },
      apps: {
        Callgate: (rt, args) => {
          seen.push(`${args} at ${rt.now()}`);
          return 7;
        },
      },
    },
  );
  assert.deepEqual(replies, [
    ['200 result=0'],
    ['200 result=1 (BUSY)'],
    ['200 result=0'],
    ['200 result=1 (ANSWER)'],
    ['200 result=7'],
    ['200 result=-2'],
    ['200 result=0'],
  ]);
  assert.deepEqual(seen, ['a,b at 62000']);
  assert.deepEqual(recording.continuesAt, { context: 'agent-menu', extension: 's', priority: 1 });
  assert.equal(recording.agiStatus, 'SUCCESS');
});

test('SET CONTEXT / EXTENSION / PRIORITY decide where the dialplan continues', async () => {
  const recording = await run(
    async (command) => {
      await command('SET CONTEXT agent-after');
      await command('SET EXTENSION s');
      await command('SET PRIORITY ok');
    },
    { labels: { 'agent-after,s,ok': 5 } },
  );
  assert.deepEqual(recording.continuesAt, { context: 'agent-after', extension: 's', priority: 5 });
});

test('DATABASE commands share one AstDB between calls, with the real DEL/DELTREE results', async () => {
  const database = new AsteriskDatabase();
  const replies: string[][] = [];
  await run(
    async (command) => {
      replies.push(await command('DATABASE PUT agents 1001 "logged in"'));
    },
    { database },
  );
  await run(
    async (command) => {
      replies.push(await command('DATABASE GET agents 1001'));
      replies.push(await command('DATABASE DEL agents nokey'));
      replies.push(await command('DATABASE DELTREE agents'));
      replies.push(await command('DATABASE DELTREE agents'));
    },
    { database },
  );
  assert.deepEqual(replies, [
    ['200 result=1'],
    ['200 result=1 (logged in)'],
    ['200 result=1'],
    ['200 result=0'],
    ['200 result=1'],
  ]);
});

/** An app that sends HANGUP after the environment and closes once Asterisk confirms; keeps every segment. */
async function hangupApp(faults: { splitWrites?: boolean; mergeLines?: boolean }) {
  const chunks: Buffer[] = [];
  const server = createServer((socket) => {
    let sent = false;
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks).toString();
      if (!sent && all.endsWith('\n\n')) {
        sent = true;
        socket.write('HANGUP\n');
      } else if (all.endsWith('200 result=1\nHANGUP\n')) socket.end();
    });
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as { port: number }).port;
  const recording = await simulateCall({ url: `agi://127.0.0.1:${port}/x`, faults });
  await new Promise((resolve) => server.close(resolve));
  return { chunks, recording };
}

test('fault: every byte written on its own', async () => {
  const { chunks, recording } = await hangupApp({ splitWrites: true });
  assert.ok(Buffer.concat(chunks).toString().startsWith('agi_network: yes\nagi_network_script: x\n'));
  assert.ok(chunks.length > 40, `every byte went out on its own (${chunks.length} segments)`);
  assert.equal(recording.agiStatus, 'HANGUP');
  assert.equal(recording.hungUpBy, 'application');
});

test('fault: the reply and the HANGUP line in one segment', async () => {
  const { chunks, recording } = await hangupApp({ mergeLines: true });
  assert.ok(chunks.some((c) => c.toString() === '200 result=1\nHANGUP\n'));
  assert.deepEqual(
    recording.transcript.slice(-3).map((l) => l.line),
    ['200 result=1', 'HANGUP', 'HANGUP'],
    'and the last HANGUP after the app closed',
  );
});

test('AGIEXITONHANGUP=yes: HANGUP twice, then Asterisk closes', async () => {
  const lines: Array<string | undefined> = [];
  const server = await startScriptServer(async (conn) => {
    lines.push(...(await conn.command('ANSWER')));
    call.hangup();
    lines.push(await conn.readLine(), await conn.readLine(), await conn.readLine());
  });
  servers.push(server);
  const call = startCall({ url: server.url(), variables: { AGIEXITONHANGUP: 'yes' } });
  const recording = await call.done;
  await server.settled();
  assert.deepEqual(lines, ['200 result=0', 'HANGUP', 'HANGUP', undefined]);
  assert.equal(recording.endReason, 'exit-on-hangup');
});

test('fault: Asterisk closes the connection when the Nth command arrives', async () => {
  const replies: string[][] = [];
  const recording = await run(
    async (command) => {
      replies.push(await command('NOOP'));
      replies.push(await command('GET DATA agent-user'));
    },
    { faults: { closeAtCommand: 2 } },
  );
  assert.deepEqual(replies, [['200 result=0'], []]);
  assert.equal(recording.agiStatus, 'SUCCESS');
});

test('real-time mode: waits really pass, replies come when a real call would answer', async () => {
  const started = Date.now();
  const replies: string[][] = [];
  await run(
    async (command) => {
      replies.push(await command('WAIT FOR DIGIT 200'));
    },
    { clock: 'realtime', caller: [{ keys: '5', at: { command: 'WAIT', afterMs: 50 } }] },
  );
  assert.deepEqual(replies, [['200 result=53']]);
  assert.ok(Date.now() - started >= 40, 'the key came after about 50 ms of real time');
});

test('standard AGI: environment on stdin, SIGHUP on hangup, exit status decides AGISTATUS', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'callgate-stdio-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'agi.mjs');
  writeFileSync(
    script,
    `import { createInterface } from 'node:readline';
const rl = createInterface({ input: process.stdin });
const lines = rl[Symbol.asyncIterator]();
const env = {};
for (;;) { const { value } = await lines.next(); if (!value) break; const i = value.indexOf(': '); env[value.slice(0, i)] = value.slice(i + 2); }
process.on('SIGHUP', () => { process.stderr.write('sighup\\n'); });
const send = async (c) => { process.stdout.write(c + '\\n'); return (await lines.next()).value; };
const r1 = await send('GET VARIABLE agi_arg');
const r2 = await send('WAIT FOR DIGIT 5000');
const r3 = await send('NOOP');
process.stderr.write(JSON.stringify({ argv: process.argv.slice(2), request: env.agi_request, network: env.agi_network, r1, r2, r3 }) + '\\n');
process.exit(3);
`,
  );
  const call = startCall({
    spawn: { command: process.execPath, args: [script] },
    args: ['arg1', 'arg 2'],
    caller: [{ hangup: true, at: { command: 'WAIT FOR DIGIT', afterMs: 100 } }],
  });
  const recording = await call.done;
  assert.equal(recording.agiStatus, 'HANGUP', 'the hangup came before the failing exit');
  assert.equal(recording.endReason, 'process-exited');
  assert.deepEqual(
    recording.transcript.filter((l) => l.from === 'app').map((l) => l.line),
    ['GET VARIABLE agi_arg', 'WAIT FOR DIGIT 5000', 'NOOP'],
  );
  assert.equal(
    recording.transcript.some((l) => l.line === 'HANGUP'),
    false,
    'standard AGI gets SIGHUP, not a line',
  );
});

test('standard AGI exiting non-zero without a hangup gives AGISTATUS=FAILURE', async () => {
  const recording = await simulateCall({
    spawn: { command: process.execPath, args: ['-e', 'process.exit(3)'] },
  });
  assert.equal(recording.agiStatus, 'FAILURE');
  assert.deepEqual(recording.continuesAt, { context: 'default', extension: 's', priority: 2 });
});

test('a refused connection ends the call with AGISTATUS=FAILURE and the reason', async () => {
  const recording = await simulateCall({ url: 'agi://127.0.0.1:1/x' });
  assert.equal(recording.agiStatus, 'FAILURE');
  assert.equal(recording.endReason, 'connect-failed');
  assert.match(recording.error ?? '', /ECONNREFUSED/);
});

test('a bad URL is refused at once with AGI_ERR_BAD_ARGUMENT', () => {
  assert.throws(() => startCall({ url: 'http://example.com/x' }), { code: 'AGI_ERR_BAD_ARGUMENT' });
});

test('a new command while STREAM FILE plays stops it without a reply (real-time mode)', async () => {
  const replies: string[][] = [];
  const server = await startScriptServer(async (conn) => {
    conn.socket.write('STREAM FILE long-prompt ""\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    replies.push(await conn.command('NOOP'));
  });
  servers.push(server);
  const recording = await simulateCall({
    url: server.url(),
    clock: 'realtime',
    sounds: { sounds: { 'long-prompt': 5000 } },
  });
  await server.settled();
  assert.deepEqual(replies, [['200 result=0']]);
  assert.equal(recording.prompts[0]?.interrupted, true);
  assert.deepEqual(
    recording.transcript.filter((l) => !l.line.startsWith('agi_') && l.line !== '').map((l) => l.line),
    ['STREAM FILE long-prompt ""', 'NOOP', '200 result=0', 'HANGUP'],
  );
});

test('a dialplan app that throws fails its EXEC with -1 and the error is in the recording', async () => {
  const replies: string[][] = [];
  const recording = await run(
    async (command) => {
      replies.push(await command('EXEC Broken x'));
      replies.push(await command('NOOP'));
    },
    {
      apps: {
        Broken: () => {
          throw new Error('app bug');
        },
      },
    },
  );
  assert.deepEqual(replies, [['200 result=-1'], ['200 result=0']]);
  assert.equal(recording.error, 'app bug');
});

test('every call has its own uniqueid and channel name, as on a real Asterisk', () => {
  const calls = Array.from({ length: 200 }, () => new SimulatedCall({ url: 'agi://127.0.0.1:1/x' }));
  const ids = calls.map((c) => c.runtime.channel.identity);
  assert.equal(new Set(ids.map((i) => i.uniqueId)).size, 200);
  assert.equal(new Set(ids.map((i) => i.name)).size, 200);
  for (const id of ids) {
    assert.match(id.uniqueId, /^\d{10}\.\d+$/);
    assert.match(id.name, /^PJSIP\/caller-[0-9a-f]{8}$/);
  }
});
