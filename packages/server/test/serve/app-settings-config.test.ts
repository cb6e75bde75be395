/**
 * The apps' settings on `callgate serve`: each --dialin-*, caller and routing flag (and its env
 * var) lands in the `config.dialIn` / `config.callerLookup` / `config.extensionRouter` registerApps
 * reads, with the apps' own defaults when unset, and bad values stop the start with one line.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  DEFAULT_DIAL_IN_SETTINGS,
  DEFAULT_LOOKUP_SETTINGS,
  DEFAULT_ROUTER_SETTINGS,
  resolveDialInSettings,
  resolveLookupSettings,
  resolveRouterSettings,
} from '../../src/apps/index.ts';
import { ConfigError, parseServeConfig } from '../../src/config/index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'callgate-app-settings-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.ok(!err.message.includes('\n'), 'one line');
    return err;
  }
  assert.fail('expected a ConfigError');
}

function promptsFile(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

describe('app settings from callgate serve', () => {
  test('unset, every app runs on its own defaults', () => {
    const config = parseServeConfig([], {});
    assert.deepEqual(resolveDialInSettings(config.dialIn), DEFAULT_DIAL_IN_SETTINGS);
    assert.deepEqual(resolveLookupSettings(config.callerLookup), DEFAULT_LOOKUP_SETTINGS);
    assert.deepEqual(resolveRouterSettings(config.extensionRouter), DEFAULT_ROUTER_SETTINGS);
    assert.equal(config.trustProxy, false);
    assert.equal(config.lockoutThreshold, 5);
    assert.equal(config.lockoutWindowSec, 900);
    assert.equal(config.lockoutDurationSec, 900);
    assert.equal(config.lockoutServerThreshold, 100);
    assert.equal(config.lockoutMaxDurationSec, 86400);
    assert.equal(config.lockoutDailyThreshold, 20);
    assert.equal(config.lockoutServerDailyThreshold, 500);
    assert.equal(config.lockoutServerWindowSec, 3600);
  });

  test('each dial-in flag reaches the dial-in settings', () => {
    const config = parseServeConfig(
      [
        '--dialin-attempts',
        '5',
        '--dialin-no-session',
        'hold',
        '--dialin-hold-sec',
        '90',
        '--dialin-music-class',
        'jazz',
        '--dialin-session-fresh-sec',
        '30',
        '--dialin-second-leg',
        'replace',
        '--no-dialin-reclaim-stale-legs',
        '--dialin-bridge',
        'dialplan',
        '--dialin-bridge-context',
        'my-conf',
        '--bridge-profile',
        'big_bridge',
        '--user-profile',
        'big_agent',
      ],
      {},
    );
    const settings = resolveDialInSettings(config.dialIn);
    assert.deepEqual(settings, {
      ...DEFAULT_DIAL_IN_SETTINGS,
      attempts: 5,
      noSession: 'hold',
      holdSeconds: 90,
      musicClass: 'jazz',
      sessionFreshSeconds: 30,
      secondLeg: 'replace',
      reclaimStaleLegs: false,
      bridge: 'dialplan',
      dialplanContext: 'my-conf',
      bridgeProfile: 'big_bridge',
      userProfile: 'big_agent',
    });
  });

  test('the dial-in env vars work as well, and a flag wins', () => {
    const config = parseServeConfig(['--dialin-hold-sec', '15'], {
      CALLGATE_DIALIN_NO_SESSION: 'hold',
      CALLGATE_DIALIN_HOLD_SEC: '45',
      CALLGATE_DIALIN_ATTEMPTS: '2',
      CALLGATE_DIALIN_RECLAIM_STALE_LEGS: 'false',
      CALLGATE_DIALIN_SECOND_LEG: 'replace',
    });
    assert.equal(config.dialIn.noSession, 'hold');
    assert.equal(config.dialIn.holdSeconds, 15);
    assert.equal(config.dialIn.attempts, 2);
    assert.equal(config.dialIn.reclaimStaleLegs, false);
    assert.equal(config.dialIn.secondLeg, 'replace');
  });

  test('each caller and routing flag reaches the routing settings', () => {
    const config = parseServeConfig(
      [
        '--caller-country-code',
        '44',
        '--caller-trunk-prefix',
        '0',
        '--caller-greeting',
        'name',
        '--caller-id-name',
        'true',
        '--vip-context',
        'callgate-vip',
        '--router-dial-options',
        'tT',
        '--mobile-context',
        'out-mobile',
      ],
      {},
    );
    assert.deepEqual(resolveLookupSettings(config.callerLookup), {
      ...DEFAULT_LOOKUP_SETTINGS,
      numberRules: { countryCode: '44', trunkPrefix: '0' },
      greeting: 'name',
      setCallerIdName: true,
      vipContext: 'callgate-vip',
    });
    // registerApps adds the mobile context to the router's settings the same way.
    assert.deepEqual(
      resolveRouterSettings({ mobileTrunkContext: config.mobileContext, ...config.extensionRouter }),
      { ...DEFAULT_ROUTER_SETTINGS, dialOptions: 'tT', mobileTrunkContext: 'out-mobile' },
    );
    const fromEnv = parseServeConfig([], {
      CALLGATE_CALLER_COUNTRY_CODE: '1',
      CALLGATE_CALLER_GREETING: 'digits',
      CALLGATE_VIP_CONTEXT: 'vips',
    });
    assert.deepEqual(fromEnv.callerLookup.numberRules, { countryCode: '1' });
    assert.equal(fromEnv.callerLookup.greeting, 'digits');
    assert.equal(fromEnv.callerLookup.vipContext, 'vips');
  });

  test('lockout flags', () => {
    const config = parseServeConfig(
      ['--lockout-threshold', '3', '--lockout-window-sec', '600', '--lockout-duration-sec', '3600'],
      {},
    );
    assert.deepEqual(
      [config.lockoutThreshold, config.lockoutWindowSec, config.lockoutDurationSec],
      [3, 600, 3600],
    );
    const server = parseServeConfig(['--lockout-server-window-sec', '900'], {
      CALLGATE_LOCKOUT_SERVER_THRESHOLD: '40',
    });
    assert.deepEqual([server.lockoutServerThreshold, server.lockoutServerWindowSec], [40, 900]);
  });

  test('--trust-proxy: false, true, a hop count or proxy addresses', () => {
    const trust = (value: string) => parseServeConfig(['--trust-proxy', value], {}).trustProxy;
    assert.equal(trust('false'), false);
    assert.equal(trust('0'), false);
    assert.equal(trust('true'), true);
    assert.equal(trust('2'), 2);
    assert.deepEqual(trust('10.0.0.5, 192.168.0.0/16'), ['10.0.0.5/32', '192.168.0.0/16']);
    assert.equal(parseServeConfig([], { CALLGATE_TRUST_PROXY: '1' }).trustProxy, 1);
    assert.match(
      configError(() => trust('proxy.example')).message,
      /--trust-proxy "proxy.example" \("proxy.example" is not a CIDR block\): expected false, true, a hop count/,
    );
  });

  test('bad values name the flag or env var and what it expects', () => {
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['--dialin-no-session', 'wait'], {}, /--dialin-no-session "wait": expected hangup or hold/],
      [['--dialin-hold-sec', '-1'], {}, /--dialin-hold-sec "-1": expected a whole number of seconds from 0/],
      [['--dialin-attempts', '0'], {}, /--dialin-attempts "0"/],
      [
        [],
        { CALLGATE_DIALIN_SECOND_LEG: 'both' },
        /CALLGATE_DIALIN_SECOND_LEG "both": expected refuse or replace/,
      ],
      [['--dialin-bridge', 'meetme'], {}, /expected confbridge or dialplan/],
      [['--dialin-bridge-context', 'a b'], {}, /--dialin-bridge-context/],
      [['--dialin-music-class', 'x,y'], {}, /--dialin-music-class/],
      [['--caller-country-code', '+44'], {}, /--caller-country-code "\+44": expected 1 to 4 digits/],
      [['--caller-trunk-prefix', '0000'], {}, /--caller-trunk-prefix/],
      [['--caller-greeting', 'hello'], {}, /expected none, prompt, digits or name/],
      [['--caller-id-name', 'maybe'], {}, /--caller-id-name "maybe": expected true or false/],
      [['--vip-context', 'vip,1'], {}, /--vip-context/],
      [['--router-dial-options', 't,T'], {}, /--router-dial-options "t,T": expected Dial\(\) option letters/],
      [['--lockout-threshold', '0'], {}, /--lockout-threshold/],
      [['--lockout-server-window-sec', '10'], {}, /--lockout-server-window-sec/],
      [['--no-dialin-reclaim-stale-legs=yes'], {}, /takes no value/],
    ];
    for (const [argv, env, message] of cases) {
      assert.match(configError(() => parseServeConfig(argv, env)).message, message, argv.join(' '));
    }
  });
});

describe('--dialin-prompts', () => {
  test('a JSON file replaces the prompts it names, the rest stay core sounds', () => {
    const path = promptsFile('prompts.json', '{"userId": "custom/enter-id", "failure": "custom/sorry"}');
    const config = parseServeConfig(['--dialin-prompts', path], {});
    assert.equal(config.dialInPromptsFile, path);
    assert.deepEqual(resolveDialInSettings(config.dialIn).prompts, {
      ...DEFAULT_DIAL_IN_SETTINGS.prompts,
      userId: 'custom/enter-id',
      failure: 'custom/sorry',
    });
    const fromEnv = parseServeConfig([], { CALLGATE_DIALIN_PROMPTS: path });
    assert.equal(fromEnv.dialIn.prompts?.userId, 'custom/enter-id');
  });

  test('the file is read through the given reader', () => {
    const read: string[] = [];
    const config = parseServeConfig(
      ['--dialin-prompts', '/etc/callgate/prompts.json'],
      {},
      {
        readTextFile: (p) => {
          read.push(p);
          return '{"goodbye": "bye"}';
        },
      },
    );
    assert.deepEqual(read, ['/etc/callgate/prompts.json']);
    assert.deepEqual(config.dialIn.prompts, { goodbye: 'bye' });
  });

  test('a missing, malformed or wrong file stops the start with one line', () => {
    const missing = join(tmp, 'nope.json');
    assert.match(
      configError(() => parseServeConfig(['--dialin-prompts', missing], {})).message,
      new RegExp(`invalid --dialin-prompts "${missing}" \\(no such file\\): expected a JSON file`),
    );
    const cases: Array<[string, RegExp]> = [
      ['{"userId": ', /\(not valid JSON\)/],
      ['["agent-user"]', /\(not a JSON object of prompt names\)/],
      ['{"welcome": "hi"}', /\(unknown prompt "welcome"; known: userId, pin, /],
      ['{"pin": "x; Hangup"}', /\(prompt "pin" is not a plain sound file name\)/],
      ['{"pin": 3}', /\(prompt "pin" is not a plain sound file name\)/],
    ];
    for (const [text, message] of cases) {
      const path = promptsFile('bad.json', text);
      const err = configError(() => parseServeConfig([], { CALLGATE_DIALIN_PROMPTS: path }));
      assert.match(err.message, /^invalid CALLGATE_DIALIN_PROMPTS /);
      assert.match(err.message, message, text);
    }
  });
});

describe('--router-prompts and --caller-prompts', () => {
  test('the router file replaces the prompts it names; the others stay core sounds', () => {
    const path = promptsFile(
      'router.json',
      '{"unknown": "custom/no-such-extension", "goodbye": "custom/bye"}',
    );
    const config = parseServeConfig(['--router-prompts', path, '--router-dial-options', 'tT'], {});
    assert.equal(config.routerPromptsFile, path);
    const router = resolveRouterSettings(config.extensionRouter);
    assert.deepEqual(router.prompts, {
      ...DEFAULT_ROUTER_SETTINGS.prompts,
      unknown: 'custom/no-such-extension',
      goodbye: 'custom/bye',
    });
    assert.equal(router.dialOptions, 'tT', 'the other router flags still apply');
    const fromEnv = parseServeConfig([], { CALLGATE_ROUTER_PROMPTS: path });
    assert.equal(resolveRouterSettings(fromEnv.extensionRouter).prompts.unknown, 'custom/no-such-extension');
  });

  test("the caller file sets the greeting prompt and where contacts' names are", () => {
    const both = promptsFile(
      'caller.json',
      '{"greeting": "custom/welcome-back", "namePrefix": "custom/names/"}',
    );
    const lookup = resolveLookupSettings(parseServeConfig(['--caller-prompts', both], {}).callerLookup);
    assert.equal(lookup.greetingPrompt, 'custom/welcome-back');
    assert.equal(lookup.namePromptPrefix, 'custom/names/');
    const one = promptsFile('caller-one.json', '{"greeting": "custom/hi"}');
    const partly = resolveLookupSettings(parseServeConfig([], { CALLGATE_CALLER_PROMPTS: one }).callerLookup);
    assert.deepEqual(
      [partly.greetingPrompt, partly.namePromptPrefix],
      ['custom/hi', DEFAULT_LOOKUP_SETTINGS.namePromptPrefix],
    );
  });

  test('a wrong file names its own flag or variable and the prompts it knows', () => {
    const router = promptsFile('router-bad.json', '{"userId": "custom/x"}');
    assert.match(
      configError(() => parseServeConfig(['--router-prompts', router], {})).message,
      /^invalid --router-prompts ".*" \(unknown prompt "userId"; known: unknown, noVoicemail, apology, goodbye\): expected a JSON file/,
    );
    const caller = promptsFile('caller-bad.json', '{"greeting": "hello world"}');
    assert.match(
      configError(() => parseServeConfig([], { CALLGATE_CALLER_PROMPTS: caller })).message,
      /^invalid CALLGATE_CALLER_PROMPTS ".*" \(prompt "greeting" is not a plain sound file name\)/,
    );
    assert.match(
      configError(() => parseServeConfig(['--caller-prompts', join(tmp, 'missing.json')], {})).message,
      /\(no such file\)/,
    );
  });
});
