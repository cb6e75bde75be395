import { AmiError } from './ami-error.ts';
import { type AmiField, AmiMessage } from './ami-message.ts';

/** What the parser found in the bytes pushed so far. */
export type AmiFrame =
  | { kind: 'banner'; line: string; version: string }
  | { kind: 'message'; message: AmiMessage };

export interface AmiFrameParserOptions {
  /** The first line of a client's stream is `Asterisk Call Manager/X.Y.Z` (no blank line after). */
  expectBanner: boolean;
  /** A message larger than this is a protocol error (protects memory from a runaway peer). */
  maxMessageBytes?: number;
}

const BANNER = /Call Manager\/(\S+)/;
const END_COMMAND = '--END COMMAND--';
const LF = 0x0a;
/** Header lines that still precede the free-form output of a `Response: Follows`. */
const FOLLOWS_HEADER = /^(ActionID|Privilege|Message): ?(.*)$/i;

/**
 * A byte-stream state machine for the AMI wire format: `Key: Value\r\n` lines, a message ends
 * with an empty line. It does not care how TCP cut the stream: a message may arrive one byte at
 * a time or several messages in one chunk. Values keep everything after the first `: `, so a
 * value may itself contain colons. Bare `\n` line ends are accepted too.
 *
 * Legacy `Response: Follows` (the old `Command` action) carries free-form output lines up to
 * `--END COMMAND--`; those become repeated `Output` fields, as newer Asterisk sends them.
 */
export class AmiFrameParser {
  private state: 'banner' | 'fields' | 'follows';
  private buffer: Buffer = Buffer.alloc(0);
  private fields: AmiField[] = [];
  private messageBytes = 0;
  private followsOutput = false;
  private readonly maxMessageBytes: number;

  constructor(options: AmiFrameParserOptions) {
    this.state = options.expectBanner ? 'banner' : 'fields';
    this.maxMessageBytes = options.maxMessageBytes ?? 1024 * 1024;
  }

  /** Feeds bytes; returns every complete frame they finish. Throws E_AMI_PROTOCOL on garbage. */
  push(chunk: Buffer | string): AmiFrame[] {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.buffer = this.buffer.length === 0 ? bytes : Buffer.concat([this.buffer, bytes]);
    const frames: AmiFrame[] = [];
    let start = 0;
    for (;;) {
      const end = this.buffer.indexOf(LF, start);
      if (end < 0) break;
      // Lines are decoded whole, so a UTF-8 character split across segments is never cut.
      const stop = end > start && this.buffer[end - 1] === 0x0d ? end - 1 : end;
      const line = this.buffer.toString('utf8', start, stop);
      this.messageBytes += end + 1 - start;
      start = end + 1;
      const frame = this.line(line);
      if (frame) frames.push(frame);
    }
    this.buffer = start === 0 ? this.buffer : this.buffer.subarray(start);
    if (this.messageBytes + this.buffer.length > this.maxMessageBytes) {
      throw new AmiError('E_AMI_PROTOCOL', `AMI message larger than ${this.maxMessageBytes} bytes`);
    }
    return frames;
  }

  /** Bytes received that do not yet make a complete frame (for diagnostics). */
  get pendingBytes(): number {
    return this.buffer.length + this.messageBytes;
  }

  private line(line: string): AmiFrame | undefined {
    if (this.state === 'banner') {
      const match = BANNER.exec(line);
      if (!match) throw new AmiError('E_AMI_PROTOCOL', 'peer did not send an AMI banner');
      this.state = 'fields';
      this.messageBytes = 0;
      return { kind: 'banner', line, version: match[1] ?? '' };
    }
    if (this.state === 'follows') {
      const header = this.followsOutput ? undefined : FOLLOWS_HEADER.exec(line);
      if (header) {
        this.fields.push([header[1] ?? '', header[2] ?? '']);
        return undefined;
      }
      this.followsOutput = true;
      const at = line.indexOf(END_COMMAND);
      if (at < 0) {
        this.fields.push(['Output', line]);
        return undefined;
      }
      const rest = line.slice(0, at);
      if (rest.length > 0) this.fields.push(['Output', rest.replace(/\n$/, '')]);
      this.state = 'fields';
      return undefined;
    }
    if (line.length === 0) {
      if (this.fields.length === 0) {
        this.messageBytes = 0;
        return undefined; // stray blank line between messages
      }
      const message = new AmiMessage(this.fields);
      this.fields = [];
      this.messageBytes = 0;
      return { kind: 'message', message };
    }
    const colon = line.indexOf(':');
    if (colon < 0) {
      // Not a field; keep it rather than lose it (some modules print bare lines).
      this.fields.push(['Output', line]);
      return undefined;
    }
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).replace(/^ /, '');
    this.fields.push([key, value]);
    if (key.toLowerCase() === 'response' && value.trim().toLowerCase() === 'follows') {
      this.state = 'follows';
      this.followsOutput = false;
    }
    return undefined;
  }
}
