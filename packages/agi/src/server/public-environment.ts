import type { AgiEnvironment } from '../protocol/environment.ts';
import { redactSecret, SECRET_PARAM } from './shared-secret.ts';

const FIELDS_WITH_URL = ['agi_request', 'agi_network_script'] as const;

/** A loop, not some() with a closure: every call of every route asks. */
function carriesSecret(env: AgiEnvironment): boolean {
  if (Object.hasOwn(env.query, SECRET_PARAM)) return true;
  for (const key of FIELDS_WITH_URL) if (env.fields[key]?.includes(SECRET_PARAM)) return true;
  return false;
}

/**
 * The environment with the shared secret taken out of `query`, `request` and the raw `fields`, so
 * no handler, hook or log can leak it. The session's own environment object is cleaned in place
 * (so `channel.session.environment` is clean too); a frozen one is copied instead.
 */
export function publicEnvironment(env: AgiEnvironment): AgiEnvironment {
  if (!carriesSecret(env)) return env;
  const query = { ...env.query };
  delete query[SECRET_PARAM];
  const fields = { ...env.fields };
  for (const key of FIELDS_WITH_URL) {
    const value = fields[key];
    if (value !== undefined) fields[key] = redactSecret(value);
  }
  const clean = { query, fields, request: redactSecret(env.request) };
  if (Object.isFrozen(env)) return { ...env, ...clean };
  Object.assign(env, clean);
  return env;
}
