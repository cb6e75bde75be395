/**
 * A pg.Pool for Kysely whose every query has a deadline on our side of the wire.
 *
 * PostgreSQL's own `statement_timeout` cancels a slow statement, but only a server that can still
 * be heard can cancel anything: through a stalled network or proxy (the connection open, nothing
 * moving) a query waits for ever, and so does everyone behind it. Past `queryTimeoutMs` the query
 * rejects (ETIMEDOUT, which the store reports as E_STORE_UNAVAILABLE) and its connection is ended
 * — it may be frozen in mid-reply and cannot be trusted again — so the pool opens a fresh one for
 * the next query instead of handing the frozen one out again. Kysely's rollback after such a
 * failure fails at once on the ended connection rather than waiting a second deadline.
 */
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

export class DeadlinePool implements PostgresPool {
  readonly #pool: pg.Pool;
  readonly #queryTimeoutMs: number;
  /** One wrapper per pooled client, made once. */
  readonly #wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();

  constructor(pool: pg.Pool, queryTimeoutMs: number) {
    this.#pool = pool;
    this.#queryTimeoutMs = queryTimeoutMs;
  }

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.#pool.connect();
    let wrapper = this.#wrappers.get(client);
    if (wrapper === undefined) {
      wrapper = this.#wrap(client);
      this.#wrappers.set(client, wrapper);
    }
    return wrapper;
  }

  end(): Promise<void> {
    return this.#pool.end();
  }

  #wrap(client: pg.PoolClient): PostgresPoolClient {
    const timeoutMs = this.#queryTimeoutMs;
    const query = (sqlOrCursor: unknown, parameters?: readonly unknown[]): unknown => {
      if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as pg.Submittable);
      const running = client.query(sqlOrCursor, parameters as unknown[]);
      if (timeoutMs <= 0) return running;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(queryTimeout(timeoutMs));
          // With a query in flight, end() destroys the socket at once: no waiting on a frozen peer.
          client.end().catch(() => {});
        }, timeoutMs);
        running.then(
          (result) => {
            clearTimeout(timer);
            resolve(result);
          },
          (err: unknown) => {
            clearTimeout(timer);
            reject(err);
          },
        );
      });
    };
    return {
      query: query as PostgresPoolClient['query'],
      release: () => client.release(),
    };
  }
}

function queryTimeout(ms: number): Error & { code: string } {
  return Object.assign(new Error(`PostgreSQL did not answer within ${ms} ms`), { code: 'ETIMEDOUT' });
}
