// `npm run soak [-- <name>...]`: runs the named soak scenarios (all of them by default), each
// against its own `callgate serve` process over loopback at full size, and prints what each
// measured. `--list` names them. Not part of `npm test`: a full run takes a few minutes.
import { deadPeers } from './dead-peers.ts';
import { flood } from './flood.ts';
import { httpFlood } from './http-flood.ts';
import { loginRace } from './login-race.ts';
import type { SoakOutput, SoakScenario } from './scenario.ts';

/** Every scenario, in the order a full run takes them. Add new ones here. */
const SCENARIOS: readonly SoakScenario[] = [flood, httpFlood, deadPeers, loginRace];

function output(): SoakOutput {
  return {
    figure(label, value, unit = '') {
      const shown =
        typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 1 }) : value;
      process.stdout.write(`  ${label.padEnd(48)} ${shown}${unit ? ` ${unit}` : ''}\n`);
    },
    note(text) {
      process.stdout.write(`  · ${text}\n`);
    },
  };
}

async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--list') || args.includes('--help')) {
    process.stdout.write('Soak scenarios (npm run soak -- <name>...):\n');
    for (const s of SCENARIOS) process.stdout.write(`  ${s.name.padEnd(12)} ${s.description}\n`);
    return 0;
  }
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}\n`,
    );
    return 2;
  }
  const chosen = names.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => names.includes(s.name));
  let failed = 0;
  for (const scenario of chosen) {
    process.stdout.write(`\n${scenario.name}: ${scenario.description}\n`);
    const started = performance.now();
    try {
      await scenario.run(output());
      process.stdout.write(
        `PASS  ${scenario.name} (${Math.round((performance.now() - started) / 1000)} s)\n`,
      );
    } catch (err) {
      failed++;
      process.stdout.write(`FAIL  ${scenario.name}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
