/**
 * The apps' settings reach the running apps: `startCallgate` with app flags, then calls played by
 * the simulated Asterisk over real sockets (hold mode, lockout, caller lookup, router) and an HTTP
 * login through a proxy (--trust-proxy).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CallRecording, simulateCall } from '@callgate/agi/testing';
import { parseServeConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/logging/index.ts';
import { type RunningCallgate, startCallgate } from '../../src/runtime/start-callgate.ts';

const tmp = mkdtempSync(join(tmpdir(), 'callgate-serve-apps-'));
const promptsPath = join(tmp, 'prompts.json');
writeFileSync(promptsPath, JSON.stringify({ noSession: 'custom/not-logged-in' }));
const routerPromptsPath = join(tmp, 'router-prompts.json');
writeFileSync(routerPromptsPath, JSON.stringify({ unknown: 'custom/no-such-extension' }));
const callerPromptsPath = join(tmp, 'caller-prompts.json');
writeFileSync(callerPromptsPath, JSON.stringify({ greeting: 'custom/welcome-back' }));
after(() => rmSync(tmp, { recursive: true, force: true }));

const apps = (rec: CallRecording) => rec.apps.map((a) => `${a.name}(${a.args})`);
const files = (rec: CallRecording) => rec.prompts.map((p) => p.file);
/** The custom prompts of the files above exist on this Asterisk (they are no core sounds). */
const sounds = { extra: ['custom/not-logged-in', 'custom/no-such-extension', 'custom/welcome-back'] };

describe('callgate serve passes the app flags to the apps', () => {
  let running: RunningCallgate;
  const url = (route: string) => `agi://127.0.0.1:${running.agiPort}/${route}`;

  before(async () => {
    const config = parseServeConfig(
      [
        ...['--db', 'sqlite::memory:', '--agi-port', '0', '--http-port', '0', '--sweep-interval-sec', '3600'],
        ...['--dialin-no-session', 'hold', '--dialin-hold-sec', '7', '--dialin-music-class', 'jazz'],
        ...['--dialin-prompts', promptsPath, '--dialin-attempts', '4', '--lockout-threshold', '2'],
        ...['--caller-country-code', '44', '--caller-trunk-prefix', '0', '--vip-context', 'callgate-vip'],
        ...['--caller-id-name', 'true', '--router-dial-options', 'tT', '--trust-proxy', '1'],
        ...['--router-prompts', routerPromptsPath, '--caller-prompts', callerPromptsPath],
      ],
      {},
    );
    running = await startCallgate({ config, logger: createLogger({ level: 'silent' }) });
  });
  after(() => running.stop('test over'));

  test('dial-in hold mode: music in the configured class for the hold time, then the custom prompt', async () => {
    // Demo agent 1001 (PIN 4321) has no open session.
    const rec = await simulateCall({ url: url('agent-dial-in'), caller: [{ keys: '1001#4321#' }], sounds });
    assert.deepEqual(apps(rec), ['MusicOnHold(jazz,5)', 'MusicOnHold(jazz,2)']);
    assert.deepEqual(files(rec).slice(-2), ['custom/not-logged-in', 'vm-goodbye']);
    assert.equal(rec.variables.CALLGATE_RESULT, 'no_session');
  });

  test('dial-in lockout threshold: the second failure locks and ends the call', async () => {
    // Demo agent 1002 (PIN 8765). Four attempts are allowed, but two failures lock the user ID.
    const rec = await simulateCall({
      url: url('agent-dial-in'),
      callerId: '"Remote" <5550100>',
      caller: [{ keys: '1002#1111#1002#2222#1002#8765#' }],
    });
    assert.equal(running.services.config.lockThreshold, 2);
    const attempts = await running.services.audit.list({ source: 'dialin' });
    const mine = attempts.filter((e) => e.enteredId === '1002').map((e) => e.result);
    assert.deepEqual(mine, ['bad_credentials', 'bad_credentials']);
    assert.notEqual(rec.variables.CALLGATE_RESULT, 'ok');
  });

  test('caller lookup: country code and trunk prefix normalise, VIPs go to the VIP context', async () => {
    const contact = await running.services.contacts.create({ officeNum: '2079460000', name: 'Acme Ltd' });
    await running.services.callers.update(contact.officeNum, { vip: true, account: 'ACME-42' });
    const rec = await simulateCall({
      url: url('caller-lookup'),
      callerId: '"CALLER 7" <+44 20 7946 0000>',
      location: { context: 'callgate-inbound', extension: '8000', priority: 2 },
    });
    assert.equal(rec.variables.CALLGATE_LOOKUP, 'FOUND');
    assert.equal(rec.variables.CALLGATE_CALLER_NUMBER, '2079460000');
    assert.equal(rec.variables.CALLGATE_CALLER_VIP, '1');
    assert.equal(rec.continuesAt?.context, 'callgate-vip');
    assert.deepEqual(
      rec.variablesSet.filter((v) => v.name === 'CALLERID(name)').map((v) => v.value),
      ['Acme Ltd'],
    );
  });

  test('extension router: Dial() carries the configured options', async () => {
    await running.services.directory.add({ extension: '101', name: 'Sales', endpoints: ['PJSIP/2001'] });
    const rec = await simulateCall({
      url: url('extension-router'),
      args: ['101'],
      location: { context: 'callgate-routing', extension: '101' },
      dial: { status: 'ANSWER', ringMs: 1000, talkMs: 2000 },
    });
    assert.equal(rec.apps[0]?.name, 'Dial');
    assert.match(rec.apps[0]?.args ?? '', /^PJSIP\/2001,\d+,tT$/);
  });

  test('extension router: an unknown extension hears the --router-prompts prompt', async () => {
    const rec = await simulateCall({
      url: url('extension-router'),
      args: ['999'],
      location: { context: 'callgate-routing', extension: '999' },
      sounds,
    });
    assert.equal(rec.variables.CALLGATE_ROUTE, 'unknown');
    assert.deepEqual(files(rec), ['custom/no-such-extension']);
  });

  test('caller lookup: the greeting is the --caller-prompts prompt', async () => {
    await running.services.contacts.create({ officeNum: '2079461234', name: 'Regular Ltd' });
    const rec = await simulateCall({
      url: url('caller-lookup?greeting=prompt'),
      callerId: '"CALLER 8" <+44 20 7946 1234>',
      location: { context: 'callgate-inbound', extension: '8000', priority: 2 },
      sounds,
    });
    assert.equal(rec.variables.CALLGATE_LOOKUP, 'FOUND');
    assert.deepEqual(files(rec), ['custom/welcome-back']);
  });

  test('--trust-proxy 1: the audit log has the address the proxy forwarded for', async () => {
    const res = await fetch(`http://127.0.0.1:${running.httpPort}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.9, 203.0.113.7' },
      body: JSON.stringify({ userId: '1001', password: 'alice-1001' }),
    });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    const [login] = await running.services.audit.list({ source: 'web' });
    assert.equal(login?.remoteIp, '203.0.113.7');
  });
});
