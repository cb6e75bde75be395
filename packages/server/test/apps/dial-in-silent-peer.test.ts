/**
 * The dial-in against a peer that stops answering — the hostile or broken cases the simulated
 * Asterisk never plays, over a raw socket: a garbage reply, an unterminated `520-` block, `100
 * Trying` with nothing after, no answer at all, and silence after the phone leg was claimed.
 * Each call ends within a command deadline plus a resync, the socket is closed, the server's
 * counts go back down, and a leg the call had claimed is given back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type AgiServer, createAgiServer } from '@callgate/agi';
import { environmentBlock, RawAsteriskPeer } from '../../../agi/test/server/raw-asterisk-peer.ts';
import type { DialInOutcome } from '../../src/apps/index.ts';
import { registerApps } from '../../src/apps/index.ts';
import { createLogger } from '../../src/logging/index.ts';
import { openTestServices, type TestServices, testBackends } from '../support/test-stores.ts';

/** Small deadlines so the test is quick; the rule under test is the same as with the defaults. */
const DEADLINES = { quickMs: 300, playbackMs: 300, marginMs: 100 };

/** What Asterisk answers to the dial-in's commands, for a caller keying 1001 # 4321 #. */
function asterisk(line: string): string | undefined {
  if (line.startsWith('CHANNEL STATUS')) return '200 result=6';
  if (line.startsWith('GET DATA agent-user')) return '200 result=1001';
  if (line.startsWith('GET DATA agent-pass')) return '200 result=4321';
  if (line.startsWith('STREAM FILE')) return '200 result=0 endpos=8000';
  if (line.startsWith('HANGUP')) return '200 result=1';
  return '200 result=1';
}

for (const backend of await testBackends()) {
  describe(`agent-dial-in against a silent peer [${backend}]`, () => {
    let t: TestServices;
    let server: AgiServer;
    let port: number;
    const outcomes: DialInOutcome[] = [];

    before(async () => {
      t = await openTestServices(backend);
      await t.services.agents.create({ userId: '1001', name: 'Ada Agent', pin: '4321' });
      server = createAgiServer({ deadlines: DEADLINES, maxPendingPerPeer: 1000 });
      registerApps(server, {
        services: t.services,
        dialIn: { digitTimeoutMs: 100 },
        onDialInOutcome: (o) => outcomes.push(o),
      });
      ({ port } = await server.listen({ port: 0, host: '127.0.0.1' }));
    });
    after(async () => {
      await server.close({ deadlineMs: 100 });
      await t.close();
    });

    const silences = {
      'a garbage reply': 'hello there\n',
      'an unterminated 520- block': '520-Invalid command syntax.  Proper usage follows:\nUsage: x\n',
      '100 Trying with nothing after': '100 result=0 Trying...\n',
      'no answer': '',
    } as const;

    test('50 calls of each kind of silence at once: every one ends, apologised to, within its deadlines', async () => {
      const before = server.stats().sessionsEnded.timeout;
      const started = performance.now();
      const calls = Object.values(silences).flatMap((silence) =>
        Array.from({ length: 50 }, async () => {
          const peer = await RawAsteriskPeer.connect(port);
          peer.write(environmentBlock('agent-dial-in'));
          const first = await peer.nextLine();
          assert.equal(first, 'CHANNEL STATUS');
          if (silence) peer.write(silence);
          // The app apologises: its first line after the timeout is the resync, left unanswered.
          const next: string[] = [];
          for (let line = await peer.nextLine(); line !== null; line = await peer.nextLine()) next.push(line);
          return next;
        }),
      );
      const after = await Promise.all(calls);
      const elapsed = performance.now() - started;
      for (const lines of after) assert.deepEqual(lines, ['GET FULL VARIABLE callgate-sync-1']);
      // 300 ms for CHANNEL STATUS, 300 ms for the resync; room for a loaded machine.
      assert.ok(elapsed < 10_000, `released after ${Math.round(elapsed)} ms`);
      for (let waited = 0; server.stats().connections > 0; waited += 10) {
        assert.ok(waited < 5000, 'every socket let go');
        await new Promise((r) => setTimeout(r, 10));
      }
      const stats = server.stats();
      assert.equal(stats.sessionsEnded.timeout - before, 200);
      assert.equal(stats.sessionsActive, 0);
      assert.equal(outcomes.filter((o) => o.result === 'error').length, 200);
    });

    test('silent after the leg was claimed: the leg is given back and the socket closed', async () => {
      const session = await t.services.sessions.start((await t.services.agents.findByUserId('1001'))!.id, {
        interface: 'dialin',
      });
      const peer = await RawAsteriskPeer.connect(port);
      peer.write(environmentBlock('agent-dial-in', { uniqueid: '1700000000.42' }));
      const seen: string[] = [];
      for (let line = await peer.nextLine(); line !== null; line = await peer.nextLine()) {
        seen.push(line);
        // Asterisk stops answering as the welcome prompt of the conference starts.
        if (line.startsWith('STREAM FILE agent-loginok')) continue;
        if (seen.some((l) => l.startsWith('STREAM FILE agent-loginok'))) continue;
        peer.write(`${asterisk(line)}\n`);
      }
      assert.ok(seen.includes('STREAM FILE agent-loginok ""'), seen.join(' | '));
      assert.ok(
        seen.some((l) => l.startsWith(`SET VARIABLE CALLGATE_SESSION ${session.id}`)),
        'the leg had been claimed for this session',
      );
      assert.equal(seen.at(-1), 'GET FULL VARIABLE callgate-sync-1');
      const stored = await t.services.sessions.get(session.id);
      assert.equal(stored.phoneLeg, 'none', 'the leg is given back');
      assert.equal(outcomes.at(-1)?.result, 'error');
      await t.services.sessions.end(session.id, 'logout');
    });

    test('a PIN in a malformed reply to GET DATA reaches no log line (pino, as callgate serve logs)', async () => {
      const lines: string[] = [];
      const logger = createLogger({
        level: 'debug',
        destination: { write: (line: string) => lines.push(line) },
      });
      const logged = createAgiServer({ deadlines: DEADLINES, logger });
      registerApps(logged, { services: t.services, dialIn: { digitTimeoutMs: 100 } });
      const { port: loggedPort } = await logged.listen({ port: 0, host: '127.0.0.1' });
      try {
        for (const malformed of ['4321', '999 result=4321', '200 result=4321 endpos=x(']) {
          const peer = await RawAsteriskPeer.connect(loggedPort);
          peer.write(environmentBlock('agent-dial-in'));
          await peer.answerAll((line) => {
            if (line.startsWith('GET DATA agent-pass')) return `${malformed}\n200 result=4321x`;
            return asterisk(line);
          });
        }
      } finally {
        await logged.close({ deadlineMs: 100 });
      }
      const text = lines.join('');
      assert.match(text, /FastAGI protocol error/, 'the garbage line was reported');
      assert.match(text, /agent-dial-in failed; apologising/, 'the failure was logged');
      // Not inside another number (a timestamp may hold those digits).
      assert.doesNotMatch(text, /(?<!\d)4321(?!\d)/);
    });
  });
}
