/**
 * The `/api/events` Server-Sent Events fan-out. One subscription to the domain's EventBus serves
 * every open stream: an agent's streams get `session` events for their own session, admins' and
 * supervisors' streams also get `board` (every open session), rebuilt at most once per burst of
 * changes. A `: ping` comment keeps proxies from closing quiet streams.
 *
 * One web login keeps at most `maxStreamsPerWebSession` streams: a new one beyond it closes that
 * login's oldest (a tab left open, or a stream whose connection died unseen), which is told to
 * wait a minute before it reconnects. Closing the oldest rather than refusing the newest keeps a
 * console that reconnects working, while a stolen or scripted cookie holds no more than the limit.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { DomainEvent, EventBus } from '../domain/event-bus.ts';
import type { SessionViews } from './session-view.ts';

export interface LiveClient {
  readonly raw: ServerResponse;
  readonly agentId: number;
  /** The web login's id (the token's hash), never the token. */
  readonly webSessionId: string;
  /** Admins and supervisors: they also get the board. */
  readonly staff: boolean;
}

export interface LiveEventsOptions {
  /** How often a `: ping` comment is sent. Default 20 s. */
  pingMs?: number;
  /** Changes within this window produce one board event. Default 25 ms. */
  boardDebounceMs?: number;
  /** A client that lets this much output pile up unread is dropped. */
  maxBufferedBytes?: number;
  /**
   * Streams one web login may keep open; a new one beyond it closes the oldest. Default 6, as
   * many connections as a browser opens to one host over HTTP/1.1.
   */
  maxStreamsPerWebSession?: number;
}

export const DEFAULT_MAX_STREAMS_PER_WEB_SESSION = 6;

/** What a stream closed to make room for a newer one of its login is told: reconnect in a minute. */
const REPLACED = 'retry: 60000\nevent: replaced\ndata: {}\n\n';

export class LiveEvents {
  readonly #clients = new Set<LiveClient>();
  readonly #views: SessionViews;
  readonly #log: FastifyBaseLogger;
  readonly #pingMs: number;
  readonly #boardDebounceMs: number;
  readonly #maxBuffered: number;
  readonly #maxPerWebSession: number;
  readonly #unsubscribe: () => void;
  /** Per agent, the send in progress: events for one agent go out in the order they came. */
  readonly #agentQueues = new Map<number, Promise<void>>();
  /** Agents whose session read is queued and not started yet. */
  readonly #pendingAgents = new Set<number>();
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #boardTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(bus: EventBus, views: SessionViews, log: FastifyBaseLogger, options: LiveEventsOptions = {}) {
    this.#views = views;
    this.#log = log;
    this.#pingMs = options.pingMs ?? 20_000;
    this.#boardDebounceMs = options.boardDebounceMs ?? 25;
    this.#maxBuffered = options.maxBufferedBytes ?? 1_000_000;
    this.#maxPerWebSession = options.maxStreamsPerWebSession ?? DEFAULT_MAX_STREAMS_PER_WEB_SESSION;
    this.#unsubscribe = bus.subscribe((event) => this.#onDomainEvent(event));
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /** Starts streaming to a client: headers were written; sends its first snapshot. */
  add(client: LiveClient): void {
    if (this.#closed) {
      client.raw.end();
      return;
    }
    this.#makeRoomFor(client.webSessionId);
    this.#clients.add(client);
    client.raw.on('close', () => this.#remove(client));
    this.#write(client, 'retry: 3000\n\n');
    this.#enqueue(client.agentId, async () => {
      const snapshot = await this.#views.forAgent(client.agentId);
      this.#send(client, 'session', snapshot);
    });
    if (client.staff) {
      this.#views
        .board()
        .then((sessions) => this.#send(client, 'board', { sessions }))
        .catch((err) => this.#log.warn({ err }, 'live board snapshot failed'));
    }
    this.#pingTimer ??= setInterval(() => {
      for (const c of this.#clients) this.#write(c, ': ping\n\n');
    }, this.#pingMs);
  }

  /** Sends one event to every open stream. */
  broadcast(event: string, data: unknown): void {
    for (const client of this.#clients) this.#send(client, event, data);
  }

  /** Sends the agent's session again, as read now (something besides a session event changed it). */
  refreshAgent(agentId: number): void {
    this.#sessionChanged(agentId);
  }

  /** Ends the streams of one web login (it logged out). */
  closeWebSession(webSessionId: string): void {
    for (const client of this.#clients) if (client.webSessionId === webSessionId) this.#end(client);
  }

  /** Ends every stream of one agent (disabled). */
  closeAgent(agentId: number): void {
    for (const client of this.#clients) if (client.agentId === agentId) this.#end(client);
  }

  /** Ends every stream and stops listening; the server is closing. */
  close(): void {
    this.#closed = true;
    this.#unsubscribe();
    clearTimeout(this.#boardTimer);
    for (const client of this.#clients) this.#end(client);
    this.#stopPingIfIdle();
  }

  /** Closes the oldest streams of a login until one more fits (the set iterates oldest first). */
  #makeRoomFor(webSessionId: string): void {
    const ofLogin = [...this.#clients].filter((c) => c.webSessionId === webSessionId);
    for (const oldest of ofLogin.slice(0, Math.max(0, ofLogin.length - this.#maxPerWebSession + 1))) {
      this.#write(oldest, REPLACED);
      this.#end(oldest);
    }
  }

  #onDomainEvent(event: DomainEvent): void {
    if (this.#closed || this.#clients.size === 0) return;
    if (event.type === 'auth.event') return;
    if (event.type === 'web_sessions.revoked') {
      for (const id of event.ids) this.closeWebSession(id);
      return;
    }
    if (event.type === 'agent.changed') {
      // Disabled, or a role change that changes what the stream carries: the console reconnects
      // (and is refused, or gets the stream its new role is due).
      const staff = event.agent.role === 'admin' || event.agent.role === 'supervisor';
      for (const client of this.#clients) {
        if (client.agentId === event.agent.id && (!event.agent.enabled || client.staff !== staff))
          this.#end(client);
      }
      this.#scheduleBoard();
      return;
    }
    this.#sessionChanged(event.session.agentId);
    this.#scheduleBoard();
  }

  /**
   * Sends the agent's session as it is now, read after the event arrived, rather than the copy the
   * event carries: events from other nodes may arrive out of order, and a stale copy must not
   * overwrite a newer state on the agent's screen. A burst of events costs one read.
   */
  #sessionChanged(agentId: number): void {
    if (this.#pendingAgents.has(agentId) || ![...this.#clients].some((c) => c.agentId === agentId)) return;
    this.#pendingAgents.add(agentId);
    this.#enqueue(agentId, async () => {
      this.#pendingAgents.delete(agentId);
      const snapshot = await this.#views.forAgent(agentId);
      for (const client of this.#clients)
        if (client.agentId === agentId) this.#send(client, 'session', snapshot);
    });
  }

  #enqueue(agentId: number, work: () => Promise<void>): void {
    const previous = this.#agentQueues.get(agentId) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((err) => this.#log.warn({ err, agentId }, 'live session event failed'))
      .finally(() => {
        if (this.#agentQueues.get(agentId) === next) this.#agentQueues.delete(agentId);
      });
    this.#agentQueues.set(agentId, next);
  }

  #scheduleBoard(): void {
    if (this.#boardTimer !== undefined || ![...this.#clients].some((c) => c.staff)) return;
    this.#boardTimer = setTimeout(() => {
      this.#boardTimer = undefined;
      this.#views
        .board()
        .then((sessions) => {
          for (const client of this.#clients) if (client.staff) this.#send(client, 'board', { sessions });
        })
        .catch((err) => this.#log.warn({ err }, 'live board event failed'));
    }, this.#boardDebounceMs);
  }

  #send(client: LiveClient, event: string, data: unknown): void {
    this.#write(client, `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  #write(client: LiveClient, chunk: string): void {
    if (!this.#clients.has(client) || client.raw.writableEnded) return;
    client.raw.write(chunk);
    // A reader that stopped reading must not make us buffer without end.
    if (client.raw.writableLength > this.#maxBuffered) this.#end(client);
  }

  #end(client: LiveClient): void {
    this.#remove(client);
    if (!client.raw.writableEnded) client.raw.end();
  }

  #remove(client: LiveClient): void {
    this.#clients.delete(client);
    this.#stopPingIfIdle();
  }

  #stopPingIfIdle(): void {
    if (this.#clients.size === 0 && this.#pingTimer !== undefined) {
      clearInterval(this.#pingTimer);
      this.#pingTimer = undefined;
    }
  }
}
