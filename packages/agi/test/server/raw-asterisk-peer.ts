import { connect, type Socket } from 'node:net';

/**
 * A deliberately small stand-in for Asterisk over a real socket, for the hostile cases the
 * simulated Asterisk does not model (garbage, half-sent environments, floods): write any bytes,
 * read lines, see when the server closes.
 */
export class RawAsteriskPeer {
  readonly socket: Socket;
  readonly closed: Promise<void>;
  #buffer = '';
  #lines: string[] = [];
  #waiters: ((line: string | null) => void)[] = [];
  #ended = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      let nl = this.#buffer.indexOf('\n');
      while (nl !== -1) {
        this.#push(this.#buffer.slice(0, nl));
        this.#buffer = this.#buffer.slice(nl + 1);
        nl = this.#buffer.indexOf('\n');
      }
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.#ended = true;
        for (const w of this.#waiters.splice(0)) w(null);
        resolve();
      });
    });
  }

  /** Connects from `localAddress` when given (another loopback address stands in for another host). */
  static connect(port: number, host = '127.0.0.1', localAddress?: string): Promise<RawAsteriskPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, ...(localAddress ? { localAddress } : {}) });
      socket.once('connect', () => resolve(new RawAsteriskPeer(socket)));
      socket.once('error', reject);
    });
  }

  #push(line: string): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(line);
    else this.#lines.push(line);
  }

  write(text: string): void {
    if (!this.socket.destroyed) this.socket.write(text);
  }

  /** The next line from the server, or null once it closed the connection. */
  nextLine(): Promise<string | null> {
    const line = this.#lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.#ended) return Promise.resolve(null);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Answers every command with `reply(command)` until the server closes; returns the commands. */
  async answerAll(reply: (command: string) => string | undefined = () => '200 result=0'): Promise<string[]> {
    const commands: string[] = [];
    for (let line = await this.nextLine(); line !== null; line = await this.nextLine()) {
      commands.push(line);
      const answer = reply(line);
      if (answer !== undefined) this.write(`${answer}\n`);
    }
    return commands;
  }

  destroy(): Promise<void> {
    this.socket.destroy();
    return this.closed;
  }
}

export interface EnvironmentOptions {
  args?: readonly string[];
  uniqueid?: string;
  channel?: string;
  callerId?: string;
  host?: string;
}

/** The environment block Asterisk 22 sends for `AGI(agi://host/<script>,args...)`. */
export function environmentBlock(script: string, options: EnvironmentOptions = {}): string {
  const {
    args = [],
    uniqueid = '1795342851.71',
    channel = 'PJSIP/2001-00000023',
    callerId = '5551234',
  } = options;
  const lines = [
    'agi_network: yes',
    `agi_network_script: ${script}`,
    `agi_request: agi://${options.host ?? '127.0.0.1:4573'}/${script}`,
    `agi_channel: ${channel}`,
    'agi_language: en',
    'agi_type: PJSIP',
    `agi_uniqueid: ${uniqueid}`,
    'agi_version: 22.10.1',
    `agi_callerid: ${callerId}`,
    'agi_calleridname: Probe Caller',
    'agi_callingpres: 0',
    'agi_callingani2: 0',
    'agi_callington: 0',
    'agi_callingtns: 0',
    'agi_dnid: unknown',
    'agi_rdnis: unknown',
    'agi_context: default',
    'agi_extension: 2345',
    'agi_priority: 2',
    'agi_enhanced: 0.0',
    'agi_accountcode: ',
    'agi_threadid: 139767221229248',
    ...args.map((a, i) => `agi_arg_${i + 1}: ${a}`),
  ];
  return `${lines.join('\n')}\n\n`;
}

/** Connects, sends the environment and answers every command until the server closes. */
export async function rawCall(
  port: number,
  script: string,
  reply?: (command: string) => string | undefined,
  options?: EnvironmentOptions,
): Promise<string[]> {
  const peer = await RawAsteriskPeer.connect(port);
  peer.write(environmentBlock(script, options));
  return peer.answerAll(reply);
}
