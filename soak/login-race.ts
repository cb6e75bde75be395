import { startCall } from '@callgate/agi/testing';
import { check, sleep } from './measure.ts';
import type { SoakScenario } from './scenario.ts';
import { type SoakServer, startSoakServer } from './serve.ts';

const CALLS = 1000;
const LOGINS = 1000;
const THRESHOLD = 5;

/** The PINs or passwords the nodes checked, from their /metrics. */
async function checked(nodes: readonly SoakServer[], kind: 'pin' | 'password'): Promise<number> {
  let total = 0;
  for (const node of nodes)
    total += (await node.metrics()).get(`callgate_login_secret_checks_total{kind="${kind}"}`) ?? 0;
  return total;
}

function dialIn(node: SoakServer, n: number, keys: string, callerId = `0209${String(n).padStart(7, '0')}`) {
  return startCall({
    url: `agi://127.0.0.1:${node.agiPort}/agent-dial-in`,
    callerId,
    caller: [{ keys }],
    whenStalled: 'hangup',
  }).done;
}

/**
 * The lockout race at full size, as it was measured before the fix (59 of 60 wrong PINs checked,
 * the right one accepted): 1,000 callers key wrong PINs for one user ID at once, each from its own
 * caller ID, over two `callgate serve` processes on one database, and the right PIN follows 50 ms
 * later; then 1,000 web sign-ins with wrong passwords at once, and the right one. At most the
 * threshold of secrets may be checked, the right one must be refused, and the agent's own number
 * must still get in.
 */
export const loginRace: SoakScenario = {
  name: 'login-race',
  description: `${CALLS} wrong PINs and ${LOGINS} wrong passwords at once over two nodes, then the right ones`,
  async run(out) {
    // Each sign-in comes from its own address (through a trusted proxy), as a botnet's would: the
    // per-address throttle in front does not stop them, the lanes must.
    const args = [
      '--dialin-attempts',
      '1',
      '--max-agi-sessions',
      String(CALLS),
      '--trust-proxy',
      '127.0.0.1',
    ];
    const first = await startSoakServer(args);
    const second = await startSoakServer(args, first.db);
    const nodes = [first, second];
    try {
      const started = performance.now();
      const flood = Array.from({ length: CALLS }, (_, i) =>
        dialIn(nodes[i % 2] as SoakServer, i, `1002#${String(10_000 + i)}#`),
      );
      await sleep(50);
      const right = await dialIn(second, CALLS, '1002#8765#');
      const calls = await Promise.all(flood);
      const floodMs = performance.now() - started;
      const results = new Map<string, number>();
      for (const c of calls) {
        const r = c.variables.CALLGATE_RESULT ?? `AGISTATUS ${c.agiStatus}`;
        results.set(r, (results.get(r) ?? 0) + 1);
      }
      const pins = await checked(nodes, 'pin');
      out.figure('wrong-PIN calls at once (two nodes)', CALLS);
      out.figure('PINs checked', pins);
      for (const [r, n] of [...results].sort()) out.figure(`calls ending ${r}`, n);
      out.figure('the right PIN 50 ms later', right.variables.CALLGATE_RESULT ?? right.agiStatus);
      out.figure('all calls settled in', Math.round(floodMs), 'ms');
      check(pins <= THRESHOLD, `${pins} PINs were checked (at most ${THRESHOLD} allowed)`);
      check(right.variables.CALLGATE_RESULT === 'locked', 'the right PIN behind the flood was not refused');

      const webStarted = performance.now();
      const login = (node: SoakServer, password: string, address: string) =>
        fetch(`http://127.0.0.1:${node.httpPort}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
          body: JSON.stringify({ userId: '1001', password }),
        });
      const logins = Array.from({ length: LOGINS }, (_, i) =>
        login(nodes[i % 2] as SoakServer, `guess-${i}`, `198.51.${Math.floor(i / 250)}.${i % 250}`).then(
          (r) => r.status,
        ),
      );
      await sleep(50);
      const rightLogin = await login(first, 'alice-1001', '192.0.2.10');
      const statuses = new Map<number, number>();
      for (const s of await Promise.all(logins)) statuses.set(s, (statuses.get(s) ?? 0) + 1);
      const passwords = await checked(nodes, 'password');
      out.figure('wrong passwords at once (two nodes)', LOGINS);
      out.figure('passwords checked', passwords);
      for (const [s, n] of [...statuses].sort()) out.figure(`answered HTTP ${s}`, n);
      out.figure('the right password 50 ms later', `HTTP ${rightLogin.status}`);
      out.figure('all sign-ins answered in', Math.round(performance.now() - webStarted), 'ms');
      check(passwords <= THRESHOLD, `${passwords} passwords were checked (at most ${THRESHOLD} allowed)`);
      check(rightLogin.status === 423, 'the right password behind the flood was not refused');

      // Guessing at the web never locks the PIN: Alice still dials in (she has no session: no_session).
      const alice = await dialIn(first, CALLS + 1, '1001#4321#', '07700900123');
      out.figure("Alice's dial-in after the web flood", alice.variables.CALLGATE_RESULT ?? alice.agiStatus);
      check(
        alice.variables.CALLGATE_RESULT === 'no_session',
        "Alice's PIN was locked by guesses at her password",
      );
    } finally {
      await second.stop();
      await first.stop();
    }
  },
};
