import type { Clock } from './clock.ts';
import type { DomainConfig } from './domain-config.ts';
import type { DomainObserver } from './domain-observer.ts';
import type { EventBus } from './event-bus.ts';
import type { ScryptCost } from './secret-hash.ts';
import type { Store } from './store-port.ts';

/** What every service is built from; made once by createServices. */
export interface ServiceContext {
  store: Store;
  clock: Clock;
  config: DomainConfig;
  events: EventBus;
  hashCost: ScryptCost;
  observer: DomainObserver;
}
