import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatServeHelp, parseServeConfig } from '../../src/config/index.ts';
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
    });
    const fromFlag = parseServeConfig(['--ami-url', 'ami://cg:pw@pbx.example?auth=plain'], {});
    assert.deepEqual(fromFlag.amiUrl, {
      host: 'pbx.example',
      port: 5038,
      username: 'cg',
      secret: 'pw',
      auth: 'plain',
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

  test('--help lists the AMI options', () => {
    const help = formatServeHelp();
    for (const flag of [
      '--ami-url',
      '--mobile-context',
      '--queue-context',
      '--bridge-profile',
      '--user-profile',
    ]) {
      assert.ok(help.includes(flag), `help lacks ${flag}`);
    }
  });
});
