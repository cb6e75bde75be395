/**
 * Domain events between nodes over PostgreSQL LISTEN/NOTIFY: each node delivers its own events
 * at once and NOTIFYs them; every other node LISTENing on the channel delivers them on arrival.
 * NOTIFYs go out one at a time over one dedicated connection, so other nodes receive a node's
 * events in the order it published them (a pool would race them over several connections).
 * Both connections reconnect when they drop. Delivery is best effort: events NOTIFYed while a
 * node's listener is down are missed (the console re-reads state on reconnect).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { DomainError } from '../domain/domain-error.ts';
import type { DomainEvent, DomainEventListener, EventBus } from '../domain/event-bus.ts';
import { InProcessEventBus } from '../domain/event-bus.ts';
import { DedicatedConnection } from './dedicated-connection.ts';

export interface PostgresEventBusOptions {
  connectionString: string;
  /** NOTIFY channel; nodes of one installation share it. Default `callgate_events`. */
  channel?: string;
  connectTimeoutMs?: number;
  /** Told about NOTIFY or connection failures; events keep flowing locally. */
  onError?: (err: Error) => void;
  /** Events waiting to be NOTIFYed while PostgreSQL is unreachable; the oldest are dropped beyond. Default 10 000. */
  maxQueued?: number;
}

interface Envelope {
  origin: string;
  event: DomainEvent;
}

// NOTIFY payloads are limited to 8000 bytes; an event larger than that is only delivered locally.
const MAX_PAYLOAD = 7900;
/** Tries per event before it is given up (the connection keeps failing). */
const MAX_TRIES = 5;

/** JSON turns Dates into strings; the domain's date fields are the ones named `at` or `…At`. */
function reviveDates(key: string, value: unknown): unknown {
  if (typeof value === 'string' && (key === 'at' || key.endsWith('At')) && /^\d{4}-\d\d-\d\dT/.test(value)) {
    return new Date(value);
  }
  return value;
}

export class PostgresEventBus implements EventBus {
  readonly #local = new InProcessEventBus();
  readonly #origin = randomUUID();
  readonly #channel: string;
  readonly #listener: DedicatedConnection;
  readonly #publisher: DedicatedConnection;
  readonly #onError: (err: Error) => void;
  readonly #maxQueued: number;
  /** Payloads waiting for the publisher, oldest first. */
  readonly #queue: string[] = [];
  #sending: Promise<void> | undefined;

  private constructor(options: PostgresEventBusOptions) {
    this.#channel = options.channel ?? 'callgate_events';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.#channel)) {
      throw new DomainError('E_VALIDATION', 'Event channel must be a lower-case SQL identifier');
    }
    this.#onError = options.onError ?? (() => {});
    this.#maxQueued = options.maxQueued ?? 10_000;
    const common = {
      connectionString: options.connectionString,
      connectTimeoutMs: options.connectTimeoutMs ?? 5000,
      onError: (err: Error) => this.#onError(err),
    };
    this.#listener = new DedicatedConnection({
      ...common,
      applicationName: `callgate_listen_${this.#channel}`.slice(0, 63),
      onConnect: async (client) => {
        client.on('notification', (msg) => this.#onNotification(msg.channel, msg.payload));
        await client.query(`listen ${this.#channel}`);
      },
      // Listen again at once (after the back-off): a node that is not listening misses events.
      onLost: () => this.#relisten(),
    });
    this.#publisher = new DedicatedConnection({
      ...common,
      applicationName: `callgate_notify_${this.#channel}`.slice(0, 63),
    });
  }

  /** Connects and LISTENs; throws E_STORE_UNAVAILABLE when PostgreSQL does not answer. */
  static async start(options: PostgresEventBusOptions): Promise<PostgresEventBus> {
    const bus = new PostgresEventBus(options);
    try {
      await bus.#listener.client();
      await bus.#publisher.client();
    } catch (err) {
      await bus.close();
      throw new DomainError('E_STORE_UNAVAILABLE', `Cannot listen for events: ${(err as Error).message}`, {
        cause: err,
      });
    }
    return bus;
  }

  publish(event: DomainEvent): void {
    this.#local.publish(event);
    if (this.#publisher.closed) return;
    const payload = JSON.stringify({ origin: this.#origin, event } satisfies Envelope);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) return;
    this.#queue.push(payload);
    if (this.#queue.length > this.#maxQueued) {
      this.#queue.shift();
      this.#onError(new Error('event queue full while PostgreSQL is unreachable: oldest event dropped'));
    }
    this.#sending ??= this.#drain().finally(() => {
      this.#sending = undefined;
    });
  }

  subscribe(listener: DomainEventListener): () => void {
    return this.#local.subscribe(listener);
  }

  /** Resolves once every event published so far has been NOTIFYed (or given up). */
  async flush(): Promise<void> {
    while (this.#sending) await this.#sending;
  }

  async close(): Promise<void> {
    await this.#listener.close();
    await this.#publisher.close();
    this.#queue.length = 0;
    await this.#sending;
  }

  /** Sends queued payloads one at a time, in order; a failed send is retried on a new connection. */
  async #drain(): Promise<void> {
    let tries = 0;
    while (this.#queue.length > 0 && !this.#publisher.closed) {
      const payload = this.#queue[0] as string;
      let client: pg.Client | undefined;
      try {
        client = await this.#publisher.client();
        await client.query('select pg_notify($1, $2)', [this.#channel, payload]);
        this.#queue.shift();
        tries = 0;
      } catch (err) {
        if (this.#publisher.closed) return;
        this.#onError(err as Error);
        if (client) this.#publisher.discard(client);
        if (++tries >= MAX_TRIES) {
          this.#queue.shift();
          tries = 0;
        }
      }
    }
  }

  #relisten(): void {
    if (this.#listener.closed) return;
    this.#listener.client().catch((err: Error) => {
      this.#onError(err);
      this.#relisten();
    });
  }

  #onNotification(channel: string, payload: string | undefined): void {
    if (channel !== this.#channel || !payload) return;
    try {
      const envelope = JSON.parse(payload, reviveDates) as Envelope;
      if (envelope.origin !== this.#origin) this.#local.publish(envelope.event);
    } catch (err) {
      this.#onError(err as Error);
    }
  }
}
