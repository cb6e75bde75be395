#!/usr/bin/env node
// The `callgate` command: registers tsx (the server runs from its TypeScript sources, no build),
// then hands the arguments to src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
