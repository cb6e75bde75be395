// The fallback load generator, for machines without gcc: agiload.c's protocol, options and JSON
// line, written on node:net. It is slower than the servers it drives (it pays for Node's sockets as
// they do), so it becomes the bottleneck and squeezes the ratios towards 1: trust agiload's.
//
//   node --import tsx bench/node-agiload.ts -p 4573 -c 100 -d 8 -s /bench
//   node --import tsx bench/node-agiload.ts -p 4573 -H 8000 -d 8 -s /bench
import { connect, type Socket } from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    h: { type: 'string', default: '127.0.0.1' },
    p: { type: 'string', default: '4573' },
    c: { type: 'string', default: '100' },
    d: { type: 'string', default: '10' },
    s: { type: 'string', default: '/bench' },
    H: { type: 'string', default: '0' },
  },
});
const host = values.h;
const port = Number(values.p);
const concurrency = Number(values.c);
const seconds = Number(values.d);
const script = values.s;
const hold = Number(values.H);

// The environment agiload sends, byte for byte.
const environment =
  'agi_network: yes\n' +
  `agi_network_script: ${script}\n` +
  `agi_request: agi://${host}:${port}${script}\n` +
  'agi_channel: Local/s@caller-00000001;2\n' +
  'agi_language: en\n' +
  'agi_type: Local\n' +
  'agi_uniqueid: 1732260000.1\n' +
  'agi_version: 20.10.0\n' +
  'agi_callerid: 5551234\n' +
  'agi_calleridname: Bench\n' +
  'agi_callingpres: 0\n' +
  'agi_callingani2: 0\n' +
  'agi_callington: 0\n' +
  'agi_callingtns: 0\n' +
  'agi_dnid: unknown\n' +
  'agi_rdnis: unknown\n' +
  'agi_context: bench\n' +
  'agi_extension: s\n' +
  'agi_priority: 2\n' +
  'agi_enhanced: 0.0\n' +
  'agi_accountcode: \n' +
  'agi_threadid: 140000000000000\n' +
  'agi_arg_1: 1001\n' +
  '\n';

/** agiload's canned replies, by the command's verb. */
function answer(line: string): string {
  const upper = line.toUpperCase();
  if (upper.startsWith('GET DATA')) return '200 result=1234\n';
  if (upper.startsWith('GET VARIABLE') || upper.startsWith('GET FULL VARIABLE'))
    return '200 result=1 (bench-value)\n';
  if (upper.startsWith('STREAM FILE')) return '200 result=0 endpos=8000\n';
  if (upper.startsWith('WAIT FOR DIGIT')) return '200 result=49\n';
  if (upper.startsWith('SET VARIABLE') || upper.startsWith('HANGUP') || upper.startsWith('VERBOSE'))
    return '200 result=1\n';
  if (upper.startsWith('CHANNEL STATUS')) return '200 result=6\n';
  return '200 result=0\n';
}

const commandUs: number[] = [];
const sessionUs: number[] = [];
let sessions = 0;
let errors = 0;
let firstCommands = 0;
let running = true;
const sockets = new Set<Socket>();
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const started = nowUs();

function open(): void {
  const socket = connect({ host, port, noDelay: true });
  sockets.add(socket);
  const sessionStart = nowUs();
  let sent = 0;
  let commands = 0;
  let buffered = '';
  socket.setEncoding('latin1');
  socket.on('connect', () => {
    socket.write(environment);
    sent = nowUs();
  });
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let nl = buffered.indexOf('\n');
    while (nl !== -1) {
      const line = buffered.slice(0, nl).replace(/\r$/, '');
      buffered = buffered.slice(nl + 1);
      if (line !== '') {
        if (commands === 0) firstCommands++;
        commands++;
        if (!hold) {
          commandUs.push(nowUs() - sent);
          socket.write(answer(line));
          sent = nowUs();
        }
      }
      nl = buffered.indexOf('\n');
    }
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    sockets.delete(socket);
    if (commands > 0 && running) {
      sessions++;
      sessionUs.push(nowUs() - sessionStart);
    } else if (running) {
      errors++;
    }
    if (running && !hold) open();
  });
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

for (let i = 0; i < (hold || concurrency); i++) open();
setTimeout(() => {
  running = false;
  const secs = (nowUs() - started) / 1e6;
  for (const socket of sockets) socket.destroy();
  const result = hold
    ? { mode: 'hold', opened: hold, served_first_command: firstCommands, errors }
    : {
        mode: 'load',
        conns: concurrency,
        seconds: Number(secs.toFixed(2)),
        sessions,
        sessions_per_s: Math.round(sessions / secs),
        commands_per_s: Math.round(commandUs.length / secs),
        cmd_us_p50: percentile(commandUs, 0.5),
        cmd_us_p99: percentile(commandUs, 0.99),
        cmd_us_p999: percentile(commandUs, 0.999),
        session_us_p50: percentile(sessionUs, 0.5),
        session_us_p99: percentile(sessionUs, 0.99),
        errors,
      };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}, seconds * 1000);
