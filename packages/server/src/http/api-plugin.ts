/**
 * The Callgate HTTP API (REST contract v1) and the web console, as one Fastify plugin. Register it
 * with `{ services, config, logger }` (what `callgate serve` gives every part); tests may also
 * tune limits and the console directory.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { ServeConfig } from '../config/serve-config.ts';
import type { Services } from '../domain/create-services.ts';
import { registerAdminAgentRoutes } from './admin-agent-routes.ts';
import { registerAdminBoardRoutes } from './admin-board-routes.ts';
import { registerAdminCatalogRoutes } from './admin-catalog-routes.ts';
import { registerAdminDirectoryRoutes } from './admin-directory-routes.ts';
import { registerAgentRoutes } from './agent-routes.ts';
import type { ApiContext, LoginRateLimit } from './api-context.ts';
import { connectAsteriskToLive } from './asterisk-live-updates.ts';
import { ASTERISK_ABSENT, type AsteriskPort } from './asterisk-port.ts';
import { registerAsteriskRoutes } from './asterisk-routes.ts';
import { registerAuthRoutes } from './auth-routes.ts';
import { createClientAddress, type TrustProxy } from './client-address.ts';
import { DEFAULT_CONSOLE_DIR, registerConsole } from './console-static.ts';
import { apiErrorHandler } from './error-handler.ts';
import { registerEventsRoute } from './events-route.ts';
import { LiveEvents, type LiveEventsOptions } from './live-events.ts';
import { registerLockRoutes } from './lock-routes.ts';
import { recordApiRoutes, registerOpenApiRoute } from './openapi-route.ts';
import { createAccessHook } from './request-auth.ts';
import { createSessionViews } from './session-view.ts';

export interface ApiPluginOptions {
  services: Services;
  /** `callgate serve`'s configuration; the API reads the public URL and the dial-in number. */
  config: Pick<ServeConfig, 'publicUrl' | 'dialinNumber'>;
  /** Accepted for symmetry with the apps; the API logs through Fastify's request loggers. */
  logger?: unknown;
  /** The console's build output. Default: packages/console/dist. */
  consoleDir?: string;
  /** `Secure` on the session cookie. Default: when the public URL is https. */
  secureCookie?: boolean;
  /** Defaults: 100 attempts per minute per client address (a whole office may sit behind one NAT
   * address at shift start), 10 per minute per user ID. */
  loginRateLimit?: { perIp?: LoginRateLimit };
  liveEvents?: LiveEventsOptions;
  /**
   * Which reverse proxies may name the client in `X-Forwarded-For` (login limits and the audit log
   * use that address): `true` any, a hop count, or their addresses / CIDR blocks. Default: none.
   */
  trustProxy?: TrustProxy;
  /** Largest request body accepted, in bytes. Default 64 KiB. */
  bodyLimit?: number;
  /** `callgate serve`'s Asterisk access (RuntimeDeps.asterisk). Absent: status `off`, no queues. */
  asterisk?: AsteriskPort;
}

const DEFAULT_BODY_LIMIT = 64 * 1024;

async function api(app: FastifyInstance, options: ApiPluginOptions): Promise<void> {
  const { services } = options;
  const secureCookie = options.secureCookie ?? options.config.publicUrl?.startsWith('https:') ?? false;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= bodyLimit;
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        ...(secureCookie ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // HSTS over plain http means nothing, and would pin a development host to https.
    strictTransportSecurity: secureCookie,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });

  const addressOf = createClientAddress(options.trustProxy);
  const asterisk = options.asterisk ?? ASTERISK_ABSENT;
  const views = createSessionViews(services, options.config.dialinNumber, (id) =>
    asterisk.lastLegAttempt(id),
  );
  const live = new LiveEvents(services.events, views, app.log, options.liveEvents);
  const disconnectAsterisk = connectAsteriskToLive(asterisk, live, services);
  // Streams never finish on their own: end them before the server waits for open requests.
  app.addHook('preClose', async () => {
    disconnectAsterisk();
    live.close();
  });
  app.addHook('onClose', async () => {
    disconnectAsterisk();
    live.close();
  });

  const ctx: ApiContext = {
    services,
    views,
    live,
    asterisk,
    dialinNumber: options.config.dialinNumber,
    secureCookie,
    loginLimits: {
      perIp: options.loginRateLimit?.perIp ?? { max: 100, windowMs: 60_000 },
    },
    clientAddress: (request) => addressOf(request.socket.remoteAddress, request.headers['x-forwarded-for']),
  };

  app.setErrorHandler(apiErrorHandler);
  app.addHook('onRequest', createAccessHook({ services }));
  const apiRoutes = recordApiRoutes(app);
  registerAuthRoutes(app, ctx);
  registerAgentRoutes(app, ctx);
  registerAsteriskRoutes(app, ctx);
  registerEventsRoute(app, ctx);
  registerAdminAgentRoutes(app, ctx);
  registerAdminCatalogRoutes(app, ctx);
  registerAdminBoardRoutes(app, ctx);
  registerAdminDirectoryRoutes(app, ctx);
  registerLockRoutes(app, ctx);
  registerOpenApiRoute(app, apiRoutes);
  await registerConsole(app, options.consoleDir ?? DEFAULT_CONSOLE_DIR);
}

export const apiPlugin: FastifyPluginAsync<ApiPluginOptions> = api;
