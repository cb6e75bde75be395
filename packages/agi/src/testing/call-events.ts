/** What a live call reports, in order, to `call.on(...)` / `call.waitFor(...)` listeners. */
export type CallEvent =
  | { type: 'command'; at: number; line: string; argv: string[] }
  | { type: 'reply'; at: number; lines: string[] }
  | { type: 'prompt'; at: number; file: string; by: string }
  | { type: 'app'; at: number; name: string; args: string }
  | { type: 'hangup'; at: number; by: 'caller' | 'application' }
  | { type: 'end'; at: number };
