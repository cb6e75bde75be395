/**
 * One PostgreSQL connection kept for one job (publishing NOTIFYs in order, or LISTENing), and
 * opened again when it drops: after a failure it waits (100 ms, doubling to 5 s) and reconnects,
 * running `onConnect` (e.g. LISTEN) on every new connection before anyone uses it.
 *
 * Like the store's pool, it never waits for ever: TCP keepalive finds a dead connection, and a
 * query with no answer within 6 s fails (the job then discards the connection, which drops it).
 */
import pg from 'pg';

export interface DedicatedConnectionOptions {
  connectionString: string;
  connectTimeoutMs: number;
  /** Shown in pg_stat_activity, so an operator can tell the connection apart. */
  applicationName: string;
  /** Runs on each new connection before it is used (attach listeners, LISTEN). */
  onConnect?: (client: pg.Client) => Promise<void>;
  onError: (err: Error) => void;
  /** Called when a connection is lost or given up; the next `client()` opens another. */
  onLost?: () => void;
}

const BACKOFF_FIRST_MS = 100;
const QUERY_TIMEOUT_MS = 6000;
const KEEPALIVE_DELAY_MS = 10_000;
const BACKOFF_MAX_MS = 5000;

export class DedicatedConnection {
  readonly #options: DedicatedConnectionOptions;
  #client: Promise<pg.Client> | undefined;
  /** The connected client `#client` resolved to, if it did. */
  #current: pg.Client | undefined;
  /** Clients already given up, so their late `error`/`end` events are not counted twice. */
  readonly #dropped = new WeakSet<pg.Client>();
  #backoffMs = 0;
  #closed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wakeSleeper: (() => void) | undefined;

  constructor(options: DedicatedConnectionOptions) {
    this.#options = options;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The live connection, connecting (after the current back-off) when there is none. */
  client(): Promise<pg.Client> {
    if (this.#closed) return Promise.reject(new Error('connection closed'));
    this.#client ??= this.#connect();
    return this.#client;
  }

  /** Gives up a connection that failed; the next `client()` waits the back-off and reconnects. */
  discard(client: pg.Client): void {
    if (this.#dropped.has(client)) return;
    this.#dropped.add(client);
    if (this.#current === client) {
      this.#current = undefined;
      this.#client = undefined;
    }
    this.#backoffMs = Math.min(Math.max(this.#backoffMs * 2, BACKOFF_FIRST_MS), BACKOFF_MAX_MS);
    client.end().catch(() => {});
    if (!this.#closed) this.#options.onLost?.();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#wakeSleeper?.();
    const current = this.#client;
    this.#client = undefined;
    this.#current = undefined;
    if (current) {
      await current.then(
        (c) => {
          this.#dropped.add(c);
          return c.end();
        },
        () => {},
      );
    }
  }

  async #connect(): Promise<pg.Client> {
    if (this.#backoffMs > 0) await this.#sleep(this.#backoffMs);
    if (this.#closed) throw new Error('connection closed');
    const options = this.#options;
    const client = new pg.Client({
      connectionString: options.connectionString,
      connectionTimeoutMillis: options.connectTimeoutMs,
      application_name: options.applicationName,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
      query_timeout: QUERY_TIMEOUT_MS,
    });
    const lost = (err?: Error) => {
      if (this.#dropped.has(client) || this.#closed) return;
      if (err) options.onError(err);
      this.discard(client);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await options.onConnect?.(client);
    } catch (err) {
      this.#dropped.add(client);
      this.#client = undefined;
      this.#backoffMs = Math.min(Math.max(this.#backoffMs * 2, BACKOFF_FIRST_MS), BACKOFF_MAX_MS);
      client.end().catch(() => {});
      throw err;
    }
    this.#backoffMs = 0;
    this.#current = client;
    return client;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wakeSleeper = resolve;
      this.#timer = setTimeout(resolve, ms);
      this.#timer.unref();
    });
  }
}
