#!/usr/bin/env node
// The `callgate` command: runs the compiled server bundle that `npm run build` writes (and
// `npm install` runs it); nothing is transpiled at run time. Development runs the TypeScript
// sources through tsx instead: `npm run dev`.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/callgate.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    'callgate: not built yet (dist/bundle/callgate.mjs is missing): run "npm run build".\n',
  );
  process.exit(1);
}
const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));
