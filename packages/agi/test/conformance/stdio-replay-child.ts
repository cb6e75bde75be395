/**
 * The application side of a standard AGI transcript, run as the child process the simulator spawns:
 * reads the environment and replies from stdin, writes the recorded commands to stdout, and notes every
 * difference in the file named by REPLAY_OUT. Usage: node --import tsx stdio-replay-child.ts <transcript>
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { parseLabTranscript } from './lab-transcript.ts';

const entries = parseLabTranscript(readFileSync(process.argv[2]!, 'utf8'));
const out = process.env.REPLAY_OUT!;
const mismatch = (expected: string, actual: string | undefined): void => {
  appendFileSync(out, `${JSON.stringify({ expected, actual })}\n`);
};

let sighup = false;
let onSighup: (() => void) | undefined;
process.on('SIGHUP', () => {
  sighup = true;
  onSighup?.();
});

let buffer = '';
let eof = false;
let waiter: (() => void) | undefined;
process.stdin.setEncoding('latin1');
process.stdin.on('data', (chunk: string) => {
  buffer += chunk;
  waiter?.();
});
process.stdin.on('end', () => {
  eof = true;
  waiter?.();
});
async function readLine(): Promise<string | undefined> {
  for (;;) {
    const nl = buffer.indexOf('\n');
    if (nl !== -1) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      return line;
    }
    if (eof) return undefined;
    await new Promise<void>((resolve) => {
      waiter = resolve;
    });
  }
}

for (const entry of entries) {
  if (entry.kind === 'from-asterisk') {
    const expected = entry.bytes.toString('latin1').replace(/\n$/, '');
    const actual = await readLine();
    if (actual !== expected) mismatch(expected, actual);
  } else if (entry.kind === 'to-asterisk') {
    process.stdout.write(entry.bytes);
  } else if (entry.kind === 'note' && entry.text.startsWith('SIGHUP received')) {
    if (!sighup) {
      await new Promise<void>((resolve) => {
        onSighup = resolve;
        setTimeout(resolve, 2000).unref();
      });
    }
    if (!sighup) mismatch('(SIGHUP)', '(none)');
  } else if (entry.kind === 'note' && entry.text.startsWith('exiting with status')) {
    process.exit(Number.parseInt(/status (\d+)/.exec(entry.text)?.[1] ?? '0', 10));
  }
}
process.exit(0);
