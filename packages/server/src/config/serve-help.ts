import { SERVE_OPTIONS } from './serve-options.ts';

/** The `callgate serve --help` text, generated from the option catalogue so it cannot drift. */
export function formatServeHelp(): string {
  const rows = SERVE_OPTIONS.map((o) => {
    const flag = o.flag === null ? '' : o.kind === 'switch' ? `--${o.flag}` : `--${o.flag} <value>`;
    const dflt =
      o.kind === 'switch'
        ? ''
        : o.defaultValue === undefined
          ? ' (default: unset)'
          : ` (default: ${o.defaultValue})`;
    return { left: `  ${flag}`, env: o.env, text: `${o.description}${dflt}` };
  });
  const width = Math.max(...rows.map((r) => r.left.length)) + 2;
  const lines = rows.map((r) => `${r.left.padEnd(width)}${r.env}\n${' '.repeat(width)}  ${r.text}`);
  return [
    'Usage: callgate serve [options]',
    '',
    'Runs the FastAGI server (for Asterisk) and the HTTP server (web console, API, /healthz,',
    '/metrics) on one database. Every option can also be set by its CALLGATE_* environment',
    'variable; a flag wins over the variable.',
    '',
    'Options:',
    ...lines,
    `  ${'--help, -h'.padEnd(width - 2)}show this help`,
    '',
  ].join('\n');
}
