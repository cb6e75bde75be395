/**
 * Reads a Server-Sent Events stream over a real socket, as EventSource would, and lets a test
 * wait for the next event that matches.
 */
import type { JsonBody } from './api-harness.ts';

export interface SseEvent {
  event: string;
  data: JsonBody;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  headers: Headers | undefined;
  ended = false;
  #buffer = '';
  #waiters: Array<() => void> = [];
  readonly #abort = new AbortController();

  static async open(baseUrl: string, cookie: string | undefined): Promise<SseClient> {
    const client = new SseClient();
    const response = await fetch(`${baseUrl}/api/events`, {
      headers: { accept: 'text/event-stream', ...(cookie ? { cookie } : {}) },
      signal: client.#abort.signal,
    });
    client.status = response.status;
    client.headers = response.headers;
    if (response.ok && response.body) void client.#pump(response.body);
    else {
      await response.text();
      client.ended = true;
    }
    return client;
  }

  async #pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.#buffer += decoder.decode(value, { stream: true });
        let end = this.#buffer.indexOf('\n\n');
        while (end >= 0) {
          this.#parse(this.#buffer.slice(0, end));
          this.#buffer = this.#buffer.slice(end + 2);
          end = this.#buffer.indexOf('\n\n');
        }
        this.#wake();
      }
    } catch {
      // aborted by close()
    }
    this.ended = true;
    this.#wake();
  }

  #parse(block: string): void {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length > 0) this.events.push({ event, data: JSON.parse(data.join('\n')) });
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** The first event (from the start of the stream) named `event` that `match` accepts. */
  async waitFor(
    event: string,
    match: (data: JsonBody) => boolean = () => true,
    timeoutMs = 3000,
  ): Promise<JsonBody> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.event === event && match(e.data));
      if (found) return found.data;
      if (this.ended) throw new Error(`stream ended before a matching "${event}" event`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching "${event}" event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves once a comment line (`: text`) has arrived. */
  async waitForComment(text: string, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.comments.includes(text)) {
      const left = deadline - Date.now();
      if (this.ended || left <= 0) throw new Error(`no ": ${text}" comment`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves once the server has ended the stream. */
  async waitForEnd(timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('stream still open');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.#abort.abort();
  }
}
