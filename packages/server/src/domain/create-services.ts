import { type AgentService, createAgentService } from './agent-service.ts';
import { createAttemptLimiter } from './attempt-limiter.ts';
import { type AuditService, createAuditService } from './audit-service.ts';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import { type ContactService, createContactService } from './contact-service.ts';
import { createDeviceService, type DeviceService } from './device-service.ts';
import { createDialInService, type DialInService } from './dial-in-service.ts';
import { createDirectoryServices, type DirectoryServices } from './directory-services.ts';
import type { DomainConfig } from './domain-config.ts';
import { resolveDomainConfig } from './domain-config.ts';
import { type DomainObserver, SILENT_OBSERVER } from './domain-observer.ts';
import type { EventBus } from './event-bus.ts';
import { InProcessEventBus } from './event-bus.ts';
import { createLegHolderService, type LegHolderService } from './leg-holders.ts';
import { createLockService, type LockService } from './lock-service.ts';
import { createPauseCodeService, type PauseCodeService } from './pause-code-service.ts';
import type { ScryptCost } from './secret-hash.ts';
import { DEFAULT_SCRYPT_COST } from './secret-hash.ts';
import type { ServiceContext } from './service-context.ts';
import { createSessionService, type SessionService } from './session-service.ts';
import type { Store } from './store-port.ts';
import { createWebLoginService, type WebLoginService } from './web-login-service.ts';
import { createWebSessionService, type WebSessionService } from './web-session-service.ts';

export interface ServicesOptions {
  store: Store;
  clock?: Clock;
  config?: Partial<DomainConfig>;
  events?: EventBus;
  /** scrypt cost for new hashes; tests may lower it. Existing hashes keep their own cost. */
  hashCost?: ScryptCost;
  /** Told of secret checks and refused attempts (metrics). */
  observer?: DomainObserver;
  /**
   * This process as a holder of phone legs: its node id (stable across restarts of the same node)
   * and how long another node may stay silent before its legs are released. Default `local`, 60 s.
   */
  node?: { id: string; staleAfterSec: number };
}

export interface Services extends DirectoryServices {
  agents: AgentService;
  devices: DeviceService;
  contacts: ContactService;
  pauseCodes: PauseCodeService;
  sessions: SessionService;
  dialIn: DialInService;
  webLogin: WebLoginService;
  locks: LockService;
  legHolders: LegHolderService;
  audit: AuditService;
  webSessions: WebSessionService;
  events: EventBus;
  config: DomainConfig;
  clock: Clock;
  store: Store;
}

export function createServices(options: ServicesOptions): Services {
  const ctx: ServiceContext = {
    store: options.store,
    clock: options.clock ?? systemClock,
    config: resolveDomainConfig(options.config),
    events: options.events ?? new InProcessEventBus(),
    hashCost: options.hashCost ?? DEFAULT_SCRYPT_COST,
    observer: options.observer ?? SILENT_OBSERVER,
  };
  const audit = createAuditService(ctx);
  const limiter = createAttemptLimiter(ctx);
  const sessions = createSessionService(ctx);
  const webSessions = createWebSessionService(ctx);
  return {
    agents: createAgentService(ctx, { webSessions }),
    devices: createDeviceService(ctx),
    contacts: createContactService(ctx),
    pauseCodes: createPauseCodeService(ctx),
    sessions,
    legHolders: createLegHolderService(ctx, { sessions }, options.node ?? { id: 'local', staleAfterSec: 60 }),
    dialIn: createDialInService(ctx, { limiter, audit, sessions }),
    webLogin: createWebLoginService(ctx, { limiter, audit }),
    locks: createLockService(ctx, { limiter, audit }),
    audit,
    webSessions,
    ...createDirectoryServices(ctx),
    events: ctx.events,
    config: ctx.config,
    clock: ctx.clock,
    store: ctx.store,
  };
}
