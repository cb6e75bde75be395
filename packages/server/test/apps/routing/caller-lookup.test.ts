/**
 * The caller-lookup app end to end: the simulated Asterisk calls a real FastAGI server over real
 * sockets; the app runs on the real caller lookup service over a fresh SQLite store per test.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { CallRecording, StartCallOptions } from '@callgate/agi/testing';
import { openRoutingHarness, type RoutingHarness, type RoutingHarnessOptions } from './routing-harness.ts';

let harness: RoutingHarness | undefined;

/** Acme (VIP, account ACME-42) is stored nationally; Bea is a plain contact. */
async function open(options: RoutingHarnessOptions = {}): Promise<RoutingHarness> {
  harness = await openRoutingHarness({
    ...options,
    callerLookup: { numberRules: { countryCode: '44', trunkPrefix: '0' }, ...options.callerLookup },
  });
  const { contacts, callers } = harness.services;
  await contacts.create({ officeNum: '2079460000', name: 'Acme Ltd' });
  await callers.update('2079460000', { vip: true, account: 'ACME-42' });
  await contacts.create({ officeNum: '01632960001', name: 'Bea "B" Jones' });
  return harness;
}

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const LOOKUP_VARS = [
  'CALLGATE_LOOKUP',
  'CALLGATE_CALLER_NAME',
  'CALLGATE_CALLER_VIP',
  'CALLGATE_CALLER_ACCOUNT',
  'CALLGATE_CALLER_NUMBER',
];
const lookupVars = (rec: CallRecording) =>
  Object.fromEntries(LOOKUP_VARS.filter((v) => v in rec.variables).map((v) => [v, rec.variables[v]]));
const files = (rec: CallRecording) => rec.prompts.map((p) => p.file);
const commands = (rec: CallRecording) => rec.transcript.filter((t) => t.from === 'app').map((t) => t.line);

function lookup(h: RoutingHarness, callerId: string, extra: Partial<StartCallOptions> = {}, query = '') {
  return h.call('caller-lookup', {
    url: h.agiUrl('caller-lookup', query),
    callerId,
    location: { context: 'callgate-inbound', extension: '8000', priority: 2 },
    ...extra,
  });
}

describe('caller-lookup', () => {
  test('hit: variables set from the contact, nothing else sent by default', async () => {
    const h = await open();
    const rec = await lookup(h, '"Someone" <0163 296 0001>');
    assert.deepEqual(lookupVars(rec), {
      CALLGATE_LOOKUP: 'FOUND',
      CALLGATE_CALLER_NAME: 'Bea "B" Jones',
      CALLGATE_CALLER_VIP: '0',
      CALLGATE_CALLER_ACCOUNT: '',
      CALLGATE_CALLER_NUMBER: '1632960001',
    });
    assert.ok(commands(rec).every((line) => line.startsWith('SET VARIABLE')));
    assert.deepEqual(files(rec), []);
    assert.equal(rec.continuesAt?.context, 'callgate-inbound');
  });

  test('hit with setCallerIdName: the caller ID name becomes the contact name', async () => {
    const h = await open({ callerLookup: { setCallerIdName: true } });
    const named = (rec: CallRecording) => rec.variablesSet.filter((v) => v.name === 'CALLERID(name)');
    const rec = await lookup(h, '"CALLER 12" <01632960001>');
    assert.deepEqual(
      named(rec).map((v) => v.value),
      ['Bea "B" Jones'],
    );
    const miss = await lookup(h, '"CALLER 99" <01632960099>');
    assert.deepEqual(named(miss), []);
  });

  test('miss: NOTFOUND with the normalised number, the call passes through unchanged', async () => {
    const h = await open({ callerLookup: { greeting: 'prompt', vipContext: 'callgate-vip' } });
    const rec = await lookup(h, '"Mobile" <+44 20 7946 0999>');
    assert.deepEqual(lookupVars(rec), { CALLGATE_LOOKUP: 'NOTFOUND', CALLGATE_CALLER_NUMBER: '2079460999' });
    assert.deepEqual(files(rec), []);
    assert.deepEqual(rec.continuesAt, { context: 'callgate-inbound', extension: '8000', priority: 3 });
  });

  test('malformed or missing caller ID: INVALID, nothing looked up, no greeting', async () => {
    const h = await open({ callerLookup: { greeting: 'prompt' } });
    for (const callerId of ['"Web" <sip:alice@example.com>', '12', '']) {
      const rec = await lookup(h, callerId);
      assert.deepEqual(lookupVars(rec), { CALLGATE_LOOKUP: 'INVALID' }, callerId);
      assert.deepEqual(files(rec), [], callerId);
    }
  });

  test('VIP: sent to the priority context at the dialled extension, priority 1', async () => {
    const h = await open({ callerLookup: { vipContext: 'callgate-vip' } });
    const rec = await lookup(h, '"Acme" <+44 (20) 7946-0000>');
    assert.deepEqual(lookupVars(rec), {
      CALLGATE_LOOKUP: 'FOUND',
      CALLGATE_CALLER_NAME: 'Acme Ltd',
      CALLGATE_CALLER_VIP: '1',
      CALLGATE_CALLER_ACCOUNT: 'ACME-42',
      CALLGATE_CALLER_NUMBER: '2079460000',
    });
    assert.deepEqual(rec.continuesAt, { context: 'callgate-vip', extension: '8000', priority: 1 });
    // A plain contact is not moved.
    const plain = await lookup(h, '01632960001');
    assert.equal(plain.continuesAt?.context, 'callgate-inbound');
  });

  test('the VIP context can be chosen per call in the query', async () => {
    const h = await open();
    const rec = await lookup(h, '00442079460000', {}, '?vip=gold-queue');
    assert.deepEqual(rec.continuesAt, { context: 'gold-queue', extension: '8000', priority: 1 });
    const bad = await lookup(h, '00442079460000', {}, '?vip=bad%20context');
    assert.equal(bad.continuesAt?.context, 'callgate-inbound');
    assert.ok(h.logger.lines.some((l) => l.includes('caller-lookup: query option ignored')));
  });

  test('greeting by prompt, by digits, and by recorded name with the digits as fallback', async () => {
    const h = await open();
    const prompt = await lookup(h, '01632960001', {}, '?greeting=prompt');
    assert.deepEqual(files(prompt), ['hello']);
    assert.ok(commands(prompt).includes('ANSWER'));

    const digits = await lookup(h, '01632960001', {}, '?greeting=digits');
    assert.deepEqual(files(digits), ['hello', ...[...'1632960001'].map((d) => `digits/${d}`)]);
    assert.ok(commands(digits).includes('SAY DIGITS 1632960001 ""'));

    const named = await lookup(
      h,
      '01632960001',
      { sounds: { sounds: { 'callgate/names/01632960001': 900 } } },
      '?greeting=name',
    );
    assert.deepEqual(files(named), ['hello', 'callgate/names/01632960001']);

    const fallback = await lookup(
      h,
      '01632960001',
      { sounds: { missing: ['callgate/names/01632960001'] } },
      '?greeting=name',
    );
    assert.ok(commands(fallback).includes('SAY DIGITS 1632960001 ""'));
    assert.equal(files(fallback)[0], 'hello');
    assert.equal(fallback.variables.CALLGATE_LOOKUP, 'FOUND');
  });

  test('a caller who hangs up during the greeting ends the lookup quietly', async () => {
    const h = await open({ callerLookup: { greeting: 'prompt', vipContext: 'callgate-vip' } });
    const rec = await lookup(h, '+442079460000', {
      caller: [{ hangup: true, at: { prompt: 'hello', afterMs: 100 } }],
    });
    assert.equal(rec.hungUpBy, 'caller');
    assert.equal(rec.variables.CALLGATE_LOOKUP, 'FOUND');
    assert.ok(!commands(rec).some((line) => line.startsWith('SET CONTEXT')));
    assert.ok(!h.logger.lines.some((l) => l.includes('"level":"error"')));
  });

  test('a database outage: the caller passes through as NOTFOUND and the error is logged', async () => {
    const h = await open({ callerLookup: { vipContext: 'callgate-vip' } });
    await h.store.close();
    const rec = await lookup(h, '+442079460000');
    assert.deepEqual(lookupVars(rec), { CALLGATE_LOOKUP: 'NOTFOUND' });
    assert.equal(rec.continuesAt?.context, 'callgate-inbound');
    assert.ok(h.logger.lines.some((l) => l.includes('caller-lookup failed')));
  });
});
