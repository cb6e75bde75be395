import { createHash, randomInt } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { type AmiActionFields, actionFields, encodeAmiMessage } from '../ami-encode.ts';
import { AmiFrameParser } from '../ami-frame-parser.ts';
import { type AmiMessage, redactAmiMessage } from '../ami-message.ts';

/**
 * A fake Asterisk Manager Interface speaking the real wire format over TCP, for tests and
 * development without a PBX. It keeps a small model (queues, PJSIP contacts, conferences),
 * answers actions the way Asterisk does, and can be steered: originate outcomes per channel,
 * disconnects on demand or in the middle of an action, refusing connections, a "restart"
 * that forgets dynamic state. Every action received is recorded (secrets redacted).
 */

/** How an originate to a channel ends. Reason codes are Asterisk's control frame numbers. */
export type FakeOriginateOutcome =
  | 'answer' // Response: Success, Reason 4
  | 'busy' // Reason 5 (AST_CONTROL_BUSY)
  | 'noanswer' // Reason 3 (rang, then timed out)
  | 'congestion' // Reason 8 (AST_CONTROL_CONGESTION)
  | 'unavailable' // Reason 0 (channel could not be created: unregistered, unknown endpoint)
  | 'error'; // the Originate action itself answers Response: Error

export const ORIGINATE_REASON_CODES: Readonly<Record<Exclude<FakeOriginateOutcome, 'error'>, number>> = {
  answer: 4,
  busy: 5,
  noanswer: 3,
  congestion: 8,
  unavailable: 0,
};

export interface FakeOriginateScenario {
  outcome: FakeOriginateOutcome;
  /** For answered ConfBridge originates: send ConfbridgeJoin before OriginateResponse. */
  joinBeforeResponse?: boolean;
  /** Delay before the outcome events (ms). Default 0. */
  delayMs?: number;
}

export interface FakeQueueMember {
  interface: string;
  memberName: string;
  membership: 'dynamic' | 'static' | 'realtime';
  paused: boolean;
  pausedReason: string;
  penalty: number;
}

export interface FakeContact {
  /** Endpoint name without technology, e.g. `2001`. */
  endpoint: string;
  uri: string;
  status: 'Reachable' | 'Unreachable' | 'NonQualified' | 'Unknown';
}

export interface FakeConferenceMember {
  channel: string;
  uniqueid: string;
}

export interface RecordedAction {
  connection: number;
  name: string;
  /** The action as received, `Secret` redacted. */
  message: AmiMessage;
}

export interface FakeAmiServerOptions {
  username?: string;
  secret?: string;
  /** Version in the banner. */
  version?: string;
  host?: string;
  port?: number;
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
}

export type FakeActionHandler = (ctx: FakeActionContext) => void;

export class FakeAmiConnection {
  readonly id: number;
  authenticated = false;
  eventsOn = true;
  /** Set by `Action: Challenge` (AuthType MD5), as Asterisk keeps one per session. */
  challenge: string | undefined;
  private readonly socket: Socket;

  constructor(id: number, socket: Socket) {
    this.id = id;
    this.socket = socket;
  }

  get open(): boolean {
    return !this.socket.destroyed;
  }

  send(fields: AmiActionFields): void {
    if (!this.socket.destroyed) this.socket.write(encodeAmiMessage(actionFields(fields)));
  }

  /** Raw bytes, for split/merged frame tests. */
  writeRaw(bytes: string | Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export class FakeAmiServer {
  readonly actions: RecordedAction[] = [];
  /** Dial string (e.g. `PJSIP/2001`) → scenario; `defaultOriginate` for the rest. */
  readonly originateScenarios = new Map<string, FakeOriginateScenario>();
  defaultOriginate: FakeOriginateScenario = { outcome: 'answer' };
  /** Queue name → interface → member. */
  readonly queues = new Map<string, Map<string, FakeQueueMember>>();
  /** Endpoint name → contacts. */
  readonly contacts = new Map<string, FakeContact[]>();
  /** Known PJSIP endpoints (names without technology). */
  readonly endpoints = new Set<string>();
  /** Room → members. */
  readonly conferences = new Map<string, FakeConferenceMember[]>();
  /** Accept, then immediately close every new connection (Asterisk down / AMI disabled). */
  refuseConnections = false;
  /** Sees every byte clients send, as it arrives (to check what crosses the wire). */
  onData: ((chunk: string) => void) | undefined;
  /** `Command` texts and `ModuleReload` modules received. */
  readonly reloads: string[] = [];

  private readonly options: Required<Omit<FakeAmiServerOptions, 'port'>> & { port: number };
  private readonly server: Server;
  private readonly connections = new Set<FakeAmiConnection>();
  private readonly sockets = new Set<Socket>();
  private readonly handlers = new Map<string, FakeActionHandler>();
  private readonly onceHandlers = new Map<string, FakeActionHandler[]>();
  private readonly waiters: Array<{ name: string; seen: number; resolve: (a: RecordedAction) => void }> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextConnection = 1;
  private nextChannel = 1;
  private connectionCount = 0;

  private constructor(options: FakeAmiServerOptions) {
    this.options = {
      username: options.username ?? 'callgate',
      secret: options.secret ?? 'fake-secret',
      version: options.version ?? '9.0.0',
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
    };
    this.server = createServer((socket) => this.accept(socket));
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

  /** Sends an event to every logged-in connection that asked for events. */
  broadcast(fields: AmiActionFields): void {
    for (const c of this.connections) if (c.open && c.authenticated && c.eventsOn) c.send(fields);
  }

  /** Closes every open connection (Asterisk restarted, network cut). */
  dropConnections(): void {
    for (const c of this.connections) c.destroy();
  }

  /** An Asterisk restart: connections drop and dynamic queue members and conferences are gone. */
  restart(): void {
    this.dropConnections();
    for (const members of this.queues.values()) {
      for (const [iface, m] of members) if (m.membership === 'dynamic') members.delete(iface);
    }
    this.conferences.clear();
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
    const map = new Map<string, FakeQueueMember>();
    for (const m of members) {
      map.set(m.interface, {
        interface: m.interface,
        memberName: m.memberName ?? m.interface,
        membership: m.membership ?? 'dynamic',
        paused: m.paused ?? false,
        pausedReason: m.pausedReason ?? '',
        penalty: m.penalty ?? 0,
      });
    }
    this.queues.set(name, map);
  }

  /** A phone registers: model updated, ContactStatus (and DeviceStateChange) broadcast. */
  registerContact(endpoint: string, uri: string): void {
    this.endpoints.add(endpoint);
    this.contacts.set(endpoint, [{ endpoint, uri, status: 'Reachable' }]);
    this.broadcast({
      Event: 'ContactStatus',
      Privilege: 'system,all',
      URI: uri,
      ContactStatus: 'Created',
      AOR: endpoint,
      EndpointName: endpoint,
      RoundtripUsec: '0',
    });
    this.broadcast({
      Event: 'DeviceStateChange',
      Privilege: 'call,all',
      Device: `PJSIP/${endpoint}`,
      State: 'NOT_INUSE',
    });
  }

  /** A phone unregisters (or its registration expires). */
  unregisterContact(endpoint: string): void {
    const uri = this.contacts.get(endpoint)?.[0]?.uri ?? '';
    this.contacts.delete(endpoint);
    this.broadcast({
      Event: 'ContactStatus',
      Privilege: 'system,all',
      URI: uri,
      ContactStatus: 'Removed',
      AOR: endpoint,
      EndpointName: endpoint,
      RoundtripUsec: '0',
    });
    this.broadcast({
      Event: 'DeviceStateChange',
      Privilege: 'call,all',
      Device: `PJSIP/${endpoint}`,
      State: 'UNAVAILABLE',
    });
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Runs `fn` later, cancelled by close(). */
  later(delayMs: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, delayMs);
    this.timers.add(t);
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
    const actionId = action.actionId;
    const withId = (fields: AmiActionFields): AmiActionFields =>
      actionId === undefined ? fields : { ...fields, ActionID: actionId };
    const ctx: FakeActionContext = {
      action,
      connection,
      server: this,
      respond: (fields) => connection.send(withId(fields)),
      success: (message, extra = {}) =>
        connection.send(withId({ Response: 'Success', ...extra, Message: message })),
      error: (message) => connection.send(withId({ Response: 'Error', Message: message })),
      event: (fields) => connection.send(withId(fields)),
    };
    if (!connection.authenticated && !['login', 'challenge', 'ping', 'logoff'].includes(key)) {
      ctx.error('Permission denied');
      return;
    }
    const once = this.onceHandlers.get(key);
    const handler = once?.shift() ?? this.handlers.get(key);
    if (handler) handler(ctx);
    else ctx.error('Invalid/unknown command');
  }

  private installDefaultHandlers(): void {
    // As manager.c: a challenge per session, and MD5 logins compare md5(challenge + secret) as
    // lower-case hex; a plain login compares the secret.
    this.handle('Challenge', (ctx) => {
      if ((ctx.action.get('AuthType') ?? '').toLowerCase() !== 'md5') {
        ctx.error('Must specify AuthType');
        return;
      }
      ctx.connection.challenge ??= String(randomInt(1, 2 ** 31));
      ctx.respond({ Response: 'Success', Challenge: ctx.connection.challenge });
    });
    this.handle('Login', (ctx) => {
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
        ctx.error('Authentication failed');
        // Asterisk ends the session after a failed login.
        ctx.connection.destroy();
        return;
      }
      ctx.connection.authenticated = true;
      ctx.connection.eventsOn = (ctx.action.get('Events') ?? 'on').toLowerCase() !== 'off';
      ctx.success('Authentication accepted');
      if (ctx.connection.eventsOn) {
        ctx.connection.send({
          Event: 'FullyBooted',
          Privilege: 'system,all',
          Uptime: '1',
          LastReload: '1',
          Status: 'Fully Booted',
        });
      }
    });
    this.handle('Ping', (ctx) =>
      ctx.respond({ Response: 'Success', Ping: 'Pong', Timestamp: '1795342966.000000' }),
    );
    this.handle('Logoff', (ctx) => {
      ctx.respond({ Response: 'Goodbye', Message: 'Thanks for all the fish.' });
      ctx.connection.destroy();
    });
    this.handle('Originate', (ctx) => this.originate(ctx));
    this.handle('Hangup', (ctx) => {
      const channel = ctx.action.get('Channel') ?? '';
      const found = this.findChannel(channel);
      if (!found) {
        ctx.error('No such channel');
        return;
      }
      ctx.success('Channel Hungup');
      this.leaveConference(found.room, found.member, 'Hangup');
    });
    this.handle('ConfbridgeKick', (ctx) => {
      const room = ctx.action.get('Conference') ?? '';
      const channel = ctx.action.get('Channel') ?? '';
      const members = this.conferences.get(room);
      if (!members) {
        ctx.error('No Conference by that name found.');
        return;
      }
      if (channel === 'all' || channel === 'participants') {
        // Asterisk's keywords: everyone (we model no admins, so both mean everyone).
        ctx.success('User kicked');
        for (const m of [...members]) this.leaveConference(room, m, 'Kick');
        return;
      }
      const member = members.find((m) => m.channel === channel);
      if (!member) {
        ctx.error('No Channel by that name found in Conference.');
        return;
      }
      ctx.success('User kicked');
      this.leaveConference(room, member, 'Kick');
    });
    this.handle('ConfbridgeList', (ctx) => {
      const room = ctx.action.get('Conference') ?? '';
      const members = this.conferences.get(room);
      if (this.conferences.size === 0) return ctx.error('No active conferences.');
      if (!members || members.length === 0) return ctx.error('No Conference by that name found.');
      ctx.success('Confbridge user list will follow', { EventList: 'start' });
      for (const m of members) {
        ctx.event({
          Event: 'ConfbridgeList',
          Conference: room,
          Channel: m.channel,
          Uniqueid: m.uniqueid,
          Admin: 'No',
        });
      }
      ctx.event({ Event: 'ConfbridgeListComplete', EventList: 'Complete', ListItems: members.length });
    });
    this.handle('QueueAdd', (ctx) => {
      const queue = this.queues.get(ctx.action.get('Queue') ?? '');
      const iface = ctx.action.get('Interface') ?? '';
      if (!queue) return ctx.error('Unable to add interface to queue: No such queue');
      if (queue.has(iface)) return ctx.error('Unable to add interface: Already there');
      const member: FakeQueueMember = {
        interface: iface,
        memberName: ctx.action.get('MemberName') ?? iface,
        membership: 'dynamic',
        paused: isTrue(ctx.action.get('Paused')),
        pausedReason: ctx.action.get('Reason') ?? '',
        penalty: Number(ctx.action.get('Penalty') ?? 0),
      };
      queue.set(iface, member);
      ctx.success('Added interface to queue');
      this.broadcast({
        Event: 'QueueMemberAdded',
        Queue: ctx.action.get('Queue') ?? '',
        ...memberFields(member),
      });
    });
    this.handle('QueueRemove', (ctx) => {
      const name = ctx.action.get('Queue') ?? '';
      const queue = this.queues.get(name);
      const iface = ctx.action.get('Interface') ?? '';
      if (!queue) return ctx.error('Unable to remove interface from queue: No such queue');
      const member = queue.get(iface);
      if (!member) return ctx.error('Unable to remove interface: Not there');
      if (member.membership !== 'dynamic') return ctx.error('Member not dynamic');
      queue.delete(iface);
      ctx.success('Removed interface from queue');
      this.broadcast({ Event: 'QueueMemberRemoved', Queue: name, ...memberFields(member) });
    });
    this.handle('QueuePause', (ctx) => {
      const iface = ctx.action.get('Interface') ?? '';
      const only = ctx.action.get('Queue');
      const paused = isTrue(ctx.action.get('Paused'));
      const reason = ctx.action.get('Reason') ?? '';
      let found = false;
      for (const [name, queue] of this.queues) {
        if (only !== undefined && name !== only) continue;
        const member = queue.get(iface);
        if (!member) continue;
        found = true;
        member.paused = paused;
        member.pausedReason = paused ? reason : '';
        this.broadcast({ Event: 'QueueMemberPause', Queue: name, ...memberFields(member) });
      }
      if (!found) return ctx.error('Interface not found');
      ctx.success(paused ? 'Interface paused successfully' : 'Interface unpaused successfully');
    });
    this.handle('QueueStatus', (ctx) => {
      const only = ctx.action.get('Queue');
      ctx.success('Queue status will follow', { EventList: 'start' });
      let items = 0;
      for (const [name, queue] of this.queues) {
        if (only && only !== name) continue;
        ctx.event({ Event: 'QueueParams', Queue: name, Max: 0, Strategy: 'ringall', Calls: 0, Holdtime: 0 });
        items++;
        for (const m of queue.values()) {
          ctx.event({ Event: 'QueueMember', Queue: name, ...memberFields(m) });
          items++;
        }
      }
      ctx.event({ Event: 'QueueStatusComplete', EventList: 'Complete', ListItems: items });
    });
    this.handle('PJSIPShowContacts', (ctx) => {
      const all = [...this.contacts.values()].flat();
      if (all.length === 0) return ctx.error('No Contacts found');
      ctx.success('A listing of Contacts follows, presented as ContactList events', { EventList: 'start' });
      for (const c of all) {
        ctx.event({
          Event: 'ContactList',
          ObjectType: 'contact',
          ObjectName: `${c.endpoint};@${c.uri.length.toString(16)}`,
          Uri: c.uri,
          Endpoint: c.endpoint,
          Aor: c.endpoint,
          Status: c.status,
          RoundtripUsec: '0',
        });
      }
      ctx.event({ Event: 'ContactListComplete', EventList: 'Complete', ListItems: all.length });
    });
    this.handle('PJSIPShowEndpoints', (ctx) => {
      if (this.endpoints.size === 0) return ctx.error('No endpoints found');
      ctx.success('A listing of Endpoints follows, presented as EndpointList events', { EventList: 'start' });
      for (const e of this.endpoints) {
        const contacts = this.contacts.get(e) ?? [];
        ctx.event({
          Event: 'EndpointList',
          ObjectType: 'endpoint',
          ObjectName: e,
          Transport: '',
          Aor: e,
          Auths: e,
          OutboundAuths: '',
          Contacts: contacts.map((c) => `${e}/${c.uri}`).join(','),
          DeviceState: contacts.length > 0 ? 'Not in use' : 'Unavailable',
          ActiveChannels: '',
        });
      }
      ctx.event({ Event: 'EndpointListComplete', EventList: 'Complete', ListItems: this.endpoints.size });
    });
    this.handle('ModuleReload', (ctx) => {
      this.reloads.push(`module reload ${ctx.action.get('Module') ?? ''}`.trim());
      ctx.success('Module Reloaded.');
    });
    this.handle('Command', (ctx) => {
      const command = ctx.action.get('Command') ?? '';
      this.reloads.push(command);
      ctx.respond({ Response: 'Success', Message: 'Command output follows', Output: [''] });
    });
  }

  private originate(ctx: FakeActionContext): void {
    const dial = ctx.action.get('Channel') ?? '';
    const scenario = this.originateScenarios.get(dial) ?? this.defaultOriginate;
    if (scenario.outcome === 'error') {
      ctx.error('Originate failed');
      return;
    }
    const async = isTrue(ctx.action.get('Async'));
    if (async) ctx.success('Originate successfully queued');
    const n = this.nextChannel++;
    const channel = `${dial}-${n.toString(16).padStart(8, '0')}`;
    const uniqueid = ctx.action.get('ChannelId') ?? `1795342966.${n}`;
    const app = ctx.action.get('Application') ?? '';
    const reason = ORIGINATE_REASON_CODES[scenario.outcome];
    const answered = scenario.outcome === 'answer';
    const response = {
      Event: 'OriginateResponse',
      Privilege: 'call,all',
      Response: answered ? 'Success' : 'Failure',
      Channel: answered ? channel : dial,
      Context: ctx.action.get('Context') ?? '',
      Exten: ctx.action.get('Exten') ?? '',
      Application: app,
      Data: ctx.action.get('Data') ?? '',
      Reason: reason,
      Uniqueid: answered ? uniqueid : '<null>',
      CallerIDNum: '<unknown>',
      CallerIDName: '<unknown>',
    };
    this.later(scenario.delayMs ?? 0, () => {
      if (!ctx.connection.open) return;
      const room =
        app.toLowerCase() === 'confbridge' ? ((ctx.action.get('Data') ?? '').split(',')[0] ?? '') : '';
      const join = () => {
        if (!answered || !room) return;
        const member = { channel, uniqueid };
        this.conferences.set(room, [...(this.conferences.get(room) ?? []), member]);
        this.broadcast({
          Event: 'ConfbridgeJoin',
          Privilege: 'call,all',
          Conference: room,
          BridgeUniqueid: `bridge-${room}`,
          Channel: channel,
          Uniqueid: uniqueid,
          Admin: 'No',
          Muted: 'No',
        });
      };
      if (scenario.joinBeforeResponse) join();
      if (async) ctx.event(response);
      else if (answered) ctx.success('Originate successfully queued');
      else ctx.error('Originate failed');
      if (!scenario.joinBeforeResponse) join();
    });
  }

  private findChannel(channel: string): { room: string; member: FakeConferenceMember } | undefined {
    for (const [room, members] of this.conferences) {
      const member = members.find((m) => m.channel === channel);
      if (member) return { room, member };
    }
    return undefined;
  }

  private leaveConference(room: string, member: FakeConferenceMember, why: 'Hangup' | 'Kick'): void {
    const members = (this.conferences.get(room) ?? []).filter((m) => m !== member);
    if (members.length === 0) this.conferences.delete(room);
    else this.conferences.set(room, members);
    this.broadcast({
      Event: 'ConfbridgeLeave',
      Privilege: 'call,all',
      Conference: room,
      BridgeUniqueid: `bridge-${room}`,
      Channel: member.channel,
      Uniqueid: member.uniqueid,
    });
    if (why === 'Hangup') {
      this.broadcast({
        Event: 'Hangup',
        Privilege: 'call,all',
        Channel: member.channel,
        Uniqueid: member.uniqueid,
        Cause: 16,
        'Cause-txt': 'Normal Clearing',
      });
    }
  }
}

function isTrue(value: string | undefined): boolean {
  return /^(true|yes|1|on)$/i.test((value ?? '').trim());
}

function memberFields(m: FakeQueueMember): AmiActionFields {
  return {
    Name: m.memberName,
    MemberName: m.memberName,
    Location: m.interface,
    Interface: m.interface,
    StateInterface: m.interface,
    Membership: m.membership,
    Penalty: m.penalty,
    CallsTaken: 0,
    LastCall: 0,
    InCall: 0,
    Status: 1,
    Paused: m.paused ? 1 : 0,
    PausedReason: m.pausedReason,
  };
}
