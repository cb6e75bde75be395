/**
 * Log fields that may carry a credential, censored by pino before a line is written. A PIN or
 * password must never reach a log, even when a caller passes a whole object by mistake.
 */
export const REDACT_PATHS: readonly string[] = [
  'password',
  'pin',
  'secret',
  'csrfToken',
  '*.password',
  '*.pin',
  '*.secret',
  '*.csrfToken',
  'headers.cookie',
  'headers["x-csrf-token"]',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];
