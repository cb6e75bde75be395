#!/usr/bin/env node
// `npm run build` (and `npm install`, through postinstall): compiles every package and bundles the
// server, so nothing is transpiled when it runs.
//
//   1. tsc -b: @callgate/agi and callgate, every file under src/ to the package's dist/ (.js,
//      source maps; .d.ts for @callgate/agi). Only what changed since the last build is redone.
//   2. esbuild: the server's compiled entry and everything it imports, node_modules included,
//      into one file, packages/server/dist/bundle/callgate.mjs, which the `callgate` bin runs.
//      Node then reads one file instead of about 1,100 modules: the start takes half the time and
//      less memory (`npm run bench -- start`). Native and optional packages stay outside.
//   3. vite: the web console into packages/console/dist.
//
// Options: --no-console skips step 3 (the test command rebuilds the console on its own).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const withConsole = !process.argv.includes('--no-console');

function run(title, cmd, args) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`build: ${title} failed (exit ${r.status ?? r.signal}).\n`);
    process.exit(r.status ?? 1);
  }
  return Date.now() - started;
}

const tscMs = run('tsc -b', join(root, 'node_modules/.bin/tsc'), ['-b', 'tsconfig.build.json']);

const bundleStarted = Date.now();
const serverDist = join(root, 'packages/server/dist');
await build({
  entryPoints: [join(serverDist, 'cli/main.js')],
  // dist/bundle/ sits as deep as dist/http/, so paths the server finds from its own module URL
  // (the console build, http/console-static.ts) are the same in the bundle.
  outfile: join(serverDist, 'bundle/callgate.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // better-sqlite3 loads its native addon from its own directory; pg-native is optional in pg.
  external: ['better-sqlite3', 'pg-native'],
  // The CommonJS packages inside call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __callgateRequire } from 'node:module';\nconst require = __callgateRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  logLevel: 'warning',
});
const bundleMs = Date.now() - bundleStarted;

const consoleMs = withConsole
  ? run('console (vite build)', join(root, 'node_modules/.bin/vite'), [
      'build',
      'packages/console',
      '--logLevel',
      'warn',
    ])
  : 0;

process.stdout.write(
  `build: tsc ${tscMs} ms, server bundle ${bundleMs} ms${withConsole ? `, console ${consoleMs} ms` : ''}\n`,
);
