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
  /** Boolean switches take no value on the command line. */
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
  | 'conferenceRange'
  | 'lagTimeoutSec'
  | 'endAfterSec'
  | 'sweepIntervalSec'
  | 'maxAgiSessions'
  | 'shutdownDeadlineMs'
  | 'amiUrl'
  | 'mobileContext'
  | 'queueContext'
  | 'bridgeProfile'
  | 'userProfile'
  | 'ringTimeoutSec';

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
    expected: 'ami://user:secret@host:port, e.g. ami://callgate:s3cret@127.0.0.1:5038',
    description: "Asterisk Manager (AMI) that calls agents' phones and keeps queues; unset: AMI off",
    kind: 'value',
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
];
