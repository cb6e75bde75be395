import type { Socket } from 'node:net';
import { type AmiActionFields, actionFields, encodeAmiMessage } from '../ami-encode.ts';
import { DOCS_MANAGER_USER, mayRead } from './fake-permissions.ts';

/** One manager session of the fake Asterisk. */
export class FakeAmiConnection {
  readonly id: number;
  authenticated = false;
  /** `Events: on` (everything the user may read), `off`, or a class list such as `call,agent`. */
  events: readonly string[] | 'off' = DOCS_MANAGER_USER.read;
  /** The user's read classes (events beyond them are never sent). */
  read: readonly string[] = DOCS_MANAGER_USER.read;
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

  /** Whether an event with this `Privilege:` reaches this session. */
  wants(privilege: string | undefined): boolean {
    if (!this.authenticated || this.events === 'off') return false;
    return mayRead(this.read, privilege) && mayRead(this.events, privilege);
  }

  send(fields: AmiActionFields): void {
    if (!this.socket.destroyed) this.socket.write(encodeAmiMessage(actionFields(fields)));
  }

  /** Raw bytes, for split/merged frame tests. */
  writeRaw(bytes: string | Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** Closes after what was written is flushed (Logoff, a failed login). */
  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}
