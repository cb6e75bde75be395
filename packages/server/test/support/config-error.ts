import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/index.ts';

/** Runs `fn`, which must throw a ConfigError, and returns it for further checks. */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ConfigError');
}
