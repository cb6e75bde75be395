/**
 * Domain events between nodes over PostgreSQL LISTEN/NOTIFY: each node delivers its own events
 * at once and NOTIFYs them; every other node LISTENing on the channel delivers them on arrival.
 * Delivery is best effort (a node that is disconnected misses events; the console re-reads state
 * on reconnect), which is what NOTIFY gives.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DomainError } from '../domain/domain-error.ts';
import type { DomainEvent, DomainEventListener, EventBus } from '../domain/event-bus.ts';
import { InProcessEventBus } from '../domain/event-bus.ts';

export interface PostgresEventBusOptions {
  connectionString: string;
  /** NOTIFY channel; nodes of one installation share it. Default `callgate_events`. */
  channel?: string;
  connectTimeoutMs?: number;
  /** Told about NOTIFY or connection failures; events keep flowing locally. */
  onError?: (err: Error) => void;
}

interface Envelope {
  origin: string;
  event: DomainEvent;
}

// NOTIFY payloads are limited to 8000 bytes; an event larger than that is only delivered locally.
const MAX_PAYLOAD = 7900;

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
  readonly #listener: pg.Client;
  readonly #publisher: pg.Pool;
  readonly #onError: (err: Error) => void;

  private constructor(options: PostgresEventBusOptions) {
    this.#channel = options.channel ?? 'callgate_events';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.#channel)) {
      throw new DomainError('E_VALIDATION', 'Event channel must be a lower-case SQL identifier');
    }
    this.#onError = options.onError ?? (() => {});
    const timeout = options.connectTimeoutMs ?? 5000;
    this.#listener = new pg.Client({
      connectionString: options.connectionString,
      connectionTimeoutMillis: timeout,
    });
    this.#publisher = new pg.Pool({
      connectionString: options.connectionString,
      max: 2,
      connectionTimeoutMillis: timeout,
    });
    this.#listener.on('error', (err) => this.#onError(err));
    this.#publisher.on('error', (err) => this.#onError(err));
    this.#listener.on('notification', (msg) => {
      if (msg.channel !== this.#channel || !msg.payload) return;
      try {
        const envelope = JSON.parse(msg.payload, reviveDates) as Envelope;
        if (envelope.origin !== this.#origin) this.#local.publish(envelope.event);
      } catch (err) {
        this.#onError(err as Error);
      }
    });
  }

  /** Connects and LISTENs; throws E_STORE_UNAVAILABLE when PostgreSQL does not answer. */
  static async start(options: PostgresEventBusOptions): Promise<PostgresEventBus> {
    const bus = new PostgresEventBus(options);
    try {
      await bus.#listener.connect();
      await bus.#listener.query(`listen ${bus.#channel}`);
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
    const payload = JSON.stringify({ origin: this.#origin, event } satisfies Envelope);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) return;
    this.#publisher
      .query('select pg_notify($1, $2)', [this.#channel, payload])
      .catch((err: Error) => this.#onError(err));
  }

  subscribe(listener: DomainEventListener): () => void {
    return this.#local.subscribe(listener);
  }

  async close(): Promise<void> {
    await this.#listener.end().catch(() => {});
    await this.#publisher.end().catch(() => {});
  }
}
