import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isDomainError } from '../../src/domain/domain-error.ts';
import { MIGRATION_NAMES } from '../../src/store/migrations.ts';
import { openStore } from '../../src/store/open-store.ts';
import { parseStoreUrl, redactUrl } from '../../src/store/store-url.ts';
import { openTestStore, testBackends } from '../support/test-stores.ts';

const backends = await testBackends();
console.log(`store backends: ${backends.join(', ')}`);

const tmp = mkdtempSync(join(tmpdir(), 'callgate-open-store-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('store URLs', () => {
  test('parses sqlite files, memory and postgres URLs', () => {
    assert.deepEqual(parseStoreUrl('sqlite:./data/x.sqlite'), {
      backend: 'sqlite',
      file: './data/x.sqlite',
      memory: false,
    });
    assert.deepEqual(parseStoreUrl('sqlite::memory:'), { backend: 'sqlite', file: ':memory:', memory: true });
    assert.equal(parseStoreUrl('postgres://u@h/db').backend, 'postgres');
  });

  test('refuses other schemes with E_VALIDATION and hides passwords', () => {
    assert.throws(
      () => parseStoreUrl('mysql://u:secret@h/db'),
      (err: unknown) => {
        assert.ok(isDomainError(err, 'E_VALIDATION'));
        assert.doesNotMatch(err.message, /secret/);
        return true;
      },
    );
    assert.equal(redactUrl('postgres://u:secret@h:5432/db'), 'postgres://u:***@h:5432/db');
  });
});

describe('unreachable databases', () => {
  test('a SQLite file that cannot be written gives E_STORE_UNAVAILABLE', async () => {
    const notADir = join(tmp, 'plain-file');
    writeFileSync(notADir, 'x');
    await assert.rejects(openStore(`sqlite:${join(notADir, 'db.sqlite')}`), (err: unknown) => {
      assert.ok(isDomainError(err, 'E_STORE_UNAVAILABLE'));
      assert.match(err.message, /Cannot open database sqlite:/);
      return true;
    });
  });

  test('a file that is not a SQLite database gives E_STORE_UNAVAILABLE', async () => {
    const junk = join(tmp, 'junk.sqlite');
    writeFileSync(
      junk,
      'this is not a database, just some text that is long enough to have a header'.repeat(20),
    );
    await assert.rejects(openStore(`sqlite:${junk}`), (err: unknown) =>
      isDomainError(err, 'E_STORE_UNAVAILABLE'),
    );
  });

  test('a PostgreSQL URL that does not answer gives E_STORE_UNAVAILABLE, password hidden', async () => {
    await assert.rejects(
      openStore('postgres://callgate:hunter2@127.0.0.1:1/test', { connectTimeoutMs: 500 }),
      (err: unknown) => {
        assert.ok(isDomainError(err, 'E_STORE_UNAVAILABLE'));
        assert.doesNotMatch(err.message, /hunter2/);
        return true;
      },
    );
  });
});

test('the SQLite default directory is created', async () => {
  const store = await openStore(`sqlite:${join(tmp, 'nested', 'deeper', 'callgate.sqlite')}`, {
    migrate: true,
  });
  try {
    await store.ping();
    assert.equal((await store.pauseCodes.find('LAGGED'))?.system, true);
  } finally {
    await store.close();
  }
});

for (const backend of backends) {
  describe(`migrations [${backend}]`, () => {
    test('running them twice is a no-op', async () => {
      const t = await openTestStore(backend, { migrate: false });
      try {
        assert.deepEqual((await t.store.migrate()).applied, MIGRATION_NAMES);
        assert.deepEqual((await t.store.migrate()).applied, []);
        assert.equal((await t.store.pauseCodes.list()).length, 1);
      } finally {
        await t.close();
      }
    });

    test('two stores migrating one database at once both succeed, once', async () => {
      const t = await openTestStore(backend, { migrate: false, file: true });
      try {
        if (backend === 'postgres') {
          const other = await t.openAnother();
          const [a, b] = await Promise.all([t.store.migrate(), other.migrate()]);
          assert.deepEqual([...a.applied, ...b.applied], MIGRATION_NAMES);
        } else {
          // better-sqlite3 waits for locks synchronously, so the second writer is another process.
          const file = t.url.slice('sqlite:'.length);
          const codes = await Promise.all([migrateInChild(file), migrateInChild(file)]);
          assert.deepEqual(codes, [0, 0]);
          assert.deepEqual((await t.store.migrate()).applied, []);
        }
        assert.equal((await t.store.pauseCodes.list()).length, 1);
      } finally {
        await t.close();
      }
    });
  });
}

const openStorePath = fileURLToPath(new URL('../../src/store/open-store.ts', import.meta.url));

function migrateInChild(file: string): Promise<number | null> {
  const script = `
    const { openStore } = await import(${JSON.stringify(openStorePath)});
    const store = await openStore(${JSON.stringify(`sqlite:${file}`)});
    try { await store.migrate(); } finally { await store.close(); }
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}
