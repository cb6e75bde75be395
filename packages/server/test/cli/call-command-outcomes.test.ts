/**
 * `callgate call` as a tool people trust, against Callgate's own apps on a real FastAGI server: one
 * summary line, an exit code that says whether the route ran, piped keys that end the call, the
 * far end of Dial() chosen on the command line, prompts beside the core sounds.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { type AgiServer, createAgiServer } from '@callgate/agi';
import { registerApps } from '../../src/apps/index.ts';
import { CALL_EXIT, runCallCommand } from '../../src/cli/call-command.ts';
import { openTestServices, type TestServices } from '../support/test-stores.ts';

function terminal() {
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
  return { io: { stdin, stdout, stderr }, stdin, out: () => out, err: () => err };
}

/** The last line of the output: the summary. */
const summary = (out: string) => out.trim().split('\n').at(-1) ?? '';

describe('callgate call against the Callgate apps', () => {
  let t: TestServices;
  let server: AgiServer;
  let base = '';

  before(async () => {
    t = await openTestServices('sqlite');
    server = createAgiServer();
    registerApps(server, { services: t.services });
    // A route of this test: plays a prompt of its own recording, then says goodbye.
    server.route('custom-greeting', async (channel) => {
      await channel.answer();
      await channel.streamFile('custom/welcome');
      await channel.streamFile('vm-goodbye');
    });
    server.route('broken', async () => {
      throw new Error('a bug in the app');
    });
    const { port } = await server.listen({ port: 0, host: '127.0.0.1' });
    base = `agi://127.0.0.1:${port}`;
    await t.services.directory.add({
      extension: '104',
      name: 'Answering desk',
      endpoints: ['PJSIP/2001'],
      ringSeconds: 5,
      voicemailContext: 'default',
    });
  });
  after(async () => {
    await server.close({ deadlineMs: 1000 });
    await t.close();
  });

  test('an unknown route: summary with CALLGATE_STATUS=NOROUTE and exit 3 (it used to say SUCCESS, exit 0)', async () => {
    const term = terminal();
    const code = await runCallCommand([`${base}/no-such-route`, '--keys', ''], term.io);
    assert.equal(code, CALL_EXIT.noRoute, term.err());
    assert.equal(
      summary(term.out()),
      'summary: route=no-such-route CALLGATE_STATUS=NOROUTE continues=default,s,2 AGISTATUS=SUCCESS',
    );
    assert.match(term.err(), /no route "no-such-route" \(NOROUTE\)/);
  });

  test('--dial answer: the extension router takes its answered path (CALLGATE_ROUTE=answered), exit 0', async () => {
    const term = terminal();
    const code = await runCallCommand(
      [`${base}/extension-router`, '--arg', '104', '--dial', 'answer', '--keys', ''],
      term.io,
    );
    assert.equal(code, CALL_EXIT.ok, term.err());
    assert.equal(
      summary(term.out()),
      'summary: route=extension-router CALLGATE_ROUTE_EXTENSION=104 DIALSTATUS=ANSWER CALLGATE_DIALSTATUS=ANSWER CALLGATE_ROUTE=answered went=Dial(PJSIP/2001) ended=you-hung-up AGISTATUS=HANGUP',
    );
  });

  for (const [flag, greeting] of [
    ['busy', 'b'],
    ['PJSIP/2001=noanswer', 'u'],
  ] as const) {
    test(`--dial ${flag}: voicemail with the ${greeting} greeting`, async () => {
      const term = terminal();
      const code = await runCallCommand(
        [`${base}/extension-router`, '--arg', '104', '--dial', flag, '--keys', ''],
        term.io,
      );
      assert.equal(code, CALL_EXIT.ok, term.err());
      assert.match(
        summary(term.out()),
        new RegExp(` CALLGATE_ROUTE=voicemail went=VoiceMail\\(104@default,${greeting}\\) `),
      );
    });
  }

  test('--dial with an unknown outcome, or --prompt with no sound file name, is bad usage (exit 2)', async () => {
    const term = terminal();
    assert.equal(
      await runCallCommand([`${base}/extension-router`, '--dial', 'maybe'], term.io),
      CALL_EXIT.usage,
    );
    assert.match(term.err(), /--dial takes answer, busy, noanswer, unavailable, congestion/);
    const empty = terminal();
    assert.equal(
      await runCallCommand([`${base}/extension-router`, '--dial', '=busy'], empty.io),
      CALL_EXIT.usage,
    );
    assert.match(empty.err(), /the dial string before = is empty/);
    const prompt = terminal();
    assert.equal(
      await runCallCommand([`${base}/custom-greeting`, '--prompt', 'x y&z'], prompt.io),
      CALL_EXIT.usage,
    );
    assert.match(prompt.err(), /--prompt "x y&z" is not a sound file name/);
  });

  test('a prompt that is no core sound plays nothing and the AGI fails (exit 4), unless --prompt declares it', async () => {
    const missing = terminal();
    assert.equal(
      await runCallCommand([`${base}/custom-greeting`, '--keys', ''], missing.io),
      CALL_EXIT.failed,
    );
    assert.doesNotMatch(missing.out(), /▶ custom\/welcome/);
    assert.match(summary(missing.out()), /AGISTATUS=FAILURE$/);

    const declared = terminal();
    const code = await runCallCommand(
      [`${base}/custom-greeting`, '--keys', '', '--prompt', 'custom/welcome'],
      declared.io,
    );
    assert.equal(code, CALL_EXIT.ok, declared.err());
    assert.match(declared.out(), /▶ custom\/welcome\n▶ vm-goodbye\n/);
    assert.match(summary(declared.out()), /AGISTATUS=SUCCESS$/);

    const any = terminal();
    assert.equal(
      await runCallCommand([`${base}/custom-greeting`, '--keys', '', '--any-prompt'], any.io),
      CALL_EXIT.ok,
    );
    assert.match(any.out(), /▶ custom\/welcome\n/);
  });

  test('an application that fails (CALLGATE_STATUS=ERROR) exits 4', async () => {
    const term = terminal();
    assert.equal(await runCallCommand([`${base}/broken`, '--keys', ''], term.io), CALL_EXIT.failed);
    assert.match(summary(term.out()), /^summary: route=broken CALLGATE_STATUS=ERROR /);
    assert.match(term.err(), /the AGI failed/);
  });

  test('keys piped on stdin: typed as the app asks, and the end of input ends the call', async () => {
    const alice = await t.services.agents.create({
      userId: '1001',
      name: 'Alice',
      password: 'alice-1001',
      pin: '4321',
    });
    const session = await t.services.sessions.start(alice.id, { interface: 'dialin' });
    const term = terminal();
    term.stdin.end('1001#4321#\n');
    const code = await runCallCommand([`${base}/agent-dial-in`], term.io);
    assert.equal(code, CALL_EXIT.ok, term.err());
    assert.match(term.out(), new RegExp(`☎ joined ConfBridge ${session.conference}`));
    assert.match(
      summary(term.out()),
      new RegExp(
        `^summary: route=agent-dial-in .*CALLGATE_RESULT=ok .*went=ConfBridge\\(${session.conference},callgate_bridge,callgate_agent\\) ended=you-hung-up AGISTATUS=HANGUP$`,
      ),
    );
    await t.services.sessions.end(session.id);
  });
});
