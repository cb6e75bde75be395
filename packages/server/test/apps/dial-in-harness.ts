/**
 * A real FastAGI server with the Callgate apps on a fresh migrated store, for the dial-in tests:
 * calls come from the simulated Asterisk over real sockets. Everything the app logs is kept (as
 * JSON text) so tests can check that no PIN ever reaches a log.
 */
import { type AgiLogger, createAgiServer } from '@callgate/agi';
import { type StartCallOptions, simulateCall, startCall } from '@callgate/agi/testing';
import type { DialInOutcome, DialInSettingsInput } from '../../src/apps/index.ts';
import { registerApps } from '../../src/apps/index.ts';
import type { Agent, AgentSession, DomainConfig } from '../../src/domain/index.ts';
import { openTestServices, type TestBackend, type TestServices } from '../support/test-stores.ts';

export const AGENT_USER_ID = '1001';
export const AGENT_PIN = '4321';
export const CONTACT_OFFICE_NUM = '5005';

/** Collects every log line (bindings merged) as JSON text. */
export class CapturingLogger implements AgiLogger {
  constructor(
    readonly lines: string[] = [],
    private readonly bindings: Record<string, unknown> = {},
  ) {}
  child(bindings: Record<string, unknown>): AgiLogger {
    return new CapturingLogger(this.lines, { ...this.bindings, ...bindings });
  }
  #write(level: string, obj: object, msg?: string): void {
    this.lines.push(JSON.stringify({ level, ...this.bindings, ...obj, msg }));
  }
  debug(obj: object, msg?: string): void {
    this.#write('debug', obj, msg);
  }
  info(obj: object, msg?: string): void {
    this.#write('info', obj, msg);
  }
  warn(obj: object, msg?: string): void {
    this.#write('warn', obj, msg);
  }
  error(obj: object, msg?: string): void {
    this.#write('error', obj, msg);
  }
}

export interface DialInHarness extends TestServices {
  agent: Agent;
  outcomes: DialInOutcome[];
  logger: CapturingLogger;
  /** `agi://127.0.0.1:<port>/agent-dial-in` plus `query`. */
  agiUrl(query?: string): string;
  /** `agi://127.0.0.1:<port>/<path>`: any route of the server. */
  routeUrl(path: string): string;
  /** Opens the agent's session (interface dial-in) and returns it. */
  openSession(): ReturnType<TestServices['services']['sessions']['start']>;
  /** The session's phone leg as stored now. */
  legOf(sessionId: number): Promise<StoredLeg>;
  /** The results of the dial-in audit entries, oldest first. */
  authResults(): Promise<string[]>;
  call(options: Partial<StartCallOptions>): ReturnType<typeof simulateCall>;
  start(options: Partial<StartCallOptions>): ReturnType<typeof startCall>;
  close(): Promise<void>;
}

export interface StoredLeg {
  leg: AgentSession['phoneLeg'];
  channel: string | null;
  uniqueid: string | null;
}

export interface HarnessOptions {
  backend?: TestBackend;
  dialIn?: DialInSettingsInput;
  config?: Partial<DomainConfig>;
  /** SQLite in a temp file (so a test can reopen it after closing the store), not in memory. */
  file?: boolean;
}

/** Test-speed settings: the simulated clock makes waits free, but keep prompts predictable. */
const TEST_DIAL_IN: DialInSettingsInput = { digitTimeoutMs: 3000 };

export async function openDialInHarness(options: HarnessOptions = {}): Promise<DialInHarness> {
  const testServices = await openTestServices(options.backend ?? 'sqlite', {
    ...(options.config ? { config: options.config } : {}),
    ...(options.file ? { file: true } : {}),
  });
  const { services } = testServices;
  const agent = await services.agents.create({ userId: AGENT_USER_ID, name: 'Ada Agent', pin: AGENT_PIN });
  await services.contacts.create({ officeNum: CONTACT_OFFICE_NUM, name: 'Front desk' });
  const logger = new CapturingLogger();
  const outcomes: DialInOutcome[] = [];
  const server = createAgiServer({ logger });
  registerApps(server, {
    services,
    dialIn: { ...TEST_DIAL_IN, ...options.dialIn },
    onDialInOutcome: (outcome) => outcomes.push(outcome),
  });
  const { port } = await server.listen({ port: 0, host: '127.0.0.1' });
  const url = (query = '') => `agi://127.0.0.1:${port}/agent-dial-in${query}`;
  const base = (extra: Partial<StartCallOptions>): StartCallOptions => ({
    url: url(),
    callerId: '"Remote Ada" <5550100>',
    ...extra,
  });
  return {
    ...testServices,
    agent,
    outcomes,
    logger,
    agiUrl: url,
    routeUrl: (path) => `agi://127.0.0.1:${port}/${path}`,
    openSession: () => services.sessions.start(agent.id, { interface: 'dialin' }),
    async legOf(sessionId) {
      const s = await services.sessions.get(sessionId);
      return { leg: s.phoneLeg, channel: s.phoneChannel, uniqueid: s.phoneUniqueid };
    },
    async authResults() {
      const events = await services.audit.list({ source: 'dialin' });
      return events.reverse().map((e) => e.result);
    },
    call: (extra) => simulateCall(base(extra)),
    start: (extra) => startCall(base(extra)),
    async close() {
      await server.close({ deadlineMs: 1000 });
      await testServices.close();
    },
  };
}
