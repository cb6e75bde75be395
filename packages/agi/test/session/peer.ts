import { PassThrough } from 'node:stream';
import type { AgiTransport } from '../../src/session/agi-session.ts';
import { BASIC_ENVIRONMENT_LINES } from '../fixtures/basic-environment.ts';

/** The environment block of transcripts/basic.txt, as Asterisk 22 sent it. */
export const BASIC_ENVIRONMENT = `${BASIC_ENVIRONMENT_LINES.join('\n')}\n\n`;

/**
 * A tiny Asterisk stand-in over a PassThrough pair: the test writes raw bytes to the session and
 * awaits the command lines the session writes. Each write the session makes is kept, to check
 * that every command goes out in one write.
 */
export class PipePeer {
  readonly toSession = new PassThrough();
  readonly fromSession = new PassThrough();
  readonly writes: string[] = [];
  destroyed = false;
  readonly transport: AgiTransport;
  #buffer = '';
  #lines: string[] = [];
  #waiters: ((line: string) => void)[] = [];

  constructor() {
    this.transport = {
      readable: this.toSession,
      writable: this.fromSession,
      destroy: () => {
        this.destroyed = true;
        this.toSession.destroy();
        this.fromSession.destroy();
      },
    };
    this.fromSession.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.writes.push(text);
      this.#buffer += text;
      for (let nl = this.#buffer.indexOf('\n'); nl !== -1; nl = this.#buffer.indexOf('\n')) {
        const line = this.#buffer.slice(0, nl);
        this.#buffer = this.#buffer.slice(nl + 1);
        const waiter = this.#waiters.shift();
        if (waiter) waiter(line);
        else this.#lines.push(line);
      }
    });
  }

  /** Bytes from "Asterisk" to the session. */
  write(bytes: string | Buffer): void {
    this.toSession.write(bytes);
  }

  /** "Asterisk" closes its side. */
  end(): void {
    this.toSession.end();
  }

  /** The next command line the session wrote (without `\n`). */
  nextCommand(): Promise<string> {
    const line = this.#lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

/** Resolves after the current I/O callbacks ran (PassThrough delivers on a later tick). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
