// @callgate/agi as a user gets it: `npm pack` of the built package, installed into a plain
// JavaScript project, running a FastAGI app under plain `node` (no tsx, no TypeScript) and driving
// a call with the simulated Asterisk from `@callgate/agi/testing`. Needs `npm run build` first
// (the test command builds before any test runs).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const AGI_DIR = join(ROOT, 'packages/agi');
const TSC = join(ROOT, 'node_modules/.bin/tsc');

/**
 * A user's environment: no `@callgate/source` condition or tsx from the test runner's
 * NODE_OPTIONS, and no npm_* settings of the `npm test` around us.
 */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'NODE_OPTIONS' || name.toLowerCase().startsWith('npm_')) continue;
    env[name] = value;
  }
  return env;
}

interface PackResult {
  filename: string;
  files: { path: string }[];
}

const APP = `
import { createAgiServer } from '@callgate/agi';
import { simulateCall } from '@callgate/agi/testing';

const server = createAgiServer();
server.route('pin', async (channel, call) => {
  await channel.answer();
  const { digits, timeout } = await channel.getData('enter-pin', { maxDigits: 4, digitTimeoutMs: 5000 });
  await channel.setVariable('PIN_DIGITS', digits);
  await channel.setVariable('CALLER', call.env.callerId);
  await channel.streamFile(timeout ? 'vm-goodbye' : 'auth-thankyou');
});
const { port } = await server.listen({ port: 0, host: '127.0.0.1' });
const call = await simulateCall({
  url: 'agi://127.0.0.1:' + port + '/pin',
  callerId: '5551234',
  caller: [{ keys: '4321#' }],
  // Our own recording, beside Asterisk's core sounds.
  sounds: { extra: ['enter-pin'] },
});
await server.close();
console.log(JSON.stringify({
  agiStatus: call.agiStatus,
  prompts: call.prompts.map((p) => p.file),
  variables: call.variablesSet.map((v) => v.name + '=' + v.value),
}));
`;

// Types as a TypeScript user sees them: the package's .d.ts through its exports.
const TYPED = `
import { type AgiChannel, createAgiServer, type GetDataResult } from '@callgate/agi';
import { type CallRecording, simulateCall } from '@callgate/agi/testing';

const server = createAgiServer();
server.route('x', async (channel: AgiChannel) => {
  const result: GetDataResult = await channel.getData('enter-pin', { maxDigits: 4 });
  const digits: string = result.digits;
  await channel.setVariable('D', digits);
});
const recording: Promise<CallRecording> = simulateCall({ url: 'agi://127.0.0.1:1/x' });
// @ts-expect-error: the channel has no such method, and the types say so
server.route('y', async (channel: AgiChannel) => channel.noSuchCommand());
void recording;
`;

describe('the packed @callgate/agi in a plain JavaScript project', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'callgate-agi-pack-'));
  const project = join(tmp, 'project');
  let packed: PackResult;

  before(async () => {
    assert.ok(
      existsSync(join(AGI_DIR, 'dist/index.js')),
      'packages/agi/dist is missing: run "npm run build" (npm test builds it first)',
    );
    const { stdout } = await run(
      'npm',
      ['pack', '--workspace', '@callgate/agi', '--pack-destination', tmp, '--json'],
      {
        cwd: ROOT,
        env: userEnv(),
      },
    );
    packed = (JSON.parse(stdout) as PackResult[])[0]!;
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'agi-user', private: true, type: 'module' }, null, 2),
    );
    // No dependencies to fetch: offline works, and proves there are none.
    await run(
      'npm',
      ['install', join(tmp, packed.filename), '--offline', '--no-audit', '--no-fund', '--ignore-scripts'],
      { cwd: project, env: userEnv() },
    );
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('the tarball holds the compiled package and nothing else', () => {
    const paths = packed.files.map((f) => f.path).sort();
    for (const needed of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/testing/index.js',
      'dist/testing/index.d.ts',
    ]) {
      assert.ok(paths.includes(needed), `${needed} is in the tarball`);
    }
    const stray = paths.filter(
      (p) =>
        !['package.json', 'README.md', 'LICENSE'].includes(p) &&
        !p.startsWith('docs/') &&
        !/^dist\/.+\.(js|d\.ts|js\.map)$/.test(p),
    );
    assert.deepEqual(stray, [], 'no sources, tests or build state');
    assert.ok(!paths.some((p) => /(^|\/)test\/|\.test\.|\.ts$/.test(p) && !p.endsWith('.d.ts')));
  });

  test('every source map carries the sources it points at', () => {
    const installed = join(project, 'node_modules/@callgate/agi');
    const maps = packed.files.map((f) => f.path).filter((p) => p.endsWith('.js.map'));
    assert.ok(maps.length > 20, `${maps.length} source maps`);
    for (const path of maps) {
      const map = JSON.parse(readFileSync(join(installed, path), 'utf8')) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      assert.equal(map.sourcesContent?.length, map.sources.length, `${path}: sourcesContent for each source`);
      assert.ok(
        map.sourcesContent.every((s) => typeof s === 'string' && s.length > 0),
        `${path}: no empty source`,
      );
    }
  });

  test('plain node runs a FastAGI app on the typed channel, and the simulated Asterisk calls it', async () => {
    writeFileSync(join(project, 'app.mjs'), APP);
    const { stdout } = await run(process.execPath, ['app.mjs'], { cwd: project, env: userEnv() });
    const result = JSON.parse(stdout.trim()) as { agiStatus: string; prompts: string[]; variables: string[] };
    assert.deepEqual(result, {
      agiStatus: 'SUCCESS',
      prompts: ['enter-pin', 'auth-thankyou'],
      // STREAM FILE sets PLAYBACKSTATUS, as Asterisk 22 does.
      variables: ['PIN_DIGITS=4321', 'CALLER=5551234', 'PLAYBACKSTATUS=SUCCESS'],
    });
  });

  test('a TypeScript project gets the types from the same package', async () => {
    writeFileSync(join(project, 'typed.ts'), TYPED);
    const typeRoots = join(ROOT, 'node_modules/@types');
    await run(
      TSC,
      [
        '--noEmit',
        '--strict',
        // Our .d.ts are tsc's own output; checking @types/node again only costs time.
        '--skipLibCheck',
        '--target',
        'es2022',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--typeRoots',
        typeRoots,
        '--types',
        'node',
        'typed.ts',
      ],
      { cwd: project, env: userEnv() },
    ).catch((err: { stdout?: string }) => {
      assert.fail(`tsc found errors:\n${err.stdout ?? String(err)}`);
    });
  });
});
