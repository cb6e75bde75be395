import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { connect, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './ami-backoff.ts';
import type {
  AmiActionOptions,
  AmiActionResult,
  AmiClientOptions,
  AmiEventFilter,
  AmiStatus,
  AmiStatusChange,
  OnDisconnectPolicy,
} from './ami-client-options.ts';
import { type AmiActionFields, actionFields, encodeAmiMessage } from './ami-encode.ts';
import { AmiError } from './ami-error.ts';
import { AmiFrameParser } from './ami-frame-parser.ts';
import { type AmiField, AmiMessage, redactAmiMessage } from './ami-message.ts';

export interface AmiClientEvents {
  status: [AmiStatusChange];
  /** Every event Asterisk sends, including those that belong to a list or an originate. */
  event: [AmiMessage];
}

/** When an action is complete: at its response, at the end of its event list, or at one event. */
type Completion = { kind: 'response' } | { kind: 'list' } | { kind: 'event'; name: string };

interface PendingAction {
  id: string;
  name: string;
  wire: string;
  fields: AmiField[];
  completion: Completion;
  onDisconnect: OnDisconnectPolicy;
  response: AmiMessage | undefined;
  events: AmiMessage[];
  done: boolean;
  timer: NodeJS.Timeout;
  resolve: (result: AmiActionResult) => void;
  reject: (err: AmiError) => void;
}

const FAILED_RESPONSES = new Set(['error', 'failure', 'fail']);
const DEFAULT_PING_INTERVAL_MS = 20_000;
const DEFAULT_KEEPALIVE_MS = 30_000;
/** OpenSSL / Node codes of a certificate that is not trusted or not for this host. */
const TLS_TRUST_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * One logical connection to the Asterisk Manager Interface that survives Asterisk restarts:
 * it logs in, correlates responses and events to actions by ActionID, collects list responses,
 * reconnects with capped jittered backoff, and reports `status` changes so the rest of the
 * server can degrade clearly (E_AMI_DOWN) instead of hanging.
 *
 * Nothing waits for ever: every action has a deadline (E_AMI_TIMEOUT), the login too; a manager
 * that stops answering is found by a periodic Ping and the connection is dropped and made again;
 * a peer gone without a word is found by TCP keepalive. Over TLS (`tls`), Asterisk's certificate
 * is verified unless the caller explicitly allows an unverified one.
 */
export class AmiClient extends EventEmitter<AmiClientEvents> {
  private readonly options: AmiClientOptions;
  private readonly backoff: BackoffOptions;
  private readonly prefix = `cg-${randomBytes(3).toString('hex')}-`;
  private nextId = 1;
  private currentStatus: AmiStatus = 'down';
  private started = false;
  private closed = false;
  private socket: Socket | undefined;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private lastError: AmiError | undefined;
  private bannerVersion: string | undefined;
  /** Sent, awaiting completion. */
  private readonly inFlight = new Map<string, PendingAction>();
  /** Accepted while not connected (or retried after a drop), sent after the next login. */
  private queue: PendingAction[] = [];
  private closedPromise: Promise<void> | undefined;

  constructor(options: AmiClientOptions) {
    super();
    this.options = options;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  get status(): AmiStatus {
    return this.currentStatus;
  }

  /** The version from the last banner (`Asterisk Call Manager/<version>`). */
  get amiVersion(): string | undefined {
    return this.bannerVersion;
  }

  /** Connects and keeps reconnecting until `close()`. */
  start(): void {
    if (this.closed) throw new AmiError('E_AMI_CLOSED', 'AMI client is closed');
    if (this.started) return;
    this.started = true;
    this.connectNow();
  }

  /** Logs off, stops reconnecting, and rejects every pending action with E_AMI_CLOSED. */
  close(): Promise<void> {
    if (this.closedPromise) return this.closedPromise;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.connectTimer);
    clearInterval(this.pingTimer);
    const err = new AmiError('E_AMI_CLOSED', 'AMI client closed');
    for (const p of [...this.queue, ...this.inFlight.values()]) this.settle(p, err);
    this.queue = [];
    const socket = this.socket;
    this.closedPromise = new Promise<void>((resolve) => {
      if (!socket || socket.destroyed) {
        this.setStatus('down');
        resolve();
        return;
      }
      socket.once('close', () => resolve());
      if (this.currentStatus === 'connected') {
        socket.end(encodeAmiMessage([['Action', 'Logoff']]));
        // Asterisk closes after Logoff; do not wait for a peer that does not.
        setTimeout(() => socket.destroy(), 200).unref();
      } else {
        socket.destroy();
      }
    });
    return this.closedPromise;
  }

  /** Sends an action; resolves with its response, rejects E_AMI_ACTION on `Response: Error`. */
  async action(fields: AmiActionFields, options: AmiActionOptions = {}): Promise<AmiMessage> {
    const result = await this.send(fields, { kind: 'response' }, options);
    return result.response;
  }

  /**
   * Sends an action that answers with a list of events (QueueStatus, PJSIPShowContacts,
   * ConfbridgeList, ...) and resolves once the closing `...Complete` event arrived.
   */
  listAction(fields: AmiActionFields, options: AmiActionOptions = {}): Promise<AmiActionResult> {
    return this.send(fields, { kind: 'list' }, options);
  }

  /**
   * Sends an action whose real outcome is a later event with the same ActionID (Originate with
   * `Async: true` → OriginateResponse). Resolves when both the response and that event arrived,
   * in whichever order.
   */
  actionWithEvent(
    fields: AmiActionFields,
    eventName: string,
    options: AmiActionOptions = {},
  ): Promise<AmiActionResult> {
    return this.send(fields, { kind: 'event', name: eventName.toLowerCase() }, options);
  }

  /** Subscribes to events by name(s) (case-insensitive) or predicate. Returns the unsubscriber. */
  onEvent(filter: AmiEventFilter, handler: (event: AmiMessage) => void): () => void {
    const matches = eventMatcher(filter);
    const listener = (event: AmiMessage) => {
      if (matches(event)) handler(event);
    };
    this.on('event', listener);
    return () => this.off('event', listener);
  }

  private send(
    fields: AmiActionFields,
    completion: Completion,
    options: AmiActionOptions,
  ): Promise<AmiActionResult> {
    const flat = actionFields(fields);
    const name = flat.find(([k]) => k.toLowerCase() === 'action')?.[1];
    if (!name) return Promise.reject(new AmiError('E_AMI_USAGE', 'an AMI action needs an Action field'));
    if (flat.some(([k]) => k.toLowerCase() === 'actionid')) {
      return Promise.reject(
        new AmiError('E_AMI_USAGE', 'ActionID is assigned by the client', { action: name }),
      );
    }
    if (this.closed)
      return Promise.reject(new AmiError('E_AMI_CLOSED', 'AMI client is closed', { action: name }));
    const id = `${this.prefix}${this.nextId++}`;
    const withId: AmiField[] = [...flat, ['ActionID', id]];
    let wire: string;
    try {
      wire = encodeAmiMessage(withId);
    } catch (err) {
      return Promise.reject(err);
    }
    const connected = this.currentStatus === 'connected';
    if (!connected) {
      const whenDown = options.whenDown ?? this.options.whenDown ?? 'reject';
      if (whenDown === 'reject') {
        return Promise.reject(
          new AmiError('E_AMI_DOWN', `AMI is ${this.currentStatus}; ${name} not sent`, {
            action: name,
            cause: this.lastError,
          }),
        );
      }
      if (this.queue.length >= (this.options.maxQueued ?? 1000)) {
        return Promise.reject(new AmiError('E_AMI_QUEUE_FULL', `AMI action queue full; ${name} not sent`));
      }
    }
    return new Promise<AmiActionResult>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? this.options.actionTimeoutMs ?? 10_000;
      const pending: PendingAction = {
        id,
        name,
        wire,
        fields: withId,
        completion,
        onDisconnect: options.onDisconnect ?? this.options.onDisconnect ?? 'reject',
        response: undefined,
        events: [],
        done: false,
        timer: setTimeout(() => {
          this.settle(
            pending,
            new AmiError('E_AMI_TIMEOUT', `${name} timed out after ${timeoutMs} ms`, { action: name }),
          );
        }, timeoutMs),
        resolve,
        reject,
      };
      if (connected) this.write(pending);
      else this.queue.push(pending);
    });
  }

  private write(pending: PendingAction): void {
    const socket = this.socket;
    if (!socket) {
      this.queue.push(pending);
      return;
    }
    this.inFlight.set(pending.id, pending);
    this.options.transcript?.('out', redactAmiMessage(new AmiMessage(pending.fields)));
    socket.write(pending.wire);
  }

  /** Completes an action once: with a result, or with an error. */
  private settle(pending: PendingAction, outcome: AmiError | AmiActionResult): void {
    if (pending.done) return;
    pending.done = true;
    clearTimeout(pending.timer);
    this.inFlight.delete(pending.id);
    const at = this.queue.indexOf(pending);
    if (at >= 0) this.queue.splice(at, 1);
    if (outcome instanceof AmiError) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  /** `Action: Login` with how this client authenticates (the secret, or an MD5 key). */
  private loginFields(loginId: string, credentials: AmiField[]): AmiField[] {
    return [
      ['Action', 'Login'],
      ['Username', this.options.username],
      ...credentials,
      ['Events', this.options.events ?? 'on'],
      ['ActionID', loginId],
    ];
  }

  private connectNow(): void {
    this.reconnectTimer = undefined;
    if (this.closed) return;
    this.setStatus('connecting');
    const parser = new AmiFrameParser({ expectBanner: true });
    const socket = this.openSocket();
    this.socket = socket;
    socket.setNoDelay(true);
    // A peer that vanished without a FIN (a cut cable, a dead NAT entry) is found by TCP keepalive.
    const keepAliveMs = this.options.keepAliveMs ?? DEFAULT_KEEPALIVE_MS;
    if (keepAliveMs > 0) socket.setKeepAlive(true, keepAliveMs);
    const loginId = `${this.prefix}login-${this.nextId++}`;
    const challengeId = `${this.prefix}challenge-${this.nextId++}`;
    const auth = this.options.auth ?? 'md5';
    let failure: AmiError | undefined;
    const send = (fields: AmiField[]): void => {
      try {
        const wire = encodeAmiMessage(fields);
        this.options.transcript?.('out', redactAmiMessage(new AmiMessage(fields)));
        socket.write(wire);
      } catch (err) {
        failure = err as AmiError;
        socket.destroy();
      }
    };
    const connectTimeoutMs = this.options.connectTimeoutMs ?? 5000;
    this.connectTimer = setTimeout(() => {
      failure = new AmiError('E_AMI_TIMEOUT', `AMI login did not complete within ${connectTimeoutMs} ms`);
      socket.destroy();
    }, connectTimeoutMs);

    socket.on('data', (chunk: Buffer) => {
      let frames: ReturnType<AmiFrameParser['push']>;
      try {
        frames = parser.push(chunk);
      } catch (err) {
        failure = err instanceof AmiError ? err : new AmiError('E_AMI_PROTOCOL', String(err));
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        if (socket.destroyed) return;
        if (frame.kind === 'banner') {
          this.bannerVersion = frame.version;
          if (auth === 'md5')
            send([
              ['Action', 'Challenge'],
              ['AuthType', 'MD5'],
              ['ActionID', challengeId],
            ]);
          else send(this.loginFields(loginId, [['Secret', this.options.secret]]));
          continue;
        }
        const message = frame.message;
        this.options.transcript?.('in', message);
        if (message.response !== undefined && message.actionId === challengeId) {
          const challenge = message.get('Challenge');
          if (isFailedResponse(message) || !challenge) {
            failure = new AmiError('E_AMI_LOGIN', 'AMI refused the MD5 challenge (try ?auth=plain)', {
              action: 'Challenge',
              amiMessage: message.get('Message'),
            });
            socket.destroy();
            return;
          }
          // Asterisk compares md5(challenge + secret) in lower-case hex: the secret stays here.
          const key = createHash('md5').update(`${challenge}${this.options.secret}`).digest('hex');
          send(
            this.loginFields(loginId, [
              ['AuthType', 'MD5'],
              ['Key', key],
            ]),
          );
          continue;
        }
        if (message.response !== undefined && message.actionId === loginId) {
          if (isFailedResponse(message)) {
            failure = new AmiError('E_AMI_LOGIN', 'AMI login rejected', {
              action: 'Login',
              amiMessage: message.get('Message'),
            });
            socket.destroy();
            return;
          }
          this.onLoggedIn();
          continue;
        }
        this.dispatch(message);
      }
    });
    socket.on('error', (err) => {
      failure ??= err instanceof AmiError ? err : this.connectionError(err);
    });
    socket.on('close', () => {
      clearTimeout(this.connectTimer);
      clearInterval(this.pingTimer);
      if (this.socket === socket) this.socket = undefined;
      const err = failure ?? new AmiError('E_AMI_DISCONNECTED', 'AMI connection closed');
      this.lastError = err;
      this.dropInFlight(err);
      if (this.closed) {
        this.setStatus('down');
        return;
      }
      this.setStatus('down', err);
      this.options.logger?.warn(
        { host: this.options.host, port: this.options.port, code: err.code, attempt: this.attempt },
        'AMI connection down',
      );
      const delay = backoffDelay(this.attempt++, this.backoff, this.options.random);
      this.reconnectTimer = setTimeout(() => this.connectNow(), delay);
    });
  }

  private onLoggedIn(): void {
    clearTimeout(this.connectTimer);
    this.attempt = 0;
    this.lastError = undefined;
    this.setStatus('connected');
    this.options.logger?.info(
      {
        host: this.options.host,
        port: this.options.port,
        username: this.options.username,
        version: this.bannerVersion,
      },
      'AMI connected',
    );
    const queued = this.queue;
    this.queue = [];
    for (const p of queued) if (!p.done) this.write(p);
    const every = this.options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
    if (every > 0) {
      this.pingTimer = setInterval(() => {
        this.action({ Action: 'Ping' }, { timeoutMs: every, whenDown: 'reject' }).catch((err: AmiError) => {
          if (err.code === 'E_AMI_TIMEOUT') {
            this.socket?.destroy(
              new AmiError('E_AMI_TIMEOUT', `AMI keepalive Ping unanswered for ${every} ms`),
            );
          }
        });
      }, every);
    }
  }

  /** A TCP connection, or a TLS one whose certificate is verified unless explicitly allowed not to be. */
  private openSocket(): Socket {
    const { host, port, tls } = this.options;
    if (!tls) return connect({ host, port });
    return connectTls({
      host,
      port,
      ...(tls.ca === undefined ? {} : { ca: tls.ca }),
      rejectUnauthorized: tls.allowUnverified !== true,
      // SNI and the name check: the host name, unless it is an address (then the IP SAN is checked).
      ...(tls.servername !== undefined
        ? { servername: tls.servername }
        : isIP(host) === 0
          ? { servername: host }
          : {}),
    });
  }

  /** A socket error as an AmiError; TLS trust failures get their own code and a hint. */
  private connectionError(err: Error): AmiError {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const where = `${this.options.host}:${this.options.port}`;
    if (this.options.tls && (TLS_TRUST_CODES.has(code) || /certificate|ssl|tls/i.test(err.message))) {
      return new AmiError(
        'E_AMI_TLS',
        `AMI TLS to ${where} failed: ${err.message}${code ? ` (${code})` : ''}; give the CA that signed Asterisk's certificate (--ami-ca-file)`,
        { cause: err },
      );
    }
    return new AmiError('E_AMI_DISCONNECTED', `AMI connection error: ${err.message}`, { cause: err });
  }

  /** The connection is gone: retry what may be retried, fail the rest. */
  private dropInFlight(cause: AmiError): void {
    const retry: PendingAction[] = [];
    for (const p of this.inFlight.values()) {
      if (p.onDisconnect === 'retry' && !this.closed) {
        p.response = undefined;
        p.events = [];
        retry.push(p);
      } else {
        this.settle(
          p,
          new AmiError('E_AMI_DISCONNECTED', `AMI connection lost before ${p.name} completed`, {
            action: p.name,
            cause,
          }),
        );
      }
    }
    this.inFlight.clear();
    // Retried actions go first, in the order they were originally sent.
    this.queue = [...retry, ...this.queue];
  }

  private dispatch(message: AmiMessage): void {
    const id = message.actionId;
    const pending = id === undefined ? undefined : this.inFlight.get(id);
    if (message.event !== undefined) {
      if (pending) {
        pending.events.push(message);
        this.tryComplete(pending);
      }
      this.emit('event', message);
      return;
    }
    if (!pending || message.response === undefined) return; // a late reply to a timed-out action
    pending.response = message;
    if (isFailedResponse(message)) {
      this.settle(
        pending,
        new AmiError('E_AMI_ACTION', `${pending.name} failed: ${message.get('Message') ?? 'no message'}`, {
          action: pending.name,
          amiMessage: message.get('Message'),
        }),
      );
      return;
    }
    this.tryComplete(pending);
  }

  private tryComplete(pending: PendingAction): void {
    const response = pending.response;
    if (!response) return; // events that overtook their response wait for it
    const completion = pending.completion;
    const complete =
      completion.kind === 'response' ||
      (completion.kind === 'list' &&
        (pending.events.some(isListEnd) ||
          // A list action answered without a list (e.g. an empty result on some versions).
          (response.get('EventList') === undefined && !/follow/i.test(response.get('Message') ?? '')))) ||
      (completion.kind === 'event' && pending.events.some((e) => e.event?.toLowerCase() === completion.name));
    if (complete) this.settle(pending, { response, events: pending.events });
  }

  private setStatus(status: AmiStatus, error?: AmiError): void {
    const previous = this.currentStatus;
    if (previous === status) return;
    this.currentStatus = status;
    const change: AmiStatusChange = { status, previous, at: new Date() };
    if (error) change.error = error;
    this.emit('status', change);
  }
}

function isFailedResponse(message: AmiMessage): boolean {
  return FAILED_RESPONSES.has((message.response ?? '').trim().toLowerCase());
}

function isListEnd(event: AmiMessage): boolean {
  const marker = event.get('EventList');
  if (marker !== undefined) return marker.toLowerCase() === 'complete';
  return (event.event ?? '').endsWith('Complete');
}

function eventMatcher(filter: AmiEventFilter): (event: AmiMessage) => boolean {
  if (typeof filter === 'function') return filter;
  const names = new Set((typeof filter === 'string' ? [filter] : filter).map((n) => n.toLowerCase()));
  return (event) => names.has((event.event ?? '').toLowerCase());
}
