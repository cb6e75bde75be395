/**
 * Cuts a byte stream into `\n`-terminated lines, whatever the chunking: a line may arrive byte by
 * byte or many lines in one chunk. Lines are decoded as UTF-8 only once complete, so a multi-byte
 * character split across chunks survives. Nothing but the `\n` is removed.
 *
 * It holds no callbacks of its own (thousands of sessions sit idle, each with a splitter): the
 * owner sets `limit` and passes the line handler to each push().
 */
export class LineSplitter {
  /**
   * The longest line accepted now, without `\n`. Read again before each line, so the owner may
   * change it from onLine (the environment's budget shrinks as it fills).
   */
  limit: number;
  /** The unfinished line's pieces, joined once the line is complete; made on demand. */
  #parts: Buffer[] | undefined;
  #partBytes = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  /**
   * Feeds one chunk; calls onLine for each complete line, in order. Returns false as soon as a
   * line (without its `\n`) is longer than the limit, before it is complete: the rest of the chunk
   * is dropped. onLine may return false to stop as well (the session is closing).
   */
  push(chunk: Buffer, onLine: (line: string, bytes: number) => boolean | undefined): boolean {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      const size = this.#partBytes + (end - start);
      if (size > this.limit) return false;
      if (nl === -1) {
        this.#parts ??= [];
        this.#parts.push(chunk.subarray(start));
        this.#partBytes = size;
        return true;
      }
      let line: string;
      if (this.#parts) {
        this.#parts.push(chunk.subarray(start, nl));
        line = Buffer.concat(this.#parts, size).toString('utf8');
        this.#parts = undefined;
        this.#partBytes = 0;
      } else {
        // Decoded in place: no Buffer view is made for the common whole line.
        line = chunk.toString('utf8', start, nl);
      }
      start = nl + 1;
      if (onLine(line, size) === false) return true;
    }
    return true;
  }
}
