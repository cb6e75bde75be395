import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { agentCallerIdOf, formatServeHelp, parseServeConfig } from '../../src/config/index.ts';
import { configError } from '../support/config-error.ts';

describe('serve config: Asterisk Manager (AMI) options', () => {
  test('AMI is off by default; contexts, profiles and ring timeout have their documented defaults', () => {
    const config = parseServeConfig([], {});
    assert.equal(config.amiUrl, undefined);
    assert.equal(config.mobileContext, 'callgate-mobile');
    assert.equal(config.queueContext, 'callgate-queue');
    assert.equal(config.bridgeProfile, 'callgate_bridge');
    assert.equal(config.userProfile, 'callgate_agent');
    assert.equal(config.ringTimeoutSec, 30);
  });

  test('CALLGATE_AMI_URL and --ami-url give host, port, user and secret; an empty variable is off', () => {
    const fromEnv = parseServeConfig([], { CALLGATE_AMI_URL: 'ami://callgate:s3cr%40t@10.0.0.5:5039' });
    assert.deepEqual(fromEnv.amiUrl, {
      host: '10.0.0.5',
      port: 5039,
      username: 'callgate',
      secret: 's3cr@t',
      auth: 'md5',
      tls: false,
    });
    const fromFlag = parseServeConfig(['--ami-url', 'ami://cg:pw@pbx.example?auth=plain'], {});
    assert.deepEqual(fromFlag.amiUrl, {
      host: 'pbx.example',
      port: 5038,
      username: 'cg',
      secret: 'pw',
      auth: 'plain',
      tls: false,
    });
    assert.equal(parseServeConfig([], { CALLGATE_AMI_URL: '' }).amiUrl, undefined);
  });

  test('a bad AMI URL names the setting and never echoes the secret', () => {
    const noSecret = configError(() => parseServeConfig(['--ami-url', 'ami://callgate@127.0.0.1'], {}));
    assert.equal(noSecret.code, 'E_CONFIG_VALUE');
    assert.match(noSecret.message, /--ami-url .*no user or no secret/);
    const wrongScheme = configError(() =>
      parseServeConfig([], { CALLGATE_AMI_URL: 'http://callgate:TopSecret99@127.0.0.1:5038' }),
    );
    assert.match(wrongScheme.message, /CALLGATE_AMI_URL/);
    assert.doesNotMatch(wrongScheme.message, /TopSecret99/);
  });

  test('contexts and profiles must be plain dialplan names; ring timeout is bounded', () => {
    assert.match(
      configError(() => parseServeConfig(['--mobile-context', 'out,1'], {})).message,
      /--mobile-context "out,1"/,
    );
    assert.match(
      configError(() => parseServeConfig([], { CALLGATE_USER_PROFILE: 'a b' })).message,
      /CALLGATE_USER_PROFILE/,
    );
    assert.match(configError(() => parseServeConfig(['--ring-timeout-sec', '2'], {})).message, /5 to 300/);
    assert.equal(parseServeConfig(['--queue-context', 'my-queue_2'], {}).queueContext, 'my-queue_2');
  });

  test('the caller ID agents see: "Callgate" <dial-in number> by default; flag, variable, and bad values', () => {
    assert.equal(parseServeConfig([], {}).agentCallerId, undefined);
    assert.equal(agentCallerIdOf(parseServeConfig([], {})), '"Callgate" <2345>');
    assert.equal(agentCallerIdOf(parseServeConfig(['--dialin-number', '8000'], {})), '"Callgate" <8000>');
    assert.equal(
      parseServeConfig(['--agent-caller-id', 'Contact Centre <+442071234567>'], {}).agentCallerId,
      '"Contact Centre" <+442071234567>',
    );
    assert.equal(
      parseServeConfig([], { CALLGATE_AGENT_CALLER_ID: '"Sales" <100>' }).agentCallerId,
      '"Sales" <100>',
    );
    assert.equal(parseServeConfig([], { CALLGATE_AGENT_CALLER_ID: '2345' }).agentCallerId, '2345');
    for (const bad of [
      '"Evil" <1\r\nAction: Originate>',
      'no number',
      '"A" <12a>',
      `"${'x'.repeat(41)}" <1>`,
    ]) {
      const err = configError(() => parseServeConfig(['--agent-caller-id', bad], {}));
      assert.match(err.message, /^invalid --agent-caller-id .*expected a number, or "Name" <number>/);
      assert.doesNotMatch(err.message, /[\r\n]/, 'one line, whatever was typed');
    }
  });

  test('amis:// settings: a CA file (read and checked at start), and the clearly named unverified switch', () => {
    const url = 'amis://callgate:pw@pbx.example';
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const files: Record<string, string> = {
      '/etc/callgate/ami-ca.pem': pem,
      '/etc/callgate/not.pem': 'hello',
    };
    const io = {
      readTextFile: (path: string) => {
        const text = files[path];
        if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        return text;
      },
    };
    const withCa = parseServeConfig(['--ami-url', url, '--ami-ca-file', '/etc/callgate/ami-ca.pem'], {}, io);
    assert.equal(withCa.amiCa, pem);
    assert.equal(withCa.amiTlsAllowUnverified, false);
    assert.equal(
      parseServeConfig(['--ami-url', url, '--ami-tls-allow-unverified'], {}).amiTlsAllowUnverified,
      true,
    );
    assert.equal(
      parseServeConfig([], { CALLGATE_AMI_URL: url, CALLGATE_AMI_TLS_ALLOW_UNVERIFIED: 'true' })
        .amiTlsAllowUnverified,
      true,
    );
    assert.match(
      configError(() => parseServeConfig(['--ami-url', url, '--ami-ca-file', '/nope.pem'], {}, io)).message,
      /--ami-ca-file "\/nope\.pem" \(no such file\)/,
    );
    assert.match(
      configError(() =>
        parseServeConfig(['--ami-url', url, '--ami-ca-file', '/etc/callgate/not.pem'], {}, io),
      ).message,
      /no PEM certificate in it/,
    );
    // TLS settings without an amis:// URL are a mistake, not something to ignore.
    assert.match(
      configError(() =>
        parseServeConfig(['--ami-url', 'ami://u:p@h', '--ami-ca-file', '/etc/callgate/ami-ca.pem'], {}, io),
      ).message,
      /--ami-ca-file: a CA file needs an amis:\/\/ AMI URL/,
    );
    assert.match(
      configError(() => parseServeConfig(['--ami-tls-allow-unverified'], {})).message,
      /--ami-tls-allow-unverified: it needs an amis:\/\/ AMI URL \(TLS\); --ami-url is unset/,
    );
  });

  test('--help lists the AMI options', () => {
    const help = formatServeHelp();
    for (const flag of [
      '--ami-url',
      '--ami-ca-file',
      '--ami-tls-allow-unverified',
      '--agent-caller-id',
      '--mobile-context',
      '--queue-context',
      '--bridge-profile',
      '--user-profile',
    ]) {
      assert.ok(help.includes(flag), `help lacks ${flag}`);
    }
  });
});
