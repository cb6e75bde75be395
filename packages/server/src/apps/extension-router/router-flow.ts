import { isHangupError } from '@callgate/agi';
import type { DirectoryEntry } from '../../domain/directory-entry.ts';
import type { DirectoryService } from '../../domain/directory-service.ts';
import type { RouterChannel } from './router-channel.ts';
import {
  ROUTER_VARIABLES,
  type RouteOutcome,
  type RouteResult,
  type VoicemailGreeting,
} from './router-outcome.ts';
import type { RouterSettings } from './router-settings.ts';

/** The subset of a pino-style logger the flow writes to. */
export interface RouterLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** DIALSTATUS values after which the caller is offered the busy greeting; all others get `u`. */
const BUSY_STATUSES = new Set(['BUSY']);

/**
 * One extension-router call: look the dialled extension up, Dial() it for the entry's ring time,
 * and on no answer, busy or unavailable leave the caller in the entry's voicemail box with the
 * matching greeting. `*<extension>` opens that box's VoiceMailMain instead.
 *
 * A hangup anywhere (mid-dial included) ends the flow at once; any other error (a database outage)
 * plays the apology and ends cleanly.
 */
export class RouterFlow {
  #outcome: { -readonly [K in keyof RouteOutcome]: RouteOutcome[K] } = { result: 'error' };

  constructor(
    private readonly channel: RouterChannel,
    private readonly dialled: string,
    private readonly settings: RouterSettings,
    private readonly directory: DirectoryService,
    private readonly log: RouterLogger,
  ) {}

  async run(): Promise<RouteOutcome> {
    let result: RouteResult;
    try {
      result = await this.#steps();
    } catch (err) {
      if (isHangupError(err) || this.channel.hungUp) {
        result = 'hangup';
      } else {
        this.log.error(
          { err: describeError(err), extension: this.#outcome.extension },
          'extension-router failed; apologising',
        );
        result = await this.#apologise();
      }
    }
    await this.#setResult(result);
    this.#outcome.result = result;
    const outcome: RouteOutcome = { ...this.#outcome };
    this.log.info({ ...outcome }, 'extension-router finished');
    return outcome;
  }

  async #steps(): Promise<RouteResult> {
    const dialled = this.dialled.trim();
    if (dialled.startsWith('*')) return this.#voicemailMain(dialled.slice(1));
    if (dialled !== '') this.#outcome.extension = dialled;
    const route = await this.directory.resolveRoute(dialled, {
      mobileTrunkContext: this.settings.mobileTrunkContext,
    });
    if (route.kind !== 'unknown')
      await this.channel.setVariable(ROUTER_VARIABLES.extension, route.entry.extension);
    switch (route.kind) {
      case 'unknown':
        return this.#notInService('unknown');
      case 'disabled':
        return this.#notInService('disabled');
      case 'busy':
        return this.#voicemail(route.entry, 'b');
      case 'unavailable':
        this.log.info(
          { extension: dialled, reason: route.reason },
          'extension-router: nothing to ring (agent or device unreachable)',
        );
        return this.#voicemail(route.entry, 'u');
      case 'dial':
        return this.#dial(route.entry, route.dialString);
    }
  }

  async #dial(entry: DirectoryEntry, dialString: string): Promise<RouteResult> {
    const { channel, settings } = this;
    this.#outcome.dialString = dialString;
    const args = [
      dialString,
      String(entry.ringSeconds),
      ...(settings.dialOptions ? [settings.dialOptions] : []),
    ];
    const returned = await channel.exec('Dial', ...args);
    // DIALSTATUS can be read on a dead channel too: it tells a caller's hangup from the rest.
    const status = (await channel.getVariable('DIALSTATUS')) ?? '';
    this.#outcome.dialStatus = status;
    await channel.setVariable(ROUTER_VARIABLES.dialStatus, status);
    if (status === 'ANSWER') return 'answered';
    if (status === 'CANCEL' || channel.hungUp || returned < 0) return 'hangup';
    return this.#voicemail(entry, BUSY_STATUSES.has(status) ? 'b' : 'u');
  }

  async #voicemail(entry: DirectoryEntry, greeting: VoicemailGreeting): Promise<RouteResult> {
    const { channel, settings } = this;
    if (entry.voicemailBox === null) {
      await this.#answerIfNeeded();
      await channel.streamFile(settings.prompts.noVoicemail);
      await channel.streamFile(settings.prompts.goodbye);
      await channel.hangup();
      return 'no_voicemail';
    }
    this.#outcome.greeting = greeting;
    // VoiceMail answers the channel itself.
    await channel.exec('VoiceMail', `${entry.voicemailBox}@${entry.voicemailContext}`, greeting);
    return 'voicemail';
  }

  async #voicemailMain(extension: string): Promise<RouteResult> {
    this.#outcome.extension = extension;
    const entry = /^[0-9]{1,20}$/.test(extension)
      ? await this.directory.findByExtension(extension)
      : undefined;
    if (!entry?.enabled || entry.voicemailBox === null) {
      return this.#notInService(entry && !entry.enabled ? 'disabled' : 'unknown');
    }
    await this.channel.setVariable(ROUTER_VARIABLES.extension, entry.extension);
    const mailbox = `${entry.voicemailBox}@${entry.voicemailContext}`;
    const options = this.settings.voicemailMainOptions;
    await this.channel.exec('VoiceMailMain', ...(options ? [mailbox, options] : [mailbox]));
    return 'voicemail_main';
  }

  async #notInService(result: 'unknown' | 'disabled'): Promise<RouteResult> {
    await this.#answerIfNeeded();
    await this.channel.streamFile(this.settings.prompts.unknown);
    await this.channel.hangup();
    return result;
  }

  async #answerIfNeeded(): Promise<void> {
    if ((await this.channel.channelStatus())?.state !== 'up') await this.channel.answer();
  }

  /** Best effort: the apology, goodbye, hangup. */
  async #apologise(): Promise<RouteResult> {
    try {
      await this.#answerIfNeeded();
      await this.channel.streamFile(this.settings.prompts.apology);
      await this.channel.hangup();
    } catch (err) {
      if (!isHangupError(err)) this.log.error({ err: describeError(err) }, 'extension-router apology failed');
    }
    return 'error';
  }

  /** SET VARIABLE works on a dead channel too, so the `h` extension can read the result. */
  async #setResult(result: RouteResult): Promise<void> {
    try {
      await this.channel.setVariable(ROUTER_VARIABLES.result, result);
    } catch (err) {
      if (!isHangupError(err))
        this.log.error({ err: describeError(err) }, 'extension-router could not set its result');
    }
  }
}

/** Code and message only: never the whole error object (no stack in call logs, no bound values). */
function describeError(err: unknown): { code?: string; message: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? { code, message: err.message } : { message: err.message };
  }
  return { message: String(err) };
}
