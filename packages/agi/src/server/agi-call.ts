import type { AgiChannel } from '../channel/agi-channel.ts';
import type { AgiEnvironment } from '../protocol/environment.ts';
import type { AgiLogger } from './agi-logger.ts';

/** What a FastAGI handler knows about its call besides the channel. */
export interface AgiCall {
  /** The route pattern that matched (`users/:id`), or `*` for the fallback. */
  readonly route: string;
  /** The script path Asterisk asked for, without leading `/` or query (`users/42`). */
  readonly path: string;
  /** `:name` segments of the route. */
  readonly params: Readonly<Record<string, string>>;
  /** The script's query parameters, decoded, without the shared secret. */
  readonly query: Readonly<Record<string, string>>;
  /** The dialplan arguments (`agi_arg_1..N`). */
  readonly args: readonly string[];
  /** The environment Asterisk sent, with the shared secret removed. */
  readonly env: AgiEnvironment;
  /** The Asterisk peer's address, as the socket reports it. */
  readonly remoteAddress: string;
  /**
   * Aborts when the session must end: idle or session deadline (reason AGI_ERR_TIMEOUT), server
   * drain deadline (AGI_ERR_ABORTED), or the connection closing (AGI_ERR_CLOSED). Pass it to your
   * own I/O (database, HTTP) so nothing outlives the call.
   */
  readonly signal: AbortSignal;
  /** A child of the server's logger carrying uniqueid, channel and route. */
  readonly log: AgiLogger;
}

/** A FastAGI application. When it returns or throws, the server closes the socket. */
export type AgiHandler = (channel: AgiChannel, call: AgiCall) => Promise<void> | void;
