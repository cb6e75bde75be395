import { isAgiError, isHangupError } from '@callgate/agi';
import type { CallerProfile } from '../../domain/directory-caller.ts';
import type { CallerLookupService } from '../../domain/directory-caller-lookup.ts';
import type { LookupChannel } from './lookup-channel.ts';
import { LOOKUP_VARIABLES, type LookupOutcome, type LookupStatus } from './lookup-outcome.ts';
import type { LookupSettings } from './lookup-settings.ts';

/** The subset of a pino-style logger the flow writes to. */
export interface LookupLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** The per-call facts the flow reads (from the FastAGI environment). */
export interface LookupCallInfo {
  readonly callerId: string;
  /** The dialled extension, where a VIP continues unless `vipExtension` is set. */
  readonly extension: string;
}

/**
 * One caller-lookup call: normalise the caller ID, look it up in the contacts, tell the dialplan
 * what was found through channel variables, greet a known caller if asked to, and send VIPs to the
 * priority context. Unknown callers pass through unchanged; so does every caller when the lookup
 * itself fails (a database outage must not stop calls), which is logged.
 */
export class LookupFlow {
  #outcome: { -readonly [K in keyof LookupOutcome]: LookupOutcome[K] } = {
    status: 'NOTFOUND',
    greeted: false,
  };

  constructor(
    private readonly channel: LookupChannel,
    private readonly call: LookupCallInfo,
    private readonly settings: LookupSettings,
    private readonly callers: CallerLookupService,
    private readonly log: LookupLogger,
  ) {}

  async run(): Promise<LookupOutcome> {
    try {
      await this.#steps();
    } catch (err) {
      if (!isHangupError(err) && !this.channel.hungUp) {
        this.#outcome.error = describeError(err);
        this.log.error({ err: this.#outcome.error }, 'caller-lookup failed; the call passes through');
        await this.#setStatus('NOTFOUND').catch(() => {});
      }
    }
    const outcome: LookupOutcome = { ...this.#outcome };
    this.log.info({ ...outcome }, 'caller-lookup finished');
    return outcome;
  }

  async #steps(): Promise<void> {
    const found = await this.callers.lookup(this.call.callerId, this.settings.numberRules);
    if (found.status === 'invalid') {
      await this.#setStatus('INVALID');
      return;
    }
    this.#outcome.number = found.number;
    await this.channel.setVariable(LOOKUP_VARIABLES.number, found.number);
    if (found.status === 'not_found') {
      await this.#setStatus('NOTFOUND');
      return;
    }
    const { caller } = found;
    this.#outcome.contactId = caller.contactId;
    this.#outcome.vip = caller.vip;
    await this.channel.setVariable(LOOKUP_VARIABLES.name, oneLine(caller.name));
    await this.channel.setVariable(LOOKUP_VARIABLES.vip, caller.vip ? '1' : '0');
    await this.channel.setVariable(LOOKUP_VARIABLES.account, oneLine(caller.account ?? ''));
    await this.#setStatus('FOUND');
    if (this.settings.setCallerIdName) await this.channel.setVariable('CALLERID(name)', oneLine(caller.name));
    await this.#greet(caller, found.number);
    if (caller.vip && this.settings.vipContext !== null) await this.#sendToPriority(this.settings.vipContext);
  }

  async #setStatus(status: LookupStatus): Promise<void> {
    this.#outcome.status = status;
    await this.channel.setVariable(LOOKUP_VARIABLES.status, status);
  }

  async #greet(caller: CallerProfile, number: string): Promise<void> {
    const { settings, channel } = this;
    if (settings.greeting === 'none') return;
    if ((await channel.channelStatus())?.state !== 'up') await channel.answer();
    await channel.streamFile(settings.greetingPrompt);
    this.#outcome.greeted = true;
    if (settings.greeting === 'digits') await channel.sayDigits(number);
    if (settings.greeting === 'name') {
      try {
        await channel.streamFile(`${settings.namePromptPrefix}${caller.officeNum}`);
      } catch (err) {
        // No recorded name for this contact: the number instead, still without text-to-speech.
        if (!isAgiError(err) || err.code !== 'AGI_ERR_COMMAND_FAILED') throw err;
        await channel.sayDigits(number);
      }
    }
  }

  async #sendToPriority(context: string): Promise<void> {
    const { settings, channel } = this;
    await channel.setContext(context);
    await channel.setExtension(settings.vipExtension ?? this.call.extension);
    await channel.setPriority(settings.vipPriority);
    this.#outcome.vipContext = context;
  }
}

/** A channel variable holds one line: control characters become spaces. */
function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
