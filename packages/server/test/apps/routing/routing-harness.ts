/**
 * A real FastAGI server with the Callgate apps (registered by `registerApps`, as `callgate serve`
 * does) on a fresh migrated store (SQLite, or PostgreSQL in its own schema): the simulated Asterisk calls the routing apps over real
 * sockets.
 */
import { createAgiServer } from '@callgate/agi';
import { type StartCallOptions, simulateCall, startCall } from '@callgate/agi/testing';
import type { LookupSettingsInput, RouterSettingsInput } from '../../../src/apps/index.ts';
import { registerApps } from '../../../src/apps/index.ts';
import { openTestServices, type TestBackend, type TestServices } from '../../support/test-stores.ts';
import { CapturingLogger } from '../dial-in-harness.ts';

export interface RoutingHarness extends TestServices {
  logger: CapturingLogger;
  /** `agi://127.0.0.1:<port>/<route><query>`. */
  agiUrl(route: string, query?: string): string;
  call(route: string, options?: Partial<StartCallOptions>): ReturnType<typeof simulateCall>;
  start(route: string, options?: Partial<StartCallOptions>): ReturnType<typeof startCall>;
  close(): Promise<void>;
}

export interface RoutingHarnessOptions {
  /** Default sqlite. */
  backend?: TestBackend;
  extensionRouter?: RouterSettingsInput;
  callerLookup?: LookupSettingsInput;
  /** As `callgate serve --mobile-context` passes it. */
  mobileContext?: string;
}

export async function openRoutingHarness(options: RoutingHarnessOptions = {}): Promise<RoutingHarness> {
  const testServices = await openTestServices(options.backend ?? 'sqlite');
  const logger = new CapturingLogger();
  const server = createAgiServer({ logger });
  registerApps(server, {
    services: testServices.services,
    config: {
      ...(options.extensionRouter ? { extensionRouter: options.extensionRouter } : {}),
      ...(options.callerLookup ? { callerLookup: options.callerLookup } : {}),
      ...(options.mobileContext ? { mobileContext: options.mobileContext } : {}),
    },
  });
  const { port } = await server.listen({ port: 0, host: '127.0.0.1' });
  const url = (route: string, query = '') => `agi://127.0.0.1:${port}/${route}${query}`;
  const base = (route: string, extra: Partial<StartCallOptions>): StartCallOptions => ({
    url: url(route),
    callerId: '"Caller" <5550100>',
    ...extra,
  });
  return {
    ...testServices,
    logger,
    agiUrl: url,
    call: (route, extra = {}) => simulateCall(base(route, extra)),
    start: (route, extra = {}) => startCall(base(route, extra)),
    async close() {
      await server.close({ deadlineMs: 1000 });
      await testServices.close();
    },
  };
}
