import { createHash, randomInt } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { AmiActionFields } from '../ami-encode.ts';
import { AmiFrameParser } from '../ami-frame-parser.ts';
import { type AmiMessage, redactAmiMessage } from '../ami-message.ts';
import { FakeAmiConnection } from './fake-ami-connection.ts';
import type { FakeChannel } from './fake-channel.ts';
import { FakeClock, type FakeClockMode } from './fake-clock.ts';
import { FakeConferences, type FakeRoom } from './fake-conference.ts';
import type { FakeOriginateScenario } from './fake-originate-scenario.ts';
import { ACTION_PRIVILEGES, DOCS_MANAGER_USER, mayWrite } from './fake-permissions.ts';
import { type FakeContact, FakePjsip } from './fake-pjsip.ts';
import { type FakeQueueAnswer, type FakeQueueMember, FakeQueues } from './fake-queues.ts';
import { FakeTelephony } from './fake-telephony.ts';

/**
 * A fake Asterisk Manager Interface on a real TCP (or TLS) socket, for tests and development
 * without a PBX. It answers as Asterisk 22 does in the lab recordings
 * (packages/server/test/fixtures/ami-transcripts, checked by test/asterisk/ami-conformance.test.ts):
 * the same responses and error texts, and the same events with the same fields, for logins,
 * Originate (answered, busy, unanswered, congested, unreachable), Hangup by name, uniqueid or
 * /regex/, ConfBridge rooms, queues, PJSIP listings and registrations, module reloads and
 * permissions. It can be steered (the far end of each Originate, registrations, disconnects, a
 * peer that goes silent, a manual clock), and it records every action it receives (secrets
 * redacted).
 */

export type { FakeAmiConnection } from './fake-ami-connection.ts';
export type { FakeClockMode } from './fake-clock.ts';
export type { FakeRoom } from './fake-conference.ts';
export {
  type FakeOriginateOutcome,
  type FakeOriginateScenario,
  labMobileScenario,
  ORIGINATE_REASON_CODES,
} from './fake-originate-scenario.ts';
export type { FakeContact } from './fake-pjsip.ts';
export type { FakeQueueMember } from './fake-queues.ts';

export interface RecordedAction {
  connection: number;
  name: string;
  /** The action as received, `Secret` and `Key` redacted. */
  message: AmiMessage;
}

export interface FakeAmiServerOptions {
  username?: string;
  secret?: string;
  /** Version in the banner; Asterisk 22 says 11.0.0. */
  version?: string;
  host?: string;
  port?: number;
  /** Serve AMI over TLS (Asterisk's `tlsenable`), with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** `manual`: delayed outcomes wait for `fireNextTimer()` (conformance replays). Default `real`. */
  clock?: FakeClockMode;
  /** The manager user's classes; default the user docs/asterisk.md asks for. */
  read?: readonly string[];
  write?: readonly string[];
  /** How long a failed login waits before its error (Asterisk: about 1 s, 01b). Default 0. */
  failedLoginDelayMs?: number;
}

export interface FakeActionContext {
  action: AmiMessage;
  connection: FakeAmiConnection;
  server: FakeAmiServer;
  /** Sends a response carrying the action's ActionID. */
  respond(fields: AmiActionFields): void;
  success(message: string, extra?: AmiActionFields): void;
  error(message: string): void;
  /** Sends an event on this connection carrying the action's ActionID. */
  event(fields: AmiActionFields): void;
  /** A list answer: `Success` with `EventList: start`, the events, then `<Name>Complete`. */
  list(message: string, events: readonly AmiActionFields[], complete: string): void;
}

export type FakeActionHandler = (ctx: FakeActionContext) => void;

const isTrue = (value: string | undefined): boolean => /^(true|yes|1|on)$/i.test((value ?? '').trim());

export class FakeAmiServer {
  readonly actions: RecordedAction[] = [];
  /** Dial string (e.g. `PJSIP/2001`) → how its far end behaves; see `originateOutcome` for the rest. */
  readonly originateScenarios = new Map<string, FakeOriginateScenario>();
  /** The far end of dial strings without a scenario of their own (e.g. labMobileScenario). */
  originateOutcome: ((dialString: string) => FakeOriginateScenario | undefined) | undefined;
  defaultOriginate: FakeOriginateScenario = { outcome: 'answer' };
  /** Accept, then immediately close every new connection (Asterisk down / AMI disabled). */
  refuseConnections = false;
  /** Read actions but answer none of them (a manager that hangs, or a half-open connection). */
  silent = false;
  /** Sees every byte clients send, as it arrives (to check what crosses the wire). */
  onData: ((chunk: string) => void) | undefined;
  /** Module reloads received (`module reload res_pjsip.so`, `reload res_pjsip.so`). */
  readonly reloads: string[] = [];
  readonly clock: FakeClock;
  readonly telephony: FakeTelephony;
  readonly pjsip: FakePjsip;
  readonly queueModel: FakeQueues;

  private readonly options: {
    username: string;
    secret: string;
    version: string;
    host: string;
    port: number;
    read: readonly string[];
    write: readonly string[];
    failedLoginDelayMs: number;
  };
  private readonly server: Server;
  private readonly connections = new Set<FakeAmiConnection>();
  private readonly sockets = new Set<Socket>();
  private readonly handlers = new Map<string, FakeActionHandler>();
  private readonly onceHandlers = new Map<string, FakeActionHandler[]>();
  private readonly waiters: Array<{ name: string; seen: number; resolve: (a: RecordedAction) => void }> = [];
  private nextConnection = 1;
  private connectionCount = 0;
  private readonly startedAt = Math.floor(Date.now() / 1000);

  private constructor(options: FakeAmiServerOptions) {
    this.options = {
      username: options.username ?? 'callgate',
      secret: options.secret ?? 'fake-secret',
      version: options.version ?? '11.0.0',
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      read: options.read ?? DOCS_MANAGER_USER.read,
      write: options.write ?? DOCS_MANAGER_USER.write,
      failedLoginDelayMs: options.failedLoginDelayMs ?? 0,
    };
    this.clock = new FakeClock(options.clock ?? 'real');
    const emit = (fields: AmiActionFields) => this.broadcast(fields);
    this.pjsip = new FakePjsip(
      emit,
      (endpoint) =>
        [...this.telephony.channels.values()].filter((c) => c.deviceName?.endsWith(`/${endpoint}`)).length,
    );
    this.telephony = new FakeTelephony({
      emit,
      clock: this.clock,
      endpointContext: () => this.pjsip.context,
    });
    this.queueModel = new FakeQueues();
    const accept = (socket: Socket) => this.accept(socket);
    this.server = options.tls
      ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, accept)
      : createServer(accept);
    this.installDefaultHandlers();
  }

  static async start(options: FakeAmiServerOptions = {}): Promise<FakeAmiServer> {
    const fake = new FakeAmiServer(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(fake.options.port, fake.options.host, () => resolve());
    });
    const address = fake.server.address();
    if (address && typeof address === 'object') fake.options.port = address.port;
    return fake;
  }

  get host(): string {
    return this.options.host;
  }

  get port(): number {
    return this.options.port;
  }

  get username(): string {
    return this.options.username;
  }

  get secret(): string {
    return this.options.secret;
  }

  /** How many TCP connections were accepted so far (refused ones included). */
  get totalConnections(): number {
    return this.connectionCount;
  }

  get openConnections(): FakeAmiConnection[] {
    return [...this.connections].filter((c) => c.open);
  }

  /** Queue name → interface → member. */
  get queues(): Map<string, Map<string, FakeQueueMember>> {
    return this.queueModel.queues;
  }

  /** Known PJSIP endpoints (names without technology). */
  get endpoints(): Set<string> {
    return this.pjsip.endpoints;
  }

  /** Endpoint name → registered contacts. */
  get contacts(): Map<string, FakeContact[]> {
    return this.pjsip.contacts;
  }

  /** ConfBridge rooms that have someone in them. */
  get conferences(): ReadonlyMap<string, FakeRoom> {
    return this.telephony.conferences.rooms;
  }

  /** Live channels by name. */
  get channels(): ReadonlyMap<string, FakeChannel> {
    return this.telephony.channels;
  }

  /** Replaces the handler of an action (names are case-insensitive). */
  handle(actionName: string, handler: FakeActionHandler): void {
    this.handlers.set(actionName.toLowerCase(), handler);
  }

  /** Handles the next occurrence of an action, then falls back to the regular handler. */
  handleOnce(actionName: string, handler: FakeActionHandler): void {
    const key = actionName.toLowerCase();
    const list = this.onceHandlers.get(key) ?? [];
    list.push(handler);
    this.onceHandlers.set(key, list);
  }

  /** Drops the connection when this action next arrives, without answering it. */
  dropOnAction(actionName: string): void {
    this.handleOnce(actionName, (ctx) => ctx.connection.destroy());
  }

  /** Sends an event to every logged-in connection whose user may read it and asked for events. */
  broadcast(fields: AmiActionFields): void {
    const privilege = fields.Privilege === undefined ? undefined : String(fields.Privilege);
    for (const c of this.connections) if (c.open && c.wants(privilege)) c.send(fields);
  }

  /** Closes every open connection (Asterisk restarted, network cut). */
  dropConnections(): void {
    for (const c of this.connections) c.destroy();
  }

  /** An Asterisk restart: connections drop, channels, rooms and dynamic queue members are gone. */
  restart(): void {
    this.dropConnections();
    this.clock.clear();
    this.queueModel.restart();
    this.telephony.reset();
  }

  /** Manual clock: runs the next delayed step (a ring timeout, a late answer). False when none is left. */
  fireNextTimer(): boolean {
    return this.clock.fireNext();
  }

  /** Resolves with the `nth` (1-based, counting from the start) action of that name. */
  waitForAction(name: string, nth = 1): Promise<RecordedAction> {
    const found = this.actionsNamed(name)[nth - 1];
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ name: name.toLowerCase(), seen: nth, resolve }));
  }

  actionsNamed(name: string): RecordedAction[] {
    const wanted = name.toLowerCase();
    return this.actions.filter((a) => a.name.toLowerCase() === wanted);
  }

  addQueue(name: string, members: Array<Partial<FakeQueueMember> & { interface: string }> = []): void {
    this.queueModel.add(name, members);
  }

  /** A member added outside Callgate (another system, a static member of queues.conf). */
  addQueueMember(queue: string, member: Partial<FakeQueueMember> & { interface: string }): void {
    this.queueModel.addMember(queue, member);
  }

  /** A phone registers: model updated, ContactStatus, PeerStatus and DeviceStateChange broadcast. */
  registerContact(endpoint: string, uri: string, userAgent?: string): void {
    this.pjsip.register(endpoint, uri, userAgent);
  }

  /** A phone unregisters (or its registration expires). */
  unregisterContact(endpoint: string): void {
    this.pjsip.unregister(endpoint);
  }

  /** A leg from elsewhere (a dial-in caller running the AGI) sitting in a room. */
  placeInConference(room: string, leg: { channel: string; uniqueid: string }): FakeChannel {
    return this.telephony.placeInConference(room, leg);
  }

  async close(): Promise<void> {
    this.clock.clear();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Runs `fn` later on the fake's clock, cancelled by close(). */
  later(delayMs: number, fn: () => void): void {
    this.clock.later(delayMs, fn);
  }

  private accept(socket: Socket): void {
    this.connectionCount++;
    this.sockets.add(socket);
    socket.setNoDelay(true); // answers are many small writes; Nagle would add ~40 ms to each
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    if (this.refuseConnections) {
      socket.destroy();
      return;
    }
    const connection = new FakeAmiConnection(this.nextConnection++, socket);
    connection.read = this.options.read;
    connection.events = this.options.read;
    this.connections.add(connection);
    socket.on('close', () => this.connections.delete(connection));
    const parser = new AmiFrameParser({ expectBanner: false });
    socket.write(`Asterisk Call Manager/${this.options.version}\r\n`);
    socket.on('data', (chunk: Buffer) => {
      this.onData?.(chunk.toString('latin1'));
      let frames: ReturnType<AmiFrameParser['push']>;
      try {
        frames = parser.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        if (frame.kind === 'message' && !socket.destroyed) this.receive(connection, frame.message);
      }
    });
  }

  private receive(connection: FakeAmiConnection, action: AmiMessage): void {
    const name = action.get('Action') ?? '';
    const recorded: RecordedAction = { connection: connection.id, name, message: redactAmiMessage(action) };
    this.actions.push(recorded);
    const key = name.toLowerCase();
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i];
      if (w && w.name === key && this.actionsNamed(name).length === w.seen) {
        this.waiters.splice(i, 1);
        w.resolve(recorded);
      }
    }
    if (this.silent) return;
    const actionId = action.actionId;
    const withId = (fields: AmiActionFields): AmiActionFields => {
      if (actionId === undefined) return fields;
      // Asterisk puts ActionID right after Response / Event.
      const [[firstKey, firstValue] = ['', undefined], ...rest] = Object.entries(fields);
      return { [firstKey]: firstValue, ActionID: actionId, ...Object.fromEntries(rest) };
    };
    const ctx: FakeActionContext = {
      action,
      connection,
      server: this,
      respond: (fields) => connection.send(withId(fields)),
      success: (message, extra = {}) =>
        connection.send(withId({ Response: 'Success', ...extra, Message: message })),
      error: (message) => connection.send(withId({ Response: 'Error', Message: message })),
      event: (fields) => connection.send(withId(fields)),
      list: (message, events, complete) => {
        connection.send(withId({ Response: 'Success', EventList: 'start', Message: message }));
        for (const event of events) connection.send(withId(event));
        connection.send(withId({ Event: complete, EventList: 'Complete', ListItems: events.length }));
      },
    };
    if (!connection.authenticated && !['login', 'challenge', 'ping', 'logoff'].includes(key)) {
      ctx.error('Permission denied');
      return;
    }
    if (connection.authenticated && !mayWrite(this.options.write, name)) {
      ctx.error('Permission denied');
      return;
    }
    const once = this.onceHandlers.get(key);
    const handler = once?.shift() ?? this.handlers.get(key);
    if (handler) handler(ctx);
    else ctx.error(`Invalid/unknown command: ${name}. Use Action: ListCommands to show available commands.`);
  }

  private scenarioFor(dial: string): FakeOriginateScenario {
    return this.originateScenarios.get(dial) ?? this.originateOutcome?.(dial) ?? this.defaultOriginate;
  }

  private installDefaultHandlers(): void {
    // As manager.c: a challenge per session, and MD5 logins compare md5(challenge + secret) as
    // lower-case hex; a plain login compares the secret.
    this.handle('Challenge', (ctx) => {
      if ((ctx.action.get('AuthType') ?? '').toLowerCase() !== 'md5') {
        ctx.error('Must specify AuthType');
        return;
      }
      ctx.connection.challenge ??= String(randomInt(100_000_000, 999_999_999));
      ctx.respond({ Response: 'Success', Challenge: ctx.connection.challenge });
    });
    this.handle('Login', (ctx) => this.login(ctx));
    this.handle('Ping', (ctx) =>
      ctx.respond({ Response: 'Success', Ping: 'Pong', Timestamp: `${Date.now() / 1000}`.padEnd(17, '0') }),
    );
    this.handle('Logoff', (ctx) => {
      ctx.respond({ Response: 'Goodbye', Message: 'Thanks for all the fish.' });
      ctx.connection.end();
    });
    this.handle('ListCommands', (ctx) => {
      const allowed = Object.entries(ACTION_PRIVILEGES)
        .filter(([name]) => mayWrite(this.options.write, name))
        .sort(([a], [b]) => a.localeCompare(b));
      const fields: Record<string, string> = {};
      for (const [name, entry] of allowed) {
        const priv = entry.classes.length === 0 ? '<none>' : `${entry.classes.join(',')},all`;
        fields[name] = `${entry.synopsis}  (Priv: ${priv})`;
      }
      ctx.respond({ Response: 'Success', ...fields });
    });
    this.handle('Originate', (ctx) => this.originate(ctx));
    this.handle('Hangup', (ctx) => {
      const target = ctx.action.get('Channel') ?? '';
      if (target === '') return ctx.error('No channel specified');
      if (/^\/.*\/$/.test(target)) {
        ctx.success('Channels hung up will follow', { EventList: 'start' });
        this.telephony.hangup(target);
        return;
      }
      // 04: a dial string is no channel; a name or a uniqueid (Originate's ChannelId) is.
      if (!this.telephony.find(target)) return ctx.error('No such channel');
      ctx.success('Channel Hungup');
      this.telephony.hangup(target);
    });
    this.handle('ConfbridgeKick', (ctx) => {
      const rooms = this.telephony.conferences.rooms;
      const roomName = ctx.action.get('Conference') ?? '';
      const target = ctx.action.get('Channel') ?? '';
      // 03, 12: with no conference at all the answer is "No active conferences.", not "not found".
      if (rooms.size === 0) return ctx.error('No active conferences.');
      const room = rooms.get(roomName);
      if (!room) return ctx.error('No Conference by that name found.');
      if (target === 'all' || target === 'participants') {
        // app_confbridge: "all" kicks everyone, "participants" everyone but admins (none modelled).
        ctx.success('All participants kicked');
        for (const member of [...room.members]) this.telephony.kick(member);
        return;
      }
      const member = room.members.find((m) => m.name === target);
      if (!member) return ctx.error('No Channel by that name found in Conference.');
      ctx.success('User kicked');
      this.telephony.kick(member);
    });
    this.handle('ConfbridgeList', (ctx) => {
      const rooms = this.telephony.conferences.rooms;
      if (rooms.size === 0) return ctx.error('No active conferences.');
      const room = rooms.get(ctx.action.get('Conference') ?? '');
      if (!room) return ctx.error('No Conference by that name found.');
      ctx.list(
        'Confbridge user list will follow',
        room.members.map((m) => FakeConferences.listEntry(room, m)),
        'ConfbridgeListComplete',
      );
    });
    const queueAnswer = (ctx: FakeActionContext, answer: FakeQueueAnswer) => {
      if (!answer.ok) return ctx.error(answer.message);
      ctx.success(answer.message);
      for (const event of answer.events) this.broadcast(event);
    };
    this.handle('QueueAdd', (ctx) => queueAnswer(ctx, this.queueModel.queueAdd(ctx.action)));
    this.handle('QueueRemove', (ctx) => queueAnswer(ctx, this.queueModel.queueRemove(ctx.action)));
    this.handle('QueuePause', (ctx) => queueAnswer(ctx, this.queueModel.queuePause(ctx.action)));
    this.handle('QueueStatus', (ctx) =>
      ctx.list(
        'Queue status will follow',
        this.queueModel.queueStatus(ctx.action.get('Queue')),
        'QueueStatusComplete',
      ),
    );
    this.handle('QueueSummary', (ctx) =>
      ctx.list(
        'Queue summary will follow',
        this.queueModel.queueSummary(ctx.action.get('Queue')),
        'QueueSummaryComplete',
      ),
    );
    this.handle('PJSIPShowEndpoints', (ctx) => {
      const list = this.pjsip.endpointList();
      if (list.length === 0) return ctx.error('No endpoints found');
      ctx.list(
        'A listing of Endpoints follows, presented as EndpointList events',
        list,
        'EndpointListComplete',
      );
    });
    this.handle('PJSIPShowContacts', (ctx) => {
      const list = this.pjsip.contactList();
      if (list.length === 0) return ctx.error('No Contacts found');
      ctx.list('A listing of Contacts follows, presented as ContactList events', list, 'ContactListComplete');
    });
    // 02: there is no ModuleReload action; ModuleLoad with LoadType reload, or Reload, reloads.
    this.handle('ModuleLoad', (ctx) => {
      const module = ctx.action.get('Module') ?? '';
      const loadType = (ctx.action.get('LoadType') ?? '').toLowerCase();
      if (loadType !== 'reload') {
        // Not recorded: only reloads are modelled.
        return ctx.error(`LoadType ${loadType || '(none)'} is not modelled by the fake`);
      }
      this.reloads.push(`module reload ${module}`.trim());
      ctx.success('Module reloaded.');
    });
    this.handle('Reload', (ctx) => {
      this.reloads.push(`reload ${ctx.action.get('Module') ?? ''}`.trim());
      ctx.success('Module Reloaded');
    });
  }

  private login(ctx: FakeActionContext): void {
    const md5 = (ctx.action.get('AuthType') ?? '').toLowerCase() === 'md5';
    const challenge = ctx.connection.challenge;
    const expectedKey =
      challenge === undefined
        ? undefined
        : createHash('md5')
            .update(challenge + this.options.secret)
            .digest('hex');
    const ok =
      ctx.action.get('Username') === this.options.username &&
      (md5
        ? expectedKey !== undefined && ctx.action.get('Key') === expectedKey
        : ctx.action.get('Secret') === this.options.secret);
    if (!ok) {
      // 01b: Asterisk answers a failed login after about a second, then ends the session.
      this.clock.later(this.options.failedLoginDelayMs, () => {
        ctx.error('Authentication failed');
        ctx.connection.end();
      });
      return;
    }
    ctx.connection.authenticated = true;
    const events = (ctx.action.get('Events') ?? 'on').toLowerCase();
    ctx.connection.events =
      events === 'off' ? 'off' : events === 'on' ? this.options.read : events.split(',').map((c) => c.trim());
    ctx.success('Authentication accepted');
    const uptime = Math.max(1, Math.floor(Date.now() / 1000) - this.startedAt);
    if (ctx.connection.wants('system,all')) {
      ctx.connection.send({
        Event: 'FullyBooted',
        Privilege: 'system,all',
        Uptime: uptime,
        LastReload: uptime,
        Status: 'Fully Booted',
      });
    }
  }

  private originate(ctx: FakeActionContext): void {
    const a = ctx.action;
    const dial = a.get('Channel') ?? '';
    if (dial === '') {
      ctx.error('Channel not specified');
      return;
    }
    const scenario = this.scenarioFor(dial);
    if (scenario.outcome === 'error') {
      ctx.error('Originate failed');
      return;
    }
    const async = isTrue(a.get('Async'));
    if (async) ctx.success('Originate successfully queued');
    const request = {
      actionId: a.actionId,
      dial,
      application: a.get('Application'),
      data: a.get('Data'),
      context: a.get('Context'),
      exten: a.get('Exten'),
      timeoutMs: Number(a.get('Timeout') ?? 30_000) || 30_000,
      channelId: a.get('ChannelId'),
      otherChannelId: a.get('OtherChannelId'),
      callerId: parseCallerId(a.get('CallerID')),
    };
    // Asterisk queues the Originate and creates its channel on another thread a moment later:
    // until then a Hangup of its ChannelId finds no channel.
    this.clock.later(0, () => this.telephony.originate(request, scenario));
    if (!async) {
      // Not recorded (Callgate always originates Async): answered as the outcome is known.
      if (scenario.outcome === 'answer') ctx.success('Originate successfully queued');
      else ctx.error('Originate failed');
    }
  }
}

/** `"Name" <number>`, `Name <number>` or a bare number. */
function parseCallerId(value: string | undefined): { num: string; name: string } | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const match = /^\s*(?:"([^"]*)"|([^<]*?))\s*<([^>]*)>\s*$/.exec(value);
  if (match) return { name: match[1] ?? match[2] ?? '', num: match[3] ?? '' };
  return { num: value.trim(), name: '' };
}
