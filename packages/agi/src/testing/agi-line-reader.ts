/** Asterisk 22 reads a command line into an 8192-byte buffer: at most 8191 bytes per line. */
export const defaultMaxLineBytes = 8191;

/** glibc's stdio buffer for a socket (st_blksize): one read() moves at most this much. */
const stdioBufferBytes = 4096;

/**
 * The Asterisk side of reading command lines, byte for byte as res_agi.c does with `fgets` on a
 * buffered stream. Bytes that arrived are first in the "socket" (poll sees them); `fgets` moves them
 * all into the stdio buffer. Asterisk only looks for a new line when the socket is readable, so
 * several lines sent in one write are answered one at a time as more bytes arrive (`pipeline.txt`).
 * A line longer than the cap is cut; the rest is read as the next, bogus, line (`longline.txt`).
 */
export class AgiLineReader {
  readonly #maxLineBytes: number;
  #socket: Buffer = Buffer.alloc(0);
  #stdio: Buffer = Buffer.alloc(0);
  #partial: Buffer = Buffer.alloc(0);

  constructor(maxLineBytes = defaultMaxLineBytes) {
    this.#maxLineBytes = maxLineBytes;
  }

  push(chunk: Buffer): void {
    this.#socket = Buffer.concat([this.#socket, chunk]);
  }

  /** True when poll() on the socket would report it readable. */
  get readable(): boolean {
    return this.#socket.length > 0;
  }

  /**
   * The next command line (without its `\n`), or undefined when Asterisk would keep waiting.
   * Only call when `readable`, as Asterisk only reads after poll() fires.
   */
  nextLine(): Buffer | undefined {
    while (true) {
      const room = this.#maxLineBytes - this.#partial.length;
      const newline = this.#stdio.indexOf(0x0a);
      if (newline !== -1 && newline < room) {
        return this.#cut(newline, 1);
      }
      if (this.#stdio.length >= room) {
        // The buffer is full without a newline: this much is one command, the rest comes next.
        return this.#cut(room, 0);
      }
      this.#partial = Buffer.concat([this.#partial, this.#stdio]);
      this.#stdio = Buffer.alloc(0);
      if (this.#socket.length === 0) return undefined;
      // fgets refills the stdio buffer with one read() of at most its size.
      this.#stdio = this.#socket.subarray(0, stdioBufferBytes);
      this.#socket = this.#socket.subarray(stdioBufferBytes);
    }
  }

  /** Bytes received but not yet returned as lines (what is lost when the AGI ends). */
  get pendingBytes(): number {
    return this.#socket.length + this.#stdio.length + this.#partial.length;
  }

  #cut(length: number, skip: number): Buffer {
    const line = Buffer.concat([this.#partial, this.#stdio.subarray(0, length)]);
    this.#stdio = this.#stdio.subarray(length + skip);
    this.#partial = Buffer.alloc(0);
    return line;
  }
}
