/**
 * The real composition root (`startCallgate`, SQLite in memory, demo data, silent logs) with AMI
 * pointed at a fake AMI server over loopback, returned once its Asterisk control is synced.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { FakeAmiServer } from '../../src/asterisk/testing/fake-ami-server.ts';
import { parseServeConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/logging/index.ts';
import { type RunningCallgate, startCallgate } from '../../src/runtime/start-callgate.ts';

/** The AMI login the fake must be started with: FakeAmiServer.start(FAKE_AMI_LOGIN). */
export const FAKE_AMI_LOGIN = { username: 'callgate', secret: 'AmiSecret-42' };

export async function startCallgateOnFakeAmi(fake: FakeAmiServer): Promise<RunningCallgate> {
  const config = parseServeConfig(
    [
      '--db',
      'sqlite::memory:',
      '--agi-port',
      '0',
      '--http-port',
      '0',
      '--sweep-interval-sec',
      '3600',
      '--ami-url',
      `ami://${FAKE_AMI_LOGIN.username}:${FAKE_AMI_LOGIN.secret}@127.0.0.1:${fake.port}`,
    ],
    {},
  );
  const running = await startCallgate({ config, logger: createLogger({ level: 'silent' }) });
  try {
    const calls = running.asterisk.calls;
    assert.ok(calls, 'serve with --ami-url has Asterisk call control');
    if (running.asterisk.status() !== 'connected') await once(calls.control, 'synced');
    return running;
  } catch (err) {
    await running.stop('test set-up failed');
    throw err;
  }
}
