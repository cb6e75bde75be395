import type { Readable } from 'node:stream';
import { AgiChannel } from '../channel/agi-channel.ts';
import { type AgiDeadlines, CommandDeadlines } from '../channel/command-deadlines.ts';
import { AgiError, isAgiError } from '../errors.ts';
import type { AgiEnvironment } from '../protocol/environment.ts';
import { type AgiLogger, silentLogger } from '../server/agi-logger.ts';
import { AgiSession, type AgiSessionOptions } from '../session/agi-session.ts';
import { openEagiAudio } from './eagi-audio.ts';
import { guardStdout } from './stdout-hygiene.ts';

/** What a standard-AGI handler knows about its call besides the channel. */
export interface AgiStdioCall {
  /** agi_request: the script path Asterisk ran. */
  readonly script: string;
  readonly query: Readonly<Record<string, string>>;
  /** The dialplan arguments (also in process.argv). */
  readonly args: readonly string[];
  readonly env: AgiEnvironment;
  /** Aborts when stdin closes (Asterisk is gone) or the session deadline passes. */
  readonly signal: AbortSignal;
  readonly log: AgiLogger;
  /** EAGI only: the caller's audio from fd 3 (signed 16-bit linear, 8 kHz); undefined otherwise. */
  readonly audio: Readable | undefined;
}

export type AgiStdioHandler = (channel: AgiChannel, call: AgiStdioCall) => Promise<void> | void;

export interface StdioAgiOptions
  extends Pick<
    AgiSessionOptions,
    'maxLineBytes' | 'maxEnvironmentBytes' | 'environmentTimeoutMs' | 'commandTimeoutMs' | 'maxCommandBytes'
  > {
  /** Longest the whole AGI may run. Default 0 (none). */
  sessionTimeoutMs?: number;
  /** The default deadline of each command (see CommandDeadlines); per call, `timeoutMs` wins. */
  deadlines?: AgiDeadlines;
  /** pino-compatible logger; silent by default. Point it at stderr (fd 2), never at stdout. */
  logger?: AgiLogger;
  /**
   * EAGI audio on fd 3: `undefined` (default) opens it when Asterisk says the call is enhanced
   * (`agi_enhanced: 1.0`) and fd 3 is a pipe, socket or file; `true` opens it whenever fd 3 is one;
   * `false` never.
   */
  eagi?: boolean;
  /** Set process.exitCode from the outcome (0, or 1 when the handler failed). Default true. */
  setExitCode?: boolean;
}

/** Keeps SIGHUP from killing the process once a runner has finished (it is never re-armed). */
let sighupNeutralised = false;

/**
 * Runs one standard AGI (or EAGI) conversation over stdin/stdout. Takes stdout for AGI alone
 * (console output goes to stderr), turns SIGHUP into a hangup instead of death, closes the session
 * when the handler returns or throws, and resolves with the exit code: 0, or 1 when the
 * environment was bad or the handler failed (other than by the caller hanging up). Asterisk reports
 * a non-zero exit as AGISTATUS=FAILURE.
 */
export async function runStdioAgi(handler: AgiStdioHandler, options: StdioAgiOptions = {}): Promise<number> {
  const log = options.logger ?? silentLogger;
  const guard = guardStdout();
  const controller = new AbortController();
  const {
    logger: _l,
    eagi,
    setExitCode = true,
    sessionTimeoutMs = 0,
    deadlines,
    ...sessionOptions
  } = options;
  const commandDeadlines = CommandDeadlines.of(deadlines);
  const session = new AgiSession(
    {
      readable: process.stdin,
      writable: guard.agiOutput,
      // stdout stays open (guarded) so nothing else can ever write AGI commands on it.
      destroy: () => process.stdin.destroy(),
    },
    { resyncTimeoutMs: commandDeadlines.quickMs, ...sessionOptions, signal: controller.signal },
  );
  const onSighup = (): void => {
    log.debug({}, 'AGI received SIGHUP: the caller hung up');
    session.markHungUp();
  };
  process.on('SIGHUP', onSighup);
  session.once('close', () => {
    if (!controller.signal.aborted) controller.abort(new AgiError('AGI_ERR_CLOSED', 'Asterisk closed stdin'));
  });
  const timer =
    sessionTimeoutMs > 0
      ? setTimeout(
          () => controller.abort(new AgiError('AGI_ERR_TIMEOUT', `AGI longer than ${sessionTimeoutMs} ms`)),
          sessionTimeoutMs,
        )
      : undefined;

  let code = 0;
  let audio: Readable | undefined;
  try {
    const env = await session.ready();
    const callLog = log.child({ uniqueid: env.uniqueid, channel: env.channel, script: env.script });
    const wantsAudio = eagi ?? env.enhanced.startsWith('1');
    audio = wantsAudio ? openEagiAudio() : undefined;
    const call: AgiStdioCall = {
      script: env.script,
      query: env.query,
      args: env.args,
      env,
      signal: controller.signal,
      log: callLog,
      audio,
    };
    try {
      await handler(new AgiChannel(session, { deadlines: commandDeadlines }), call);
    } catch (err) {
      if (!endedByCaller(err, session)) {
        code = 1;
        callLog.error({ err }, 'AGI handler failed');
      }
    }
  } catch (err) {
    code = 1;
    log.error({ code: isAgiError(err) ? err.code : undefined, err }, 'AGI environment not received');
  } finally {
    if (timer) clearTimeout(timer);
    session.close();
    audio?.destroy();
    process.off('SIGHUP', onSighup);
    if (!sighupNeutralised) {
      sighupNeutralised = true;
      process.on('SIGHUP', () => {});
    }
  }
  if (setExitCode) process.exitCode = code;
  return code;
}

function endedByCaller(err: unknown, session: AgiSession): boolean {
  if (isAgiError(err, 'AGI_ERR_HANGUP') || isAgiError(err, 'AGI_ERR_CLOSED')) return true;
  return session.hungUp && isAgiError(err, 'AGI_ERR_DEAD_CHANNEL');
}
