#!/usr/bin/env node
// The one test command: lint and format check, type check, then every package's tests in one
// node:test run, so the closing summary covers the whole repository.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const skipChecks = args.includes('--no-checks');
const filters = args.filter((a) => !a.startsWith('--'));

function run(title, cmd, cmdArgs) {
  process.stdout.write(`\n== ${title}\n`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stdout.write(`\n${title} failed (exit ${r.status ?? r.signal}).\n`);
    process.exit(r.status ?? 1);
  }
}

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

if (!skipChecks) {
  run('lint and format (biome)', join(root, 'node_modules/.bin/biome'), ['check', '.']);
  run('type check (tsc)', join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  run('type check the console (tsc)', join(root, 'node_modules/.bin/tsc'), [
    '-p',
    'packages/console/tsconfig.json',
    '--noEmit',
  ]);
}

// The compiled packages and the server bundle, as `npm run build` makes them: the packaging tests
// run them with plain node (the bin, `npm start`, the packed @callgate/agi). tsc -b redoes only
// what changed since the last build.
run('build (tsc -b, server bundle)', process.execPath, [join(root, 'scripts/build.mjs'), '--no-console']);

// The browser tests serve packages/console/dist: rebuild it here, once, when its sources changed
// since the last build (postinstall builds it on install), rather than in a test file while
// another one serves it.
const consoleDir = join(root, 'packages/console');
function newestMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMs(p) : statSync(p).mtimeMs);
  }
  return newest;
}
const builtIndex = join(consoleDir, 'dist/index.html');
if (!existsSync(builtIndex) || newestMs(join(consoleDir, 'src')) > statSync(builtIndex).mtimeMs) {
  run('console build (its sources changed since the last build)', join(root, 'node_modules/.bin/vite'), [
    'build',
    consoleDir,
    '--logLevel',
    'warn',
  ]);
}

const files = ['packages/agi/test', 'packages/server/test', 'packages/console/test']
  .flatMap((d) => findTests(join(root, d)))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  process.stdout.write('no test files found\n');
  process.exit(1);
}
// Tests (and every process they start) run the TypeScript sources through tsx; the
// `@callgate/source` condition makes `@callgate/agi` resolve to its sources too, not to dist/.
const SOURCE_CONDITION = '--conditions=@callgate/source';
process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, SOURCE_CONDITION].filter(Boolean).join(' ');
run(`tests (${files.length} files)`, process.execPath, [
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  '--test-concurrency=2',
  ...files,
]);
