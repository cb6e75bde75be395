import type { AgiError } from '../errors.ts';

/**
 * Cuts a byte stream into `\n`-terminated lines, whatever the chunking: a line may arrive byte by
 * byte or many lines in one chunk. Lines are decoded as UTF-8 only once complete, so a multi-byte
 * character split across chunks survives. Nothing but the `\n` is removed.
 */
export class LineSplitter {
  readonly #limit: () => number;
  readonly #tooLong: () => AgiError;
  #parts: Buffer[] = [];
  #partBytes = 0;

  /**
   * @param limit the longest line accepted now, without `\n` (asked for each line, so it can shrink
   *   while the environment fills its budget)
   * @param tooLong the error to throw when a line passes the limit
   */
  constructor(limit: () => number, tooLong: () => AgiError) {
    this.#limit = limit;
    this.#tooLong = tooLong;
  }

  /**
   * Feeds one chunk; calls onLine for each complete line, in order. Throws tooLong() as soon as a
   * line (without its `\n`) is longer than the limit, before it is complete. onLine may return false to
   * stop (the rest of the chunk is dropped: the session is closing).
   */
  push(chunk: Buffer, onLine: (line: string, bytes: number) => boolean | undefined): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      const size = this.#partBytes + (end - start);
      if (size > this.#limit()) throw this.#tooLong();
      if (nl === -1) {
        this.#parts.push(chunk.subarray(start));
        this.#partBytes = size;
        return;
      }
      let bytes: Buffer = chunk.subarray(start, nl);
      if (this.#parts.length > 0) {
        this.#parts.push(bytes);
        bytes = Buffer.concat(this.#parts, size);
        this.#parts = [];
        this.#partBytes = 0;
      }
      start = nl + 1;
      if (onLine(bytes.toString('utf8'), size) === false) return;
    }
  }
}
