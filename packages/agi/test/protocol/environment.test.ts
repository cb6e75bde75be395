import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAgiError } from '../../src/errors.ts';
import {
  environmentOf,
  parseEnvironment,
  parseEnvironmentLine,
  parseEnvironmentLineAt,
} from '../../src/protocol/environment.ts';
import { BASIC_ENVIRONMENT_LINES } from '../fixtures/basic-environment.ts';

const BASIC = [...BASIC_ENVIRONMENT_LINES];

test('FastAGI environment from transcripts/basic.txt', () => {
  const env = parseEnvironment(BASIC);
  assert.equal(env.network, true);
  assert.equal(env.script, 'basic');
  assert.deepEqual(env.query, {});
  assert.equal(env.request, 'agi://127.0.0.1:4573/basic');
  assert.equal(env.channel, 'Local/basic@agi-under-test-00000023;2');
  assert.equal(env.language, 'en');
  assert.equal(env.type, 'Local');
  assert.equal(env.uniqueid, '1795342851.71');
  assert.equal(env.version, '22.10.1');
  assert.equal(env.callerId, '5551234');
  assert.equal(env.callerIdName, 'Probe Caller');
  assert.equal(env.callingPres, '0');
  assert.equal(env.callingAni2, '0');
  assert.equal(env.callingTon, '0');
  assert.equal(env.callingTns, '0');
  assert.equal(env.dnid, 'unknown');
  assert.equal(env.rdnis, 'unknown');
  assert.equal(env.context, 'agi-under-test');
  assert.equal(env.extension, 'basic');
  assert.equal(env.priority, '6');
  assert.equal(env.enhanced, '0.0');
  assert.equal(env.accountCode, '');
  assert.equal(env.threadId, '139767221229248');
  assert.deepEqual(env.args, ['arg1', 'arg 2', '', 'last']);
  assert.equal(env.fields.agi_network_script, 'basic');
  assert.equal(env.fields.agi_arg_3, '');
  assert.equal(Object.keys(env.fields).length, BASIC.length);
});

test('standard AGI environment (transcripts/stdio.txt): script from agi_request, no leading slash', () => {
  const env = parseEnvironment([
    'agi_request: /opt/agilab/probe/probe.sh',
    'agi_channel: Local/stdio@agi-under-test-00000041;2',
    'agi_arg_1: arg1',
  ]);
  assert.equal(env.network, false);
  assert.equal(env.script, 'opt/agilab/probe/probe.sh');
  assert.equal(env.request, '/opt/agilab/probe/probe.sh');
  assert.deepEqual(env.args, ['arg1']);
  assert.equal(env.language, '', 'missing fields read as empty');
});

test('script query string is split off and decoded', () => {
  const env = parseEnvironment([
    'agi_network: yes',
    'agi_network_script: agent-dial-in?mode=CONTACTS&jump=Y&name=J%C3%BCrgen%20M&empty=&mode=N',
    'agi_request: agi://10.0.0.1/agent-dial-in?mode=CONTACTS&jump=Y&name=J%C3%BCrgen+M&empty=&mode=N',
  ]);
  assert.equal(env.script, 'agent-dial-in');
  assert.deepEqual(env.query, { mode: 'N', jump: 'Y', name: 'Jürgen M', empty: '' });
});

test('a plus stays a plus (raw E.164 numbers in dialplan URLs); malformed escapes are kept', () => {
  const env = parseEnvironment([
    'agi_network: yes',
    'agi_network_script: route?number=+4930123&bad=%E0%A4%A&flag&=x&&a=1=2',
    'agi_request: agi://h/route',
  ]);
  assert.deepEqual(env.query, { number: '+4930123', bad: '%E0%A4%A', flag: '', '': 'x', a: '1=2' });
});

test('a __proto__ query name stays an own property', () => {
  const env = parseEnvironment([
    'agi_network: yes',
    'agi_network_script: x?__proto__=1',
    'agi_request: agi://h/x',
  ]);
  assert.equal(Object.getPrototypeOf(env.query), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(env.query, '__proto__')?.value, '1');
});

test('FastAGI without agi_network_script falls back to the path of agi_request', () => {
  const env = parseEnvironment(['agi_network: yes', 'agi_request: agi://host:4573/a/b?x=1']);
  assert.equal(env.script, 'a/b');
  assert.deepEqual(env.query, { x: '1' });
});

test('values are split at the first ": " only and keep colons and spaces', () => {
  assert.deepEqual(parseEnvironmentLine('agi_request: agi://h:1/x'), ['agi_request', 'agi://h:1/x']);
  assert.deepEqual(parseEnvironmentLine('agi_calleridname: A: B  C '), ['agi_calleridname', 'A: B  C ']);
  assert.deepEqual(parseEnvironmentLine('agi_accountcode: '), ['agi_accountcode', '']);
});

test('garbage lines are AGI_ERR_BAD_ENVIRONMENT', () => {
  for (const line of [
    'GET / HTTP/1.1',
    'agi_request:x',
    'agi_request',
    ': x',
    'foo: bar',
    'agi-x: y',
    'agi_: y',
  ]) {
    assert.throws(
      () => parseEnvironmentLine(line),
      (e) => isAgiError(e, 'AGI_ERR_BAD_ENVIRONMENT'),
      line,
    );
  }
  assert.throws(
    () => parseEnvironment(['agi_channel: x']),
    (e) => isAgiError(e, 'AGI_ERR_BAD_ENVIRONMENT'),
  );
  assert.throws(
    () => parseEnvironment(['agi_request: x', 'agi_arg_99999999: y']),
    (e) => isAgiError(e, 'AGI_ERR_BAD_ENVIRONMENT'),
  );
});

test('arguments are ordered by number and gaps read as empty', () => {
  const env = parseEnvironment(['agi_request: x', 'agi_arg_3: c', 'agi_arg_1: a']);
  assert.deepEqual(env.args, ['a', '', 'c']);
});

test('environmentOf builds from checked pairs what parseEnvironment builds from lines', () => {
  const fromPairs = environmentOf(BASIC.map(parseEnvironmentLine));
  assert.deepEqual(fromPairs, parseEnvironment(BASIC));
  assert.deepEqual(
    Object.keys(fromPairs.fields),
    BASIC.map((line) => line.slice(0, line.indexOf(':'))),
  );
  assert.throws(
    () => environmentOf([['agi_channel', 'SIP/x']]),
    (error) => isAgiError(error, 'AGI_ERR_BAD_ENVIRONMENT'),
  );
});

test('fields are the object fromEntries builds, for the usual layout and any other', () => {
  const stdio = BASIC.slice(2);
  const layouts: string[][] = [
    BASIC,
    BASIC.slice(0, -1),
    stdio,
    [...stdio, 'agi_arg_1: a', 'agi_arg_2: b'],
    [...BASIC, 'agi_arg_2: two', 'agi_arg_1: again'],
    [...BASIC, 'agi_channel: SIP/late'],
    [...BASIC, ...Array.from({ length: 12 }, (_, i) => `agi_arg_${i + 2}: x${i}`)],
    [BASIC[1] ?? '', BASIC[0] ?? '', ...stdio],
    BASIC.filter((line) => !line.startsWith('agi_callingtns')),
  ];
  for (const lines of layouts) {
    const pairs = lines.map(parseEnvironmentLine);
    const { fields } = environmentOf(pairs);
    const expected = Object.fromEntries(pairs);
    assert.deepEqual(Object.entries(fields), Object.entries(expected), lines.join('|'));
    assert.equal(Object.getPrototypeOf(fields), Object.prototype);
    assert.equal(JSON.stringify(fields), JSON.stringify(expected));
  }
});

test('parseEnvironmentLineAt gives what parseEnvironmentLine gives, at any position', () => {
  const lines = [
    ...BASIC,
    'agi_network_script: x',
    'agi_networks: x',
    'agi_request:x',
    'agi_request: a: b',
    'agi_request: ',
    'agi_channel',
  ];
  for (const line of lines) {
    let expected: [string, string] | Error;
    try {
      expected = parseEnvironmentLine(line);
    } catch (error) {
      expected = error as Error;
    }
    for (let index = 0; index < 26; index++) {
      if (expected instanceof Error) {
        assert.throws(
          () => parseEnvironmentLineAt(line, index),
          (error) => isAgiError(error, 'AGI_ERR_BAD_ENVIRONMENT'),
        );
      } else {
        assert.deepEqual(parseEnvironmentLineAt(line, index), expected, `${line} at ${index}`);
      }
    }
  }
});
