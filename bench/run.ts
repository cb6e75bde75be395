// `npm run bench [-- fastagi|start] [options]`: measurements with printed targets (PASS/MISS), not
// tests. Both parts run the compiled code users run (`npm run build` first; `npm install` builds).
//
//   fastagi  @callgate/agi against a bare net.Socket server under agiload (about 1.5 minutes)
//   start    `callgate serve` on SQLite: time to /healthz, idle RSS, no child process (about 1 minute)
//
// Options: --rounds N (3), --seconds N (8) per round, --conns N (100), --held N (8000),
// --starts N (3), --idle N (5) seconds before reading idle RSS.
import { availableParallelism, loadavg } from 'node:os';
import { runFastAgiBench } from './fastagi-bench.ts';
import { runStartBench } from './start-bench.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? Number.NaN : Number(process.argv[i + 1]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const PARTS = ['fastagi', 'start'] as const;
const named = process.argv.slice(2).filter((a) => (PARTS as readonly string[]).includes(a));
const parts = named.length > 0 ? named : PARTS;

const [load1 = 0] = loadavg();
console.log(`load average ${load1.toFixed(2)} on ${availableParallelism()} CPUs at the start`);
let allMet = true;
for (const part of parts) {
  console.log('');
  const met =
    part === 'fastagi'
      ? await runFastAgiBench({
          rounds: option('rounds', 3),
          seconds: option('seconds', 8),
          conns: option('conns', 100),
          held: option('held', 8000),
        })
      : await runStartBench({ starts: option('starts', 3), idleSeconds: option('idle', 5) });
  allMet &&= met;
}
// Sampled before the run: the bench itself keeps about two CPUs busy.
if (load1 > availableParallelism() / 2) {
  console.log(
    `\nNOTE  the load average was ${load1.toFixed(1)} on ${availableParallelism()} CPUs before the run: ` +
      'other work competed for the CPUs, so figures and ratios are noisy. Run it again on a quiet ' +
      'machine before trusting a MISS.',
  );
}
// A measurement, not a test: the exit code says whether every target was met.
process.exitCode = allMet ? 0 : 1;
