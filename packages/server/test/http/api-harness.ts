/**
 * A real Fastify app with the API plugin on a fresh migrated store (a SQLite temp file unless
 * told otherwise) and real services, listening on a free port; clients talk to it over real
 * sockets with a cookie jar and the CSRF token, as the console does.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Agent } from '../../src/domain/agent.ts';
import type { Clock } from '../../src/domain/clock.ts';
import type { Device } from '../../src/domain/device.ts';
import type { DomainConfig } from '../../src/domain/domain-config.ts';
import { type ApiPluginOptions, apiPlugin } from '../../src/http/index.ts';
import type { RouteDoc } from '../../src/http/route-doc.ts';
import { openTestServices, type TestBackend, type TestServices } from '../support/test-stores.ts';

/** Response bodies are read loosely in tests: each assertion says what it expects. */
// biome-ignore lint/suspicious/noExplicitAny: one loose type for every JSON body the tests read
export type JsonBody = any;

export interface ApiResponse<T = JsonBody> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface RequestOptions {
  /** false: leave the CSRF header out; a string: send that instead of the real token. */
  csrf?: boolean | string;
  headers?: Record<string, string>;
  /** Send this text as the body instead of JSON-encoding `body`. */
  rawBody?: string;
}

/** One browser: a cookie jar and the CSRF token from login / me. */
export class ApiClient {
  /** The session cookie (`callgate_sid=...`), as the browser would send it. */
  cookie: string | undefined;
  /** The device cookie (`callgate_device=...`) a sign-in gave this browser. */
  deviceCookie: string | undefined;
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  async request<T = JsonBody>(
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    const cookies = [this.cookie, path === '/api/login' ? this.deviceCookie : undefined].filter(Boolean);
    if (cookies.length > 0) headers.cookie = cookies.join('; ');
    if (body !== undefined || options.rawBody !== undefined) headers['content-type'] ??= 'application/json';
    const csrf = options.csrf ?? true;
    if (method !== 'GET' && csrf !== false) {
      const token = typeof csrf === 'string' ? csrf : this.csrfToken;
      if (token) headers['x-csrf-token'] = token;
    }
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const pair = setCookie.split(';')[0] ?? '';
      const value = pair.endsWith('=') ? undefined : pair;
      if (pair.startsWith('callgate_device=')) this.deviceCookie = value;
      else this.cookie = value;
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: response.status, body: parsed as T, headers: response.headers, text };
  }

  get<T = JsonBody>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, undefined, options);
  }
  post<T = JsonBody>(path: string, body: unknown = {}, options?: RequestOptions) {
    return this.request<T>('POST', path, body, options);
  }
  patch<T = JsonBody>(path: string, body: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', path, body, options);
  }
  delete<T = JsonBody>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, undefined, options);
  }

  async login(userId: string, password: string): Promise<ApiResponse> {
    const response = await this.post('/api/login', { userId, password });
    if (response.status === 200) this.csrfToken = response.body.csrfToken;
    return response;
  }
}

export const ADMIN = { userId: '9000', password: 'admin-pass-9000' };
export const SUPERVISOR = { userId: '9100', password: 'super-pass-9100' };
export const ALICE = { userId: '1001', password: 'alice-pass-1001', pin: '4321' };
export const BOB = { userId: '1002', password: 'bob-pass-1002', pin: '8765' };

export interface ApiHarness extends TestServices {
  app: FastifyInstance;
  baseUrl: string;
  admin: Agent;
  supervisor: Agent;
  alice: Agent;
  /** A hot-desk agent. */
  bob: Agent;
  desks: Device[];
  /** Every route the plugin registered (method, URL pattern, and what it documents). */
  routes: Array<{ method: string; url: string; api: RouteDoc | undefined }>;
  client(): ApiClient;
  /** A client already signed in (throws when the login fails). */
  loginAs(who: { userId: string; password: string }): Promise<ApiClient>;
  close(): Promise<void>;
}

export interface ApiHarnessOptions {
  backend?: TestBackend;
  /** Default: a manual clock (tests move it); browser tests want the real time. */
  clock?: Clock;
  config?: Partial<DomainConfig>;
  plugin?: Partial<ApiPluginOptions>;
}

export async function openApiHarness(options: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const testServices = await openTestServices(options.backend ?? 'sqlite', {
    file: true,
    ...(options.clock ? { clock: options.clock } : {}),
    // No growing delay between failed logins: the tests would only wait.
    config: { delayBaseMs: 0, delayMaxMs: 0, ...options.config },
  });
  const { services } = testServices;
  const admin = await services.agents.create({ ...ADMIN, name: 'Ada Admin', role: 'admin' });
  const supervisor = await services.agents.create({
    ...SUPERVISOR,
    name: 'Sam Supervisor',
    role: 'supervisor',
  });
  const alice = await services.agents.create({ ...ALICE, name: 'Alice Moreau' });
  const bob = await services.agents.create({ ...BOB, name: 'Bob Hotdesk', hotDesk: true });
  const desks = [
    await services.devices.create({ name: 'Desk 12', endpoint: 'PJSIP/2001', location: 'Floor 2' }),
    await services.devices.create({ name: 'Desk 13', endpoint: 'PJSIP/2002', location: 'Floor 2' }),
  ];
  await services.pauseCodes.create({ code: 'BREAK', name: 'Break', maxSeconds: 900 });
  await services.pauseCodes.create({ code: 'LUNCH', name: 'Lunch' });

  const app = Fastify({ logger: false });
  const routes: ApiHarness['routes'] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      routes.push({ method, url: route.url, api: route.config?.api });
  });
  await app.register(apiPlugin, {
    services,
    config: { publicUrl: undefined, dialinNumber: '2345' },
    ...options.plugin,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    ...testServices,
    app,
    baseUrl,
    admin,
    supervisor,
    alice,
    bob,
    desks,
    routes,
    client: () => new ApiClient(baseUrl),
    async loginAs(who) {
      const client = new ApiClient(baseUrl);
      const response = await client.login(who.userId, who.password);
      if (response.status !== 200)
        throw new Error(`login ${who.userId}: ${response.status} ${response.text}`);
      return client;
    },
    async close() {
      await app.close();
      await testServices.close();
    },
  };
}
