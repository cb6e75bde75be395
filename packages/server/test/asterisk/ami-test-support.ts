import { AmiClient } from '../../src/asterisk/ami-client.ts';
import type { AmiClientOptions, AmiStatus, AmiStatusChange } from '../../src/asterisk/ami-client-options.ts';
import type { AmiMessage } from '../../src/asterisk/ami-message.ts';
import type { FakeAmiServer } from '../../src/asterisk/testing/fake-ami-server.ts';

/** A client for the fake server with test-sized timeouts and a deterministic, tiny backoff. */
export function clientFor(fake: FakeAmiServer, overrides: Partial<AmiClientOptions> = {}): AmiClient {
  return new AmiClient({
    host: fake.host,
    port: fake.port,
    username: fake.username,
    secret: fake.secret,
    actionTimeoutMs: 2000,
    connectTimeoutMs: 1000,
    backoff: { initialMs: 5, maxMs: 40, factor: 2, jitter: 0.5 },
    random: () => 0.5,
    ...overrides,
  });
}

/** Resolves when the client reaches `status` (at once if it already has). */
export function waitForStatus(client: AmiClient, status: AmiStatus): Promise<void> {
  if (client.status === status) return Promise.resolve();
  return new Promise((resolve) => {
    const listener = (change: AmiStatusChange) => {
      if (change.status === status) {
        client.off('status', listener);
        resolve();
      }
    };
    client.on('status', listener);
  });
}

/** Resolves with the next event of that name. */
export function nextEvent(client: AmiClient, name: string): Promise<AmiMessage> {
  return new Promise((resolve) => {
    const off = client.onEvent(name, (event) => {
      off();
      resolve(event);
    });
  });
}

/** Records every status change. */
export function recordStatuses(client: AmiClient): AmiStatusChange[] {
  const changes: AmiStatusChange[] = [];
  client.on('status', (c) => changes.push(c));
  return changes;
}
