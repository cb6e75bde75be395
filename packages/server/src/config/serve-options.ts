/**
 * The catalogue of `callgate serve` options: one row per setting, with its flag, its CALLGATE_* env
 * var, its default and a one-line meaning. The parser, `--help` and the README table all follow it.
 */
export interface ServeOption {
  /** Key in ServeConfig. */
  readonly key: ServeOptionKey;
  /** Long flag without dashes, e.g. `agi-port`; `null` for env-only settings. */
  readonly flag: string | null;
  readonly env: string;
  /** The default as the user would type it; `undefined` when unset by default. */
  readonly defaultValue: string | undefined;
  /** What a valid value looks like, used in error messages ("expected ..."). */
  readonly expected: string;
  readonly description: string;
  /**
   * Boolean switches take no value on the command line: a `--no-...` flag sets its setting to
   * false, any other switch sets it to true.
   */
  readonly kind: 'value' | 'switch';
}

export type ServeOptionKey =
  | 'db'
  | 'agiPort'
  | 'httpPort'
  | 'host'
  | 'agiAllow'
  | 'agiSecret'
  | 'logLevel'
  | 'publicUrl'
  | 'dialinNumber'
  | 'seed'
  | 'workers'
  | 'conferenceRange'
  | 'lagTimeoutSec'
  | 'endAfterSec'
  | 'sweepIntervalSec'
  | 'maxAgiSessions'
  | 'agiPlaybackTimeoutSec'
  | 'httpMaxConnections'
  | 'shutdownDeadlineMs'
  | 'amiUrl'
  | 'amiCaFile'
  | 'amiTlsAllowUnverified'
  | 'agentCallerId'
  | 'mobileContext'
  | 'queueContext'
  | 'bridgeProfile'
  | 'userProfile'
  | 'ringTimeoutSec'
  | 'trustProxy'
  | 'lockoutThreshold'
  | 'lockoutWindowSec'
  | 'lockoutDurationSec'
  | 'nodeId'
  | 'lockoutMaxDurationSec'
  | 'lockoutDailyThreshold'
  | 'lockoutServerDailyThreshold'
  | 'lockoutServerThreshold'
  | 'lockoutServerWindowSec'
  | 'dialInAttempts'
  | 'dialInNoSession'
  | 'dialInHoldSec'
  | 'dialInMusicClass'
  | 'dialInSessionFreshSec'
  | 'dialInSecondLeg'
  | 'dialInReclaimStaleLegs'
  | 'dialInBridge'
  | 'dialInBridgeContext'
  | 'dialInPromptsFile'
  | 'callerCountryCode'
  | 'callerTrunkPrefix'
  | 'callerGreeting'
  | 'callerIdName'
  | 'vipContext'
  | 'routerDialOptions'
  | 'routerPromptsFile'
  | 'callerPromptsFile';

export const SERVE_OPTIONS: readonly ServeOption[] = [
  {
    key: 'db',
    flag: 'db',
    env: 'CALLGATE_DB',
    defaultValue: 'sqlite:./data/callgate.sqlite',
    expected: 'sqlite:<file>, sqlite::memory: or postgres://user@host:port/database',
    description: 'database: an SQLite file (created with its directory) or a PostgreSQL URL',
    kind: 'value',
  },
  {
    key: 'agiPort',
    flag: 'agi-port',
    env: 'CALLGATE_AGI_PORT',
    defaultValue: '4573',
    expected: 'a TCP port number from 0 to 65535',
    description: 'FastAGI port Asterisk connects to (0 picks a free port)',
    kind: 'value',
  },
  {
    key: 'httpPort',
    flag: 'http-port',
    env: 'CALLGATE_HTTP_PORT',
    defaultValue: '8080',
    expected: 'a TCP port number from 0 to 65535',
    description: 'HTTP port of the web console, the API, /healthz and /metrics',
    kind: 'value',
  },
  {
    key: 'host',
    flag: 'host',
    env: 'CALLGATE_HOST',
    defaultValue: '127.0.0.1',
    expected: 'an IP address or host name to listen on, e.g. 0.0.0.0',
    description: 'address both servers listen on (0.0.0.0 or :: for every interface)',
    kind: 'value',
  },
  {
    key: 'agiAllow',
    flag: 'agi-allow',
    env: 'CALLGATE_AGI_ALLOW',
    defaultValue: '127.0.0.1/32,::1/128',
    expected: 'comma-separated CIDR blocks, e.g. 10.0.0.0/8,::1/128',
    description: 'Asterisk addresses allowed to open FastAGI sessions',
    kind: 'value',
  },
  {
    key: 'agiSecret',
    flag: 'agi-secret',
    env: 'CALLGATE_AGI_SECRET',
    defaultValue: undefined,
    expected: 'at least 8 characters from A-Z a-z 0-9 . _ ~ - (safe inside an AGI URL)',
    description: 'shared secret Asterisk must put in the AGI URL (?secret=...); unset: none',
    kind: 'value',
  },
  {
    key: 'logLevel',
    flag: 'log-level',
    env: 'CALLGATE_LOG_LEVEL',
    defaultValue: 'info',
    expected: 'one of fatal, error, warn, info, debug, trace, silent',
    description: 'structured (JSON) log level; logs go to stderr',
    kind: 'value',
  },
  {
    key: 'publicUrl',
    flag: 'public-url',
    env: 'CALLGATE_PUBLIC_URL',
    defaultValue: undefined,
    expected: 'an http:// or https:// URL, e.g. https://callgate.example.com/',
    description: 'URL users reach the console at (printed links; https makes cookies Secure)',
    kind: 'value',
  },
  {
    key: 'dialinNumber',
    flag: 'dialin-number',
    env: 'CALLGATE_DIALIN_NUMBER',
    defaultValue: '2345',
    expected: 'an extension of 1 to 20 digits',
    description: 'extension agents call to dial in (shown in the console and the dialplan snippet)',
    kind: 'value',
  },
  {
    key: 'seed',
    flag: 'no-seed',
    env: 'CALLGATE_SEED',
    defaultValue: 'true',
    expected: 'true or false',
    description: 'seed demo agents, phones and pause codes into an empty database (--no-seed: do not)',
    kind: 'switch',
  },
  {
    key: 'workers',
    flag: 'workers',
    env: 'CALLGATE_WORKERS',
    defaultValue: '1',
    expected: 'a number of processes from 1 to 64, or auto (one per CPU); more than 1 needs PostgreSQL',
    description: 'worker processes sharing the FastAGI and HTTP ports (node:cluster), to use every CPU',
    kind: 'value',
  },
  {
    key: 'conferenceRange',
    flag: 'conference-range',
    env: 'CALLGATE_CONFERENCE_RANGE',
    defaultValue: '8600051-8600999',
    expected: 'two room numbers low-high, e.g. 8600051-8600999',
    description: 'conference room numbers given to agent sessions',
    kind: 'value',
  },
  {
    key: 'lagTimeoutSec',
    flag: 'lag-timeout-sec',
    env: 'CALLGATE_LAG_TIMEOUT_SEC',
    defaultValue: '60',
    expected: 'a whole number of seconds, at least 5',
    description: 'pause a session as LAGGED when its console has not been seen for this long',
    kind: 'value',
  },
  {
    key: 'endAfterSec',
    flag: 'end-after-sec',
    env: 'CALLGATE_END_AFTER_SEC',
    defaultValue: '600',
    expected: 'a whole number of seconds, at least 5',
    description: "end a lagged session (end reason 'lagged') after this long unseen",
    kind: 'value',
  },
  {
    key: 'sweepIntervalSec',
    flag: 'sweep-interval-sec',
    env: 'CALLGATE_SWEEP_INTERVAL_SEC',
    defaultValue: '15',
    expected: 'a whole number of seconds from 1 to 3600',
    description: 'how often stale (lagged) sessions are looked for',
    kind: 'value',
  },
  {
    key: 'maxAgiSessions',
    flag: 'max-agi-sessions',
    env: 'CALLGATE_MAX_AGI_SESSIONS',
    defaultValue: '1000',
    expected: 'a whole number from 1 to 100000',
    description: 'concurrent FastAGI sessions; connections beyond it are refused',
    kind: 'value',
  },
  {
    key: 'agiPlaybackTimeoutSec',
    flag: 'agi-playback-timeout-sec',
    env: 'CALLGATE_AGI_PLAYBACK_TIMEOUT_SEC',
    defaultValue: '30',
    expected: 'a whole number of seconds from 5 to 3600',
    description:
      'longest one prompt may play before Asterisk is taken as not answering (raise it for longer custom prompts)',
    kind: 'value',
  },
  {
    key: 'httpMaxConnections',
    flag: 'http-max-connections',
    env: 'CALLGATE_HTTP_MAX_CONNECTIONS',
    defaultValue: '1000',
    expected: 'a whole number from 10 to 100000',
    description: 'open HTTP connections (browsers, live event streams, monitoring); more are closed at once',
    kind: 'value',
  },
  {
    key: 'shutdownDeadlineMs',
    flag: 'shutdown-deadline-ms',
    env: 'CALLGATE_SHUTDOWN_DEADLINE_MS',
    defaultValue: '10000',
    expected: 'a whole number of milliseconds from 0 to 3600000',
    description: 'on SIGTERM/SIGINT, how long calls in progress may finish before they are cut',
    kind: 'value',
  },
  {
    key: 'amiUrl',
    flag: 'ami-url',
    env: 'CALLGATE_AMI_URL',
    defaultValue: undefined,
    expected:
      'ami://user:secret@host:port or amis://user:secret@host:port (TLS), e.g. ami://callgate:s3cret@127.0.0.1:5038',
    description:
      "Asterisk Manager (AMI) that calls agents' phones and keeps queues; amis:// for TLS (port 5039); unset: AMI off",
    kind: 'value',
  },
  {
    key: 'amiCaFile',
    flag: 'ami-ca-file',
    env: 'CALLGATE_AMI_CA_FILE',
    defaultValue: undefined,
    expected: "a PEM file with the certificate of the CA that signed Asterisk's AMI certificate",
    description: "amis://: the CA that signed Asterisk's certificate (a private CA); unset: the system's CAs",
    kind: 'value',
  },
  {
    key: 'amiTlsAllowUnverified',
    flag: 'ami-tls-allow-unverified',
    env: 'CALLGATE_AMI_TLS_ALLOW_UNVERIFIED',
    defaultValue: 'false',
    expected: 'true or false',
    description:
      "amis://: accept Asterisk's certificate without verifying it (a test bench only: anyone in between can read the AMI secret's MD5 logins and every action)",
    kind: 'switch',
  },
  {
    key: 'mobileContext',
    flag: 'mobile-context',
    env: 'CALLGATE_MOBILE_CONTEXT',
    defaultValue: 'callgate-mobile',
    expected: 'a dialplan context name (A-Z a-z 0-9 _ -)',
    description: "dialplan context that dials agents' mobiles out a trunk (Local/<number>@<context>/n)",
    kind: 'value',
  },
  {
    key: 'queueContext',
    flag: 'queue-context',
    env: 'CALLGATE_QUEUE_CONTEXT',
    defaultValue: 'callgate-queue',
    expected: 'a dialplan context name (A-Z a-z 0-9 _ -)',
    description:
      "context of agents' queue members (Local/<conference>@<context>/n) that joins the conference",
    kind: 'value',
  },
  {
    key: 'bridgeProfile',
    flag: 'bridge-profile',
    env: 'CALLGATE_BRIDGE_PROFILE',
    defaultValue: 'callgate_bridge',
    expected: 'a confbridge.conf profile name (A-Z a-z 0-9 _ -)',
    description: 'ConfBridge bridge profile of session conferences (for legs Callgate calls)',
    kind: 'value',
  },
  {
    key: 'userProfile',
    flag: 'user-profile',
    env: 'CALLGATE_USER_PROFILE',
    defaultValue: 'callgate_agent',
    expected: 'a confbridge.conf profile name (A-Z a-z 0-9 _ -)',
    description: "ConfBridge user profile of agents' phone legs Callgate calls",
    kind: 'value',
  },
  {
    key: 'ringTimeoutSec',
    flag: 'ring-timeout-sec',
    env: 'CALLGATE_RING_TIMEOUT_SEC',
    defaultValue: '30',
    expected: 'a whole number of seconds from 5 to 300',
    description: "how long an agent's phone rings when Callgate calls it",
    kind: 'value',
  },
  {
    key: 'agentCallerId',
    flag: 'agent-caller-id',
    env: 'CALLGATE_AGENT_CALLER_ID',
    defaultValue: undefined,
    expected: 'a number, or "Name" <number> (name up to 40 characters, number 1-20 of 0-9 + * #)',
    description:
      'caller ID agents\' phones show when Callgate calls them; unset: "Callgate" <the dial-in number>',
    kind: 'value',
  },
  {
    key: 'trustProxy',
    flag: 'trust-proxy',
    env: 'CALLGATE_TRUST_PROXY',
    defaultValue: 'false',
    expected: 'false, true, a hop count (e.g. 1) or comma-separated proxy addresses/CIDR blocks',
    description: 'reverse proxies whose X-Forwarded-For names the client (login limits, audit); false: none',
    kind: 'value',
  },
  {
    key: 'lockoutThreshold',
    flag: 'lockout-threshold',
    env: 'CALLGATE_LOCKOUT_THRESHOLD',
    defaultValue: '5',
    expected: 'a whole number from 1 to 100',
    description:
      'failed logins per user ID (dial-in and web counted apart), per caller ID, and per agent number or browser, that lock it',
    kind: 'value',
  },
  {
    key: 'lockoutWindowSec',
    flag: 'lockout-window-sec',
    env: 'CALLGATE_LOCKOUT_WINDOW_SEC',
    defaultValue: '900',
    expected: 'a whole number of seconds from 1 to 86400',
    description: 'window in which failed logins count towards --lockout-threshold',
    kind: 'value',
  },
  {
    key: 'lockoutDurationSec',
    flag: 'lockout-duration-sec',
    env: 'CALLGATE_LOCKOUT_DURATION_SEC',
    defaultValue: '900',
    expected: 'a whole number of seconds from 1 to 604800',
    description: 'how long a locked user ID or caller ID stays locked the first time',
    kind: 'value',
  },
  {
    key: 'lockoutMaxDurationSec',
    flag: 'lockout-max-duration-sec',
    env: 'CALLGATE_LOCKOUT_MAX_DURATION_SEC',
    defaultValue: '86400',
    expected: 'a whole number of seconds from 60 to 2592000',
    description:
      'each lock in a row lasts twice the one before, up to this; a lane quiet this long after its last lock starts over',
    kind: 'value',
  },
  {
    key: 'lockoutDailyThreshold',
    flag: 'lockout-daily-threshold',
    env: 'CALLGATE_LOCKOUT_DAILY_THRESHOLD',
    defaultValue: '20',
    expected: 'a whole number from 1 to 10000',
    description:
      'failed logins per user ID (and per agent number or browser) within a day that lock it for a day, however they are paced',
    kind: 'value',
  },
  {
    key: 'lockoutServerDailyThreshold',
    flag: 'lockout-server-daily-threshold',
    env: 'CALLGATE_LOCKOUT_SERVER_DAILY_THRESHOLD',
    defaultValue: '500',
    expected: 'a whole number from 1 to 1000000',
    description: 'the same as --lockout-server-threshold, over a day',
    kind: 'value',
  },
  {
    key: 'nodeId',
    flag: 'node-id',
    env: 'CALLGATE_NODE_ID',
    defaultValue: undefined,
    expected: '1 to 64 of A-Z a-z 0-9 . _ : / -',
    description:
      'this node, as the holder of the dial-in legs its calls carry: a restarted node releases the legs it held; keep it the same across restarts',
    kind: 'value',
  },
  {
    key: 'lockoutServerThreshold',
    flag: 'lockout-server-threshold',
    env: 'CALLGATE_LOCKOUT_SERVER_THRESHOLD',
    defaultValue: '100',
    expected: 'a whole number from 1 to 100000',
    description:
      "failed logins from strangers over all user IDs (dial-in and web each) that refuse strangers until the window ends; agents' own numbers and browsers still get in",
    kind: 'value',
  },
  {
    key: 'lockoutServerWindowSec',
    flag: 'lockout-server-window-sec',
    env: 'CALLGATE_LOCKOUT_SERVER_WINDOW_SEC',
    defaultValue: '3600',
    expected: 'a whole number of seconds from 60 to 86400',
    description: 'window in which failed logins count towards --lockout-server-threshold',
    kind: 'value',
  },
  {
    key: 'dialInAttempts',
    flag: 'dialin-attempts',
    env: 'CALLGATE_DIALIN_ATTEMPTS',
    defaultValue: '3',
    expected: 'a whole number from 1 to 10',
    description: 'dial-in: login attempts per call',
    kind: 'value',
  },
  {
    key: 'dialInNoSession',
    flag: 'dialin-no-session',
    env: 'CALLGATE_DIALIN_NO_SESSION',
    defaultValue: 'hangup',
    expected: 'hangup or hold',
    description: 'dial-in: valid login but no open session: say so and hang up, or hold with music',
    kind: 'value',
  },
  {
    key: 'dialInHoldSec',
    flag: 'dialin-hold-sec',
    env: 'CALLGATE_DIALIN_HOLD_SEC',
    defaultValue: '60',
    expected: 'a whole number of seconds from 0 to 3600',
    description: 'dial-in: longest hold (hold mode) while the agent opens the session',
    kind: 'value',
  },
  {
    key: 'dialInMusicClass',
    flag: 'dialin-music-class',
    env: 'CALLGATE_DIALIN_MUSIC_CLASS',
    defaultValue: 'default',
    expected: 'a musiconhold.conf class name (A-Z a-z 0-9 _ -)',
    description: 'dial-in: music-on-hold class played during the hold',
    kind: 'value',
  },
  {
    key: 'dialInSessionFreshSec',
    flag: 'dialin-session-fresh-sec',
    env: 'CALLGATE_DIALIN_SESSION_FRESH_SEC',
    defaultValue: '120',
    expected: 'a whole number of seconds from 1 to 86400',
    description: 'dial-in: a session whose console was not seen for this long is not joined',
    kind: 'value',
  },
  {
    key: 'dialInSecondLeg',
    flag: 'dialin-second-leg',
    env: 'CALLGATE_DIALIN_SECOND_LEG',
    defaultValue: 'refuse',
    expected: 'refuse or replace',
    description: 'dial-in: a second caller for a session with a phone leg is refused or replaces it',
    kind: 'value',
  },
  {
    key: 'dialInReclaimStaleLegs',
    flag: 'no-dialin-reclaim-stale-legs',
    env: 'CALLGATE_DIALIN_RECLAIM_STALE_LEGS',
    defaultValue: 'true',
    expected: 'true or false',
    description:
      'dial-in: take over a leg whose channel Asterisk no longer knows (--no-...: do not; several Asterisks on one database)',
    kind: 'switch',
  },
  {
    key: 'dialInBridge',
    flag: 'dialin-bridge',
    env: 'CALLGATE_DIALIN_BRIDGE',
    defaultValue: 'confbridge',
    expected: 'confbridge or dialplan',
    description: 'dial-in: join the conference inside the AGI, or jump to --dialin-bridge-context',
    kind: 'value',
  },
  {
    key: 'dialInBridgeContext',
    flag: 'dialin-bridge-context',
    env: 'CALLGATE_DIALIN_BRIDGE_CONTEXT',
    defaultValue: 'callgate-conference',
    expected: 'a dialplan context name (A-Z a-z 0-9 _ -)',
    description: 'dial-in, dialplan bridge: context whose extension <room> joins the conference',
    kind: 'value',
  },
  {
    key: 'dialInPromptsFile',
    flag: 'dialin-prompts',
    env: 'CALLGATE_DIALIN_PROMPTS',
    defaultValue: undefined,
    expected: 'a JSON file of prompt names, e.g. {"userId":"custom/enter-id"}',
    description: 'dial-in: JSON file of prompts replacing the core sounds (keys userId, pin, failure, ...)',
    kind: 'value',
  },
  {
    key: 'callerCountryCode',
    flag: 'caller-country-code',
    env: 'CALLGATE_CALLER_COUNTRY_CODE',
    defaultValue: undefined,
    expected: '1 to 4 digits, e.g. 44',
    description: 'caller lookup: home country code; +44... and 0044... become national numbers',
    kind: 'value',
  },
  {
    key: 'callerTrunkPrefix',
    flag: 'caller-trunk-prefix',
    env: 'CALLGATE_CALLER_TRUNK_PREFIX',
    defaultValue: undefined,
    expected: '1 to 3 digits, e.g. 0',
    description: 'caller lookup: national trunk prefix; numbers match with or without it',
    kind: 'value',
  },
  {
    key: 'callerGreeting',
    flag: 'caller-greeting',
    env: 'CALLGATE_CALLER_GREETING',
    defaultValue: 'none',
    expected: 'none, prompt, digits or name',
    description: 'caller lookup: what a known caller hears (the AGI URL ?greeting= overrides it)',
    kind: 'value',
  },
  {
    key: 'callerIdName',
    flag: 'caller-id-name',
    env: 'CALLGATE_CALLER_ID_NAME',
    defaultValue: 'false',
    expected: 'true or false',
    description: "caller lookup: also set CALLERID(name) to the contact's name",
    kind: 'value',
  },
  {
    key: 'vipContext',
    flag: 'vip-context',
    env: 'CALLGATE_VIP_CONTEXT',
    defaultValue: undefined,
    expected: 'a dialplan context name (A-Z a-z 0-9 _ -)',
    description: 'caller lookup: context VIP callers continue in (?vip= overrides); unset: VIPs only marked',
    kind: 'value',
  },
  {
    key: 'routerDialOptions',
    flag: 'router-dial-options',
    env: 'CALLGATE_ROUTER_DIAL_OPTIONS',
    defaultValue: undefined,
    expected: 'Dial() option letters only, e.g. tT',
    description: 'extension router: option letters of its Dial()',
    kind: 'value',
  },
  {
    key: 'routerPromptsFile',
    flag: 'router-prompts',
    env: 'CALLGATE_ROUTER_PROMPTS',
    defaultValue: undefined,
    expected: 'a JSON file of prompt names, e.g. {"unknown":"custom/no-such-extension"}',
    description:
      'extension router: JSON file of prompts replacing the core sounds (keys unknown, noVoicemail, apology, goodbye)',
    kind: 'value',
  },
  {
    key: 'callerPromptsFile',
    flag: 'caller-prompts',
    env: 'CALLGATE_CALLER_PROMPTS',
    defaultValue: undefined,
    expected: 'a JSON file of prompt names, e.g. {"greeting":"custom/welcome-back"}',
    description:
      "caller lookup: JSON file with the greeting prompt and the prefix of contacts' recorded names (keys greeting, namePrefix)",
    kind: 'value',
  },
];
