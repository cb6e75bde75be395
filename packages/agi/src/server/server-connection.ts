import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { AgiChannel } from '../channel/agi-channel.ts';
import type { CommandDeadlines } from '../channel/command-deadlines.ts';
import { AgiError, isAgiError } from '../errors.ts';
import { encodeCommand } from '../protocol/command-encoder.ts';
import type { AgiEnvironment } from '../protocol/environment.ts';
import type { AgiReply } from '../protocol/reply.ts';
import { AgiSession, type AgiSessionOptions } from '../session/agi-session.ts';
import { type AgiSessionSummary, accessLogRecord } from './access-log.ts';
import type { AgiCall, AgiHandler } from './agi-call.ts';
import { type AgiLogger, silentLogger } from './agi-logger.ts';
import { publicEnvironment } from './public-environment.ts';
import type { RouteMatch, RouteTable } from './route-table.ts';
import type { HookRegistry } from './server-hooks.ts';
import type { AgiRouteStats, AgiSessionOutcome, ServerCounters } from './server-stats.ts';
import { maskSecrets, SECRET_PARAM, secretsEqual } from './shared-secret.ts';

/** How long the server waits for Asterisk to acknowledge the status variable before closing. */
const STATUS_REPLY_TIMEOUT_MS = 2000;

/** Errors that mean the call ended under the handler (the caller left), not that the handler failed. */
const CALL_ENDED_CODES: ReadonlySet<string> = new Set([
  'AGI_ERR_HANGUP',
  'AGI_ERR_CLOSED',
  'AGI_ERR_DEAD_CHANNEL',
]);

/** What every connection of one server shares: configuration, routes, hooks, counters. */
export interface ConnectionContext {
  readonly routes: RouteTable<AgiHandler>;
  readonly hooks: HookRegistry;
  readonly counters: ServerCounters;
  readonly log: AgiLogger;
  readonly secret: string | undefined;
  readonly idleTimeoutMs: number;
  readonly sessionTimeoutMs: number;
  readonly statusVariable: string;
  readonly deadlines: CommandDeadlines;
  readonly sessionOptions: AgiSessionOptions;
  /** The environment arrived: true when the server has room for the session (else refused). */
  readonly onIdentified: (connection: ServerConnection) => boolean;
  /** Called once the socket is closed, so the server can forget the connection. */
  readonly onClosed: (connection: ServerConnection) => void;
}

/**
 * One accepted FastAGI socket from connect to close: environment, secret, route, handler, and the
 * close that always follows. Everything per call is allocated lazily (the abort signal, the child
 * logger) or not at all when no hook needs it: thousands of calls sit held in ConfBridge at once.
 */
export class ServerConnection {
  readonly socket: Socket;
  readonly remoteAddress: string;
  /** The key the server counts this connection under while it is pending (see peerKey). */
  peer = '';
  readonly #ctx: ConnectionContext;
  /** performance.now() at accept: the access log's duration runs from it; the pending caps age by it. */
  readonly acceptedAt = performance.now();
  #session: AgiSession | undefined;
  #controller: AbortController | undefined;
  #abortReason: AgiError | undefined;
  #peerClosed = false;
  #socketClosed = false;
  #closeWaiters: (() => void)[] | undefined;

  constructor(ctx: ConnectionContext, socket: Socket, remoteAddress: string) {
    this.#ctx = ctx;
    this.socket = socket;
    this.remoteAddress = remoteAddress;
    // `on`, not `once`: 'close' fires once anyway, and once() allocates a wrapper per socket. Here
    // and on the session, shared listeners find their connection by a symbol: no closure per call.
    (socket as ConnectionSocket)[CONNECTION] = this;
    socket.on('close', ServerConnection.#onClose);
  }

  static #onProtocolError(this: ConnectionSession, err: AgiError): void {
    // biome-ignore lint/complexity/noThisInStatic: a listener's `this` is the session it listens to
    const connection = this[CONNECTION];
    if (!connection) return;
    connection.#ctx.counters.errors++;
    connection.#ctx.log.warn(
      { remoteAddress: connection.remoteAddress, code: err.code },
      `FastAGI protocol error: ${err.message}`,
    );
  }

  static #onClose(this: ConnectionSocket): void {
    // biome-ignore lint/complexity/noThisInStatic: a listener's `this` is the socket it listens to
    const connection = this[CONNECTION];
    if (connection) connection.#onSocketClose();
  }

  /** Aborts when the call must end; created on first use. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#abortReason) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  /** Resolves once the socket is closed. */
  whenClosed(): Promise<void> {
    if (this.#socketClosed) return Promise.resolve();
    return new Promise((resolve) => {
      this.#closeWaiters ??= [];
      this.#closeWaiters.push(resolve);
    });
  }

  /** Ends the call now: its signal aborts with `reason` and its socket closes. */
  abort(reason: AgiError): void {
    if (this.#abortReason) return;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
    if (this.#session) this.#session.close();
    else this.socket.destroy();
  }

  #onSocketClose(): void {
    this.#socketClosed = true;
    if (!this.#abortReason) {
      this.#peerClosed = true;
      this.#controller?.abort(new AgiError('AGI_ERR_CLOSED', 'the connection closed'));
    }
    this.#ctx.onClosed(this);
    const waiters = this.#closeWaiters;
    this.#closeWaiters = undefined;
    if (waiters) for (const resolve of waiters) resolve();
  }

  /**
   * Runs the call. Never rejects: every failure is logged, counted and ends in a closed socket.
   * One async function, not a wrapper around another: a held call keeps every suspended frame
   * alive, about half a kilobyte each.
   */
  async serve(): Promise<void> {
    try {
      const ctx = this.#ctx;
      const session = AgiSession.fromSocket(this.socket, ctx.sessionOptions);
      this.#session = session;
      if (this.#abortReason) session.close();
      (session as ConnectionSession)[CONNECTION] = this;
      session.on('protocolError', ServerConnection.#onProtocolError);

      let rawEnv: AgiEnvironment;
      try {
        rawEnv = await session.ready();
      } catch (err) {
        session.close();
        // Closed to make room for a newer connection: the server counted and logged it.
        if (this.#abortReason?.code === 'AGI_ERR_REFUSED') return;
        if (this.#abortReason) {
          // The server is draining (or a deadline hit): not the peer's fault, not a refusal.
          ctx.log.info(
            { remoteAddress: this.remoteAddress },
            'FastAGI connection closed before its environment',
          );
          return;
        }
        const code = isAgiError(err) ? err.code : 'AGI_ERR_BAD_ENVIRONMENT';
        const message = err instanceof Error ? maskSecrets(err.message) : String(err);
        ctx.counters.refused.environment++;
        ctx.log.warn(
          { remoteAddress: this.remoteAddress, reason: 'environment', code },
          `FastAGI connection refused: ${message}`,
        );
        return;
      }

      if (!ctx.onIdentified(this)) {
        session.close();
        return;
      }

      if (ctx.secret !== undefined) {
        const presented = rawEnv.query[SECRET_PARAM];
        if (!secretsEqual(presented ?? '', ctx.secret)) {
          ctx.counters.refused.secret++;
          ctx.log.warn(
            { remoteAddress: this.remoteAddress, reason: 'secret' },
            `FastAGI connection refused: ${presented === undefined ? 'no secret in the AGI URL' : 'wrong secret'}`,
          );
          session.close();
          return;
        }
      }

      const env = publicEnvironment(rawEnv);
      const match = ctx.routes.match(env.script);
      const call = new RoutedCall(this, env, match, ctx.log);
      if (!match) {
        call.log.warn(
          { path: env.script, remoteAddress: this.remoteAddress },
          'FastAGI no route for the script path',
        );
        await this.#setStatus(session, 'NOROUTE');
        session.close();
        this.#end(call, session, 'noroute', undefined, undefined);
        return;
      }

      const routeStats = ctx.counters.route(match.route);
      ctx.counters.sessionsStarted++;
      ctx.counters.sessionsActive++;
      routeStats.sessions++;
      routeStats.active++;
      const sessionTimer = this.#startTimers(call);
      this.#observe(session, call);

      let failure: unknown;
      let threw = false;
      try {
        for (const hook of ctx.hooks.onSession) await hook(call);
        await match.value(createChannel(session, env, ctx.deadlines), call);
      } catch (err) {
        threw = true;
        failure = err;
      }
      if (sessionTimer) clearTimeout(sessionTimer);
      if (ctx.idleTimeoutMs > 0) this.socket.setTimeout(0);

      const outcome = this.#outcome(session, threw, failure);
      if (outcome === 'error') {
        ctx.counters.errors++;
        routeStats.errors++;
        call.log.error({ err: failure }, 'FastAGI handler failed');
        emitError(ctx, failure, call);
        if (!session.closed && !session.hungUp) await this.#setStatus(session, 'ERROR');
      }
      session.close();
      ctx.counters.sessionsActive--;
      routeStats.active--;
      this.#end(call, session, outcome, threw ? failure : undefined, routeStats);
    } catch (err) {
      // The body handles its own failures; this guard keeps a bug from crashing the process.
      runHook(
        this.#ctx,
        () => {
          throw err;
        },
        undefined,
      );
      this.socket.destroy();
    }
  }

  /** Idle (no byte either way) and whole-session deadlines both end the call with AGI_ERR_TIMEOUT. */
  #startTimers(call: RoutedCall): NodeJS.Timeout | undefined {
    const { idleTimeoutMs, sessionTimeoutMs } = this.#ctx;
    if (idleTimeoutMs > 0) {
      this.socket.setTimeout(idleTimeoutMs, () => {
        call.log.warn({ idleTimeoutMs }, 'FastAGI session idle too long');
        this.abort(new AgiError('AGI_ERR_TIMEOUT', `no traffic for ${idleTimeoutMs} ms`));
      });
    }
    if (sessionTimeoutMs <= 0) return undefined;
    return setTimeout(() => {
      call.log.warn({ sessionTimeoutMs }, 'FastAGI session lasted too long');
      this.abort(new AgiError('AGI_ERR_TIMEOUT', `session longer than ${sessionTimeoutMs} ms`));
    }, sessionTimeoutMs);
  }

  /** Subscribes only what registered hooks need: no hook, no listener. */
  #observe(session: AgiSession, call: AgiCall): void {
    const { hooks } = this.#ctx;
    if (hooks.onCommand.length > 0 || hooks.onReply.length > 0) {
      // The session reports replies by their own line; hooks want the command they answer.
      let lastCommand = '';
      session.on('command', (line: string) => {
        lastCommand = line;
        for (const hook of hooks.onCommand) runHook(this.#ctx, () => hook(call, line), call);
      });
      if (hooks.onReply.length > 0) {
        session.on('reply', (_replyLine: string, reply: AgiReply, ms: number) => {
          for (const hook of hooks.onReply)
            runHook(this.#ctx, () => hook(call, lastCommand, reply, ms), call);
        });
      }
    }
    if (hooks.onHangup.length > 0) {
      session.on('hangup', () => {
        for (const hook of hooks.onHangup) runHook(this.#ctx, () => hook(call), call);
      });
    }
  }

  #outcome(session: AgiSession, threw: boolean, error: unknown): AgiSessionOutcome {
    const reason = this.#abortReason;
    if (reason) return reason.code === 'AGI_ERR_TIMEOUT' ? 'timeout' : 'aborted';
    // A command's deadline (or its resync) closed the session under the handler: the peer went silent.
    if (session.closeError?.code === 'AGI_ERR_TIMEOUT') return 'timeout';
    if (!threw) return session.hungUp || this.#peerClosed ? 'hangup' : 'completed';
    if (isAgiError(error) && CALL_ENDED_CODES.has(error.code)) return 'hangup';
    if (isAgiError(error, 'AGI_ERR_TIMEOUT')) return 'timeout';
    return 'error';
  }

  /** Sets the status variable so the dialplan can tell why the AGI ended; best effort. */
  async #setStatus(session: AgiSession, status: string): Promise<void> {
    try {
      await session.send(encodeCommand('SET VARIABLE', [this.#ctx.statusVariable, status]), {
        timeoutMs: STATUS_REPLY_TIMEOUT_MS,
      });
    } catch {
      // The channel is gone or not answering: there is no one left to tell.
    }
  }

  #end(
    call: RoutedCall,
    session: AgiSession,
    outcome: AgiSessionOutcome,
    error: unknown,
    routeStats: AgiRouteStats | undefined,
  ): void {
    const { counters, hooks, log } = this.#ctx;
    counters.sessionsEnded[outcome]++;
    counters.commands += session.commandCount;
    if (routeStats) routeStats.commands += session.commandCount;
    // The default silent logger would drop the record and no hook reads it: not worth building.
    if (log === silentLogger && hooks.onSessionEnd.length === 0) return;
    const summary: AgiSessionSummary = {
      route: call.route,
      path: call.path,
      uniqueid: call.env.uniqueid,
      channel: call.env.channel,
      callerId: call.env.callerId,
      callerIdName: call.env.callerIdName,
      remoteAddress: call.remoteAddress,
      durationMs: performance.now() - this.acceptedAt,
      commands: session.commandCount,
      outcome,
      ...(error === undefined ? {} : { errorCode: errorCode(error) }),
    };
    if (log !== silentLogger) {
      const { obj, msg } = accessLogRecord(summary);
      if (outcome === 'completed' || outcome === 'hangup') log.info(obj, msg);
      else log.warn(obj, msg);
    }
    for (const hook of hooks.onSessionEnd) runHook(this.#ctx, () => hook(call, summary), call, routeStats);
  }
}

const CONNECTION = Symbol('callgate.agiConnection');
type ConnectionSocket = Socket & { [CONNECTION]?: ServerConnection };
type ConnectionSession = AgiSession & { [CONNECTION]?: ServerConnection };

/** The AgiCall a handler receives; its signal and child logger are made on first use. */
class RoutedCall implements AgiCall {
  readonly route: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  readonly env: AgiEnvironment;
  readonly #connection: ServerConnection;
  readonly #parentLog: AgiLogger;
  #log: AgiLogger | undefined;

  constructor(
    connection: ServerConnection,
    env: AgiEnvironment,
    match: RouteMatch<AgiHandler> | undefined,
    parentLog: AgiLogger,
  ) {
    this.#connection = connection;
    this.#parentLog = parentLog;
    this.route = match?.route ?? '';
    this.path = env.script;
    this.params = match?.params ?? {};
    this.query = env.query;
    this.args = env.args;
    this.env = env;
  }

  get remoteAddress(): string {
    return this.#connection.remoteAddress;
  }

  get signal(): AbortSignal {
    return this.#connection.signal;
  }

  get log(): AgiLogger {
    this.#log ??= this.#parentLog.child({
      uniqueid: this.env.uniqueid,
      channel: this.env.channel,
      route: this.route,
    });
    return this.#log;
  }
}

/** The handler's channel reports the public environment (no secret), not the raw one. */
function createChannel(session: AgiSession, env: AgiEnvironment, deadlines: CommandDeadlines): AgiChannel {
  const channel = new AgiChannel(session, { deadlines });
  // Only when the session's environment was frozen and had to be copied.
  if (session.environment !== env) Object.defineProperty(channel, 'env', { value: env, enumerable: true });
  return channel;
}

/** Runs a hook; a throw or rejection is logged and counted, never propagated into the call. */
function runHook(
  ctx: Pick<ConnectionContext, 'counters' | 'log' | 'hooks'>,
  fn: () => unknown,
  call: AgiCall | undefined,
  routeStats?: AgiRouteStats,
): void {
  const fail = (err: unknown): void => {
    ctx.counters.errors++;
    if (routeStats) routeStats.errors++;
    (call?.log ?? ctx.log).error({ err }, 'FastAGI hook failed');
    emitError(ctx, err, call);
  };
  try {
    const result = fn();
    if (result instanceof Promise) result.catch(fail);
  } catch (err) {
    fail(err);
  }
}

function emitError(
  ctx: Pick<ConnectionContext, 'log' | 'hooks'>,
  error: unknown,
  call: AgiCall | undefined,
): void {
  for (const hook of ctx.hooks.onError) {
    try {
      hook(error, call);
    } catch (err) {
      ctx.log.error({ err }, 'FastAGI onError hook failed');
    }
  }
}

function errorCode(error: unknown): string {
  if (isAgiError(error)) return error.code;
  if (error instanceof Error) return (error as Error & { code?: unknown }).code?.toString() ?? error.name;
  return typeof error;
}
