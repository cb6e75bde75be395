/** What every route module of the API is given. */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../domain/create-services.ts';
import type { AsteriskPort } from './asterisk-port.ts';
import type { LiveEvents } from './live-events.ts';
import type { SessionViews } from './session-view.ts';

export interface LoginRateLimit {
  /** Login attempts allowed per window. */
  max: number;
  windowMs: number;
}

export interface ApiContext {
  services: Services;
  views: SessionViews;
  live: LiveEvents;
  /** Asterisk control (status, "call me again", queues); status `off` when the server has none. */
  asterisk: AsteriskPort;
  dialinNumber: string;
  /** Whether the session cookie carries `Secure` (the console is reached over https). */
  secureCookie: boolean;
  /** Per-process flood throttle in front of the domain's shared login lanes. */
  loginLimits: { perIp: LoginRateLimit };
  /** The client's address, through the proxies the `trustProxy` option trusts. */
  clientAddress(request: FastifyRequest): string;
}
