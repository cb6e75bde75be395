import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { runCallCommand } from '../../src/cli/call-command.ts';

/** A tiny FastAGI server: reads the environment, then sends `commands`, one per reply. */
async function fastAgiServer(
  commands: string[],
): Promise<{ url: string; env: Record<string, string>[]; server: Server }> {
  const env: Record<string, string>[] = [];
  const server = createServer((socket: Socket) => {
    socket.setEncoding('utf8');
    socket.on('error', () => {});
    let buffer = '';
    let inEnv = true;
    const vars: Record<string, string> = {};
    env.push(vars);
    const queue = [...commands];
    const next = (): void => {
      const command = queue.shift();
      if (command === undefined) socket.end();
      else socket.write(`${command}\n`);
    };
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl = buffer.indexOf('\n');
      while (nl !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (inEnv) {
          if (line === '') {
            inEnv = false;
            next();
          } else vars[line.slice(0, line.indexOf(': '))] = line.slice(line.indexOf(': ') + 2);
        } else if (/^(200|510|511|520 )/.test(line)) next();
        nl = buffer.indexOf('\n');
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  servers.push(server);
  return { url: `agi://127.0.0.1:${port}/agent-login?lang=en`, env, server };
}

const servers: Server[] = [];
after(() => {
  for (const server of servers) server.close();
});

function terminal(input = '') {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += c;
  });
  stderr.on('data', (c) => {
    err += c;
  });
  if (input) stdin.write(input);
  return { io: { stdin, stdout, stderr }, stdin, out: () => out, err: () => err };
}

const agentLogin = [
  'ANSWER',
  'GET DATA agent-user 5000 10',
  'GET DATA agent-pass 5000 10',
  'EXEC ConfBridge 8600051',
  'NOOP bye',
];

test('--keys: plays the login, joins the ConfBridge, hangs up, exit 0', async () => {
  const { url, env } = await fastAgiServer(agentLogin);
  const t = terminal();
  const code = await runCallCommand(
    [url, '--keys', '1001#4321#', '--caller-id', '5551234', '--arg', 'one'],
    t.io,
  );
  assert.equal(code, 0, t.err());
  assert.equal(
    t.out(),
    [
      '▶ agent-user',
      '▶ agent-pass',
      '☎ joined ConfBridge 8600051',
      '✆ you hung up',
      'summary: route=agent-login went=ConfBridge(8600051) ended=you-hung-up AGISTATUS=HANGUP',
      '',
    ].join('\n'),
  );
  assert.equal(env[0]?.agi_network_script, 'agent-login?lang=en');
  assert.equal(env[0]?.agi_callerid, '5551234');
  assert.equal(env[0]?.agi_arg_1, 'one');
});

test('--transcript prints every line exchanged; a jump is shown', async () => {
  const { url } = await fastAgiServer(['SET CONTEXT agents', 'SET EXTENSION menu', 'SET PRIORITY 1']);
  const t = terminal();
  const code = await runCallCommand([url, '--keys', '', '--transcript'], t.io);
  assert.equal(code, 0, t.err());
  assert.match(t.out(), /^summary: route=agent-login continues=agents,menu,1 AGISTATUS=SUCCESS$/m);
  assert.match(t.out(), /^ {3}0\.000s {2}<< {2}"agi_network: yes"$/m);
  assert.match(t.out(), /^ {3}0\.000s {2}>> {2}"SET CONTEXT agents"$/m);
});

test('line mode: typed keys go to the prompt that asks, h hangs up', async () => {
  const { url } = await fastAgiServer(['GET DATA beep 2000 4', 'WAIT FOR DIGIT -1']);
  const t = terminal('12#\n');
  const running = runCallCommand([url], t.io);
  // Once the PIN was taken, hang up during the endless wait.
  while (!t.out().includes('▶ beep')) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 50));
  t.stdin.write('h\n');
  assert.equal(await running, 0, t.err());
  assert.match(t.out(), /type keys then Enter; h hangs up/);
  assert.match(t.out(), /ended=you-hung-up/);
});

test('a refused connection: a clear error and exit 1', async () => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  const t = terminal();
  assert.equal(await runCallCommand([`agi://127.0.0.1:${port}/x`, '--keys', '1'], t.io), 1);
  assert.match(t.err(), new RegExp(`cannot connect to 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
});

test('a bad URL or bad usage: a clear error and exit 2', async () => {
  const t = terminal();
  assert.equal(await runCallCommand(['http://example.com/agi'], t.io), 2);
  assert.match(t.err(), /expected agi:\/\/host\[:port\]\/script/);
  const u = terminal();
  assert.equal(await runCallCommand([], u.io), 2);
  assert.match(u.err(), /expected one <agi-url>/);
  const k = terminal();
  assert.equal(await runCallCommand(['agi://127.0.0.1/x', '--keys', '12x'], k.io), 2);
});

test('raw TTY mode: each key goes at once, Ctrl-C hangs up, the terminal is restored', async () => {
  const { url } = await fastAgiServer(['WAIT FOR DIGIT -1', 'WAIT FOR DIGIT -1']);
  const t = terminal();
  const rawCalls: boolean[] = [];
  const stdin = Object.assign(t.stdin, {
    isTTY: true,
    setRawMode: (raw: boolean) => {
      rawCalls.push(raw);
      return stdin;
    },
  });
  const running = runCallCommand([url, '--transcript'], { ...t.io, stdin });
  stdin.write('7');
  while (!t.out().length && rawCalls.length === 0) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 50));
  stdin.write('\u0003');
  assert.equal(await running, 0, t.err());
  assert.deepEqual(rawCalls, [true, false]);
  assert.match(t.out(), /<< {2}"200 result=55"/);
  assert.match(t.out(), /ended=you-hung-up/);
});
