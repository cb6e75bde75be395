/**
 * Cuts a byte stream into `\n`-terminated lines, whatever the chunking: a line may arrive byte by
 * byte or many lines in one chunk. Lines are decoded as UTF-8 only once complete, so a multi-byte
 * character split across chunks survives. Nothing but the `\n` is removed.
 *
 * It holds no callbacks of its own (thousands of sessions sit idle, each with a splitter): the
 * owner sets `limit` and passes the line handler to each push().
 */
/** Gets each complete line and its byte count; false stops the chunk. */
export type LineHandler<T> = (target: T, line: string, bytes: number) => boolean | undefined;

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

  /** True when no unfinished line is waiting for its `\n`. */
  get empty(): boolean {
    return this.#parts === undefined;
  }

  /**
   * Feeds one chunk; calls onLine for each complete line, in order. Returns false as soon as a
   * line (without its `\n`) is longer than the limit, before it is complete: the rest of the chunk
   * is dropped. onLine may return false to stop as well (the session is closing). It gets
   * `target` first, so the owner can pass a shared function rather than a closure.
   */
  push<T>(chunk: Buffer, onLine: LineHandler<T>, target: T): boolean {
    let start = 0;
    if (this.#parts) {
      const nl = chunk.indexOf(0x0a);
      const end = nl === -1 ? chunk.length : nl;
      const size = this.#partBytes + end;
      if (size > this.limit) return false;
      this.#parts.push(nl === -1 ? chunk : chunk.subarray(0, nl));
      if (nl === -1) {
        this.#partBytes = size;
        return true;
      }
      const line = Buffer.concat(this.#parts, size).toString('utf8');
      this.#parts = undefined;
      this.#partBytes = 0;
      if (onLine(target, line, size) === false) return true;
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(0x0a);
    if (last >= start) {
      const whole = this.#wholeLines(chunk, start, last, onLine, target);
      if (whole !== undefined) return whole;
      start = last + 1;
    }
    if (start === chunk.length) return true;
    const size = chunk.length - start;
    if (size > this.limit) return false;
    this.#parts = [start === 0 ? chunk : chunk.subarray(start)];
    this.#partBytes = size;
    return true;
  }

  /**
   * The complete lines in chunk[start, last) (`last` is the final `\n`), decoded in one go: one
   * call into the decoder per chunk rather than per line. When every byte became one character
   * (ASCII, or invalid bytes each replaced by one U+FFFD), a line's length is its byte count; a
   * chunk with multi-byte characters is cut at its byte offsets instead. Returns what push()
   * returns when it stopped early, undefined when every line was delivered.
   */
  #wholeLines<T>(
    chunk: Buffer,
    start: number,
    last: number,
    onLine: LineHandler<T>,
    target: T,
  ): boolean | undefined {
    const text = chunk.toString('utf8', start, last);
    if (text.length !== last - start) return this.#multiByteLines(chunk, start, last, onLine, target);
    let at = 0;
    for (;;) {
      const nl = text.indexOf('\n', at);
      const end = nl === -1 ? text.length : nl;
      if (end - at > this.limit) return false;
      if (onLine(target, text.slice(at, end), end - at) === false) return true;
      if (nl === -1) return undefined;
      at = nl + 1;
    }
  }

  #multiByteLines<T>(
    chunk: Buffer,
    start: number,
    last: number,
    onLine: LineHandler<T>,
    target: T,
  ): boolean | undefined {
    let at = start;
    while (at <= last) {
      const nl = chunk.indexOf(0x0a, at);
      if (nl - at > this.limit) return false;
      if (onLine(target, chunk.toString('utf8', at, nl), nl - at) === false) return true;
      at = nl + 1;
    }
    return undefined;
  }
}
