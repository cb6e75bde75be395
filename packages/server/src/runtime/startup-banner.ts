/** A demo account created by the first seed, printed once so a newcomer can log in. */
export interface DemoLogin {
  readonly userId: string;
  readonly name: string;
  readonly role: string;
  readonly password?: string | undefined;
  readonly pin?: string | undefined;
}

export interface StartupBannerInput {
  /** Where a browser reaches the console, e.g. `http://127.0.0.1:8080/`. */
  readonly consoleUrl: string;
  /** Host and port Asterisk dials for FastAGI (a reachable name, never 0.0.0.0). */
  readonly agiHost: string;
  readonly agiPort: number;
  readonly agiAllow: readonly string[];
  readonly secretSet: boolean;
  readonly dialinNumber: string;
  /** The database URL with any password masked. */
  readonly database: string;
  /** The AMI URL with the secret masked; undefined when AMI is off. */
  readonly ami?: string | undefined;
  /** Present only right after the first seed; empty or undefined on later starts. */
  readonly demoLogins?: readonly DemoLogin[] | undefined;
  readonly appsLoaded: boolean;
  readonly shutdownDeadlineMs: number;
}

/** `[::1]` for IPv6 literals, as URLs need. */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The plain-text block `callgate serve` prints on stdout once both servers listen: where to point a
 * browser, the demo logins (first seed only: demo data, never real credentials), the dialplan to
 * paste into extensions.conf, and how to try a call without Asterisk.
 */
export function formatStartupBanner(input: StartupBannerInput): string {
  const agiBase = `agi://${urlHost(input.agiHost)}:${input.agiPort}`;
  // The secret itself is never printed: the snippet carries a placeholder to replace.
  const secretQuery = input.secretSet ? '?secret=<CALLGATE_AGI_SECRET>' : '';
  const health = new URL('healthz', input.consoleUrl).href;
  const metrics = new URL('metrics', input.consoleUrl).href;
  const lines = [
    '',
    'Callgate is running.',
    '',
    `  Web console   ${input.consoleUrl}`,
    `  FastAGI       ${agiBase}  (Asterisk allowed from ${input.agiAllow.join(', ')})`,
    `  Health        ${health}`,
    `  Metrics       ${metrics}`,
    `  Database      ${input.database}`,
    `  Asterisk AMI  ${input.ami ?? 'off (set --ami-url to call phones and keep queues)'}`,
  ];
  if (!input.appsLoaded) lines.push('  AGI apps      none loaded yet (every AGI route answers NOROUTE)');

  const demo = input.demoLogins ?? [];
  const firstAgent = demo.find((d) => d.pin !== undefined);
  if (demo.length > 0) {
    lines.push('', 'Demo logins (demo data created now; shown once: change these before real use):');
    const width = Math.max(...demo.map((d) => d.name.length));
    for (const d of demo) {
      const parts = [`  ${d.role.padEnd(10)} ${d.userId.padEnd(6)} ${d.name.padEnd(width)}`];
      if (d.password !== undefined) parts.push(`password ${d.password}`);
      if (d.pin !== undefined) parts.push(`dial-in PIN ${d.pin}`);
      lines.push(parts.join('  '));
    }
  }

  lines.push(
    '',
    'Connect Asterisk: add to extensions.conf (then `asterisk -rx "dialplan reload"`):',
    '',
    '  [callgate-agents]',
    `  exten => ${input.dialinNumber},1,Answer()`,
    `   same => n,AGI(${agiBase}/agent-dial-in${secretQuery})`,
    '   same => n,Hangup()',
  );
  if (input.secretSet) lines.push('', '  (replace <CALLGATE_AGI_SECRET> with the secret you configured)');

  const keys = firstAgent ? `${firstAgent.userId}#${firstAgent.pin}#` : '<userId>#<pin>#';
  const who = firstAgent ? `agent ${firstAgent.userId}` : 'an agent';
  const localAgi = `agi://127.0.0.1:${input.agiPort}/agent-dial-in${input.secretSet ? '?secret=$CALLGATE_AGI_SECRET' : ''}`;
  lines.push(
    '',
    `Try it without Asterisk: log in to the console as ${who}, choose Dial-in, then run:`,
    '',
    `  npm run callgate -- call ${localAgi} --keys "${keys}"`,
    '',
    `Stop with Ctrl+C or SIGTERM (calls in progress get ${Math.round(input.shutdownDeadlineMs / 1000)} s to finish).`,
    '',
  );
  return lines.join('\n');
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for anything printed or logged. */
export function maskDatabaseUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.href;
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
