import { AgiError, collectDigits, digitsOnly, isHangupError } from '@callgate/agi';
import type { Agent, AgentSession, Contact, DialInMode } from '../../domain/index.ts';
import type { DialInChannel } from './dial-in-channel.ts';
import type { DialInOptions } from './dial-in-options.ts';
import {
  DIAL_IN_VARIABLES,
  type DialInOutcome,
  type DialInResult,
  type DialInStage,
} from './dial-in-outcome.ts';
import type { DialInServices } from './dial-in-services.ts';
import type { DialInSettings } from './dial-in-settings.ts';

/** The per-call facts the flow reads (from the FastAGI environment). */
export interface DialInCallInfo {
  readonly channel: string;
  readonly uniqueid: string;
  readonly callerId: string;
}

/** The subset of a pino-style logger the flow writes to. */
export interface DialInLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

type Failure = 'bad_credentials' | 'disabled' | 'locked';

/** The call whose leg a `replace` claim took over. */
type ReplacedLeg = { readonly channel: string | null; readonly uniqueid: string | null };

type Login =
  /**
   * Valid agent; `claimed` is set (with the leg claimed) when the guard found and claimed one,
   * `replaced` when that claim took the leg over from another call (secondLeg: replace).
   */
  | {
      readonly ok: true;
      readonly agent: Agent;
      readonly claimed: AgentSession | null;
      readonly replaced?: ReplacedLeg | null;
    }
  | { readonly ok: true; readonly contact: Contact }
  | {
      readonly ok: false;
      readonly result: Failure | 'no_session' | 'leg_exists' | 'hangup';
      readonly agent?: Agent;
      /** For leg_exists: the session and the leg it has. */
      readonly session?: AgentSession | null;
    };

const GUARD_MODES: Readonly<Record<DialInOptions['loginMode'], DialInMode>> = {
  pin: 'pin',
  'id-only': 'user_only',
  contacts: 'contacts',
};

/**
 * One dial-in call, start to end: answer, up to `attempts` logins (ID, PIN, the guard's verdict,
 * its growing delay), then the call-menu jump, or the session (with the optional hold) and the
 * bridge into its conference.
 *
 * A hangup anywhere ends the flow at once (`hangup`); any other error (a database outage) plays the
 * apology and ends cleanly (`error`). The digits keyed are never logged.
 */
export class DialInFlow {
  #stage: DialInStage = 'answer';
  #attempts = 0;
  #agentId: number | undefined;
  #sessionId: number | undefined;

  constructor(
    private readonly channel: DialInChannel,
    private readonly call: DialInCallInfo,
    private readonly options: DialInOptions,
    private readonly settings: DialInSettings,
    private readonly services: DialInServices,
    private readonly log: DialInLogger,
  ) {}

  async run(): Promise<DialInOutcome> {
    try {
      return this.#outcome(await this.#steps());
    } catch (err) {
      if (isHangupError(err)) return this.#outcome('hangup');
      this.log.error({ err: describeError(err), stage: this.#stage }, 'agent-dial-in failed; apologising');
      return this.#outcome(await this.#apologise());
    }
  }

  async #steps(): Promise<DialInResult> {
    await this.#answerIfNeeded();
    const login = await this.#login();
    if (!login.ok && login.result === 'hangup') return 'hangup';
    if (this.options.callMenu) return this.#jumpCallMenu(login);
    if ('contact' in login) return this.#acceptContact(login.contact);
    if (login.ok) {
      const session = login.claimed;
      if (session !== null && this.#isFresh(session)) {
        await this.#hangUpReplaced(login.replaced);
        return this.#bridge(login.agent, session);
      }
      // Open but its console went quiet: give the leg back and treat it as no session.
      if (session !== null) {
        await this.services.sessions.releasePhoneLeg(session.id, this.call.uniqueid);
        await this.#audit(login.agent, 'no_session');
      }
      return this.#holdOrRefuse(login.agent);
    }
    if (login.result === 'no_session' && login.agent !== undefined) return this.#holdOrRefuse(login.agent);
    if (login.result === 'leg_exists' && login.agent !== undefined) {
      return this.#takeOverStaleLegOrRefuse(login.agent, login.session ?? null);
    }
    return this.#refuse(login.result, this.settings.prompts.failure);
  }

  async #answerIfNeeded(): Promise<void> {
    if ((await this.channel.channelStatus())?.state !== 'up') await this.channel.answer();
  }

  async #login(): Promise<Login> {
    const { settings, options } = this;
    let delayMs = 0;
    let failure: Failure = 'bad_credentials';
    for (let attempt = 1; attempt <= settings.attempts; attempt++) {
      this.#attempts = attempt;
      if (delayMs > 0) await this.#wait(delayMs);
      delayMs = 0;

      this.#stage = 'user-id';
      const id = await this.#collect(
        attempt === 1 ? settings.prompts.userId : settings.prompts.retryUserId,
        settings.userIdMaxDigits,
      );
      if (id === undefined) return { ok: false, result: 'hangup' };
      if (id === '') {
        // Nothing keyed is not a guess: audited, but counted against no one.
        this.#stage = 'verify';
        await this.services.audit.record({
          source: 'dialin',
          result: 'bad_credentials',
          ...this.#caller(),
          attempt,
        });
        continue;
      }

      let pin: string | undefined;
      if (options.loginMode === 'pin') {
        this.#stage = 'pin';
        pin = await this.#collect(settings.prompts.pin, settings.pinMaxDigits);
        if (pin === undefined) return { ok: false, result: 'hangup' };
      }

      this.#stage = 'verify';
      const verdict = await this.services.dialIn.verifyDialIn({
        userId: id,
        ...(pin === undefined ? {} : { pin }),
        ...this.#caller(),
        attempt,
        mode: GUARD_MODES[options.loginMode],
        // The call menu only asks "are these credentials good?": no session, no leg.
        claimLeg: !options.callMenu,
        legPolicy: settings.secondLeg,
        legHolder: this.#legHolder(),
      });
      pin = undefined;
      if (verdict.agent !== null) this.#agentId = verdict.agent.id;
      switch (verdict.result) {
        case 'ok':
          if (verdict.contact !== null) return { ok: true, contact: verdict.contact };
          if (verdict.agent === null) break;
          if (options.callMenu) return { ok: true, agent: verdict.agent, claimed: null };
          return { ok: true, agent: verdict.agent, claimed: verdict.session, replaced: verdict.replacedLeg };
        case 'no_session':
          // Valid credentials: enough for the call menu; the app decides about holding.
          if (options.callMenu && verdict.agent !== null)
            return { ok: true, agent: verdict.agent, claimed: null };
          return {
            ok: false,
            result: 'no_session',
            ...(verdict.agent === null ? {} : { agent: verdict.agent }),
          };
        case 'leg_exists':
          return {
            ok: false,
            result: 'leg_exists',
            ...(verdict.agent === null ? {} : { agent: verdict.agent }),
            session: verdict.session,
          };
        case 'locked':
          return { ok: false, result: 'locked' };
        case 'bad_credentials':
        case 'disabled':
          failure = verdict.result;
          // This failure reached the threshold: nothing more will be heard from this caller.
          if (verdict.lockedUntil !== null) return { ok: false, result: failure };
          delayMs = verdict.delayMs;
          break;
      }
    }
    return { ok: false, result: failure };
  }

  /** One GET DATA: the digits ('' for nothing or a refused entry), undefined when the caller hung up. */
  async #collect(prompt: string, maxDigits: number): Promise<string | undefined> {
    const entry = await collectDigits(this.channel, {
      prompt,
      maxDigits,
      timeoutMs: this.settings.digitTimeoutMs,
      attempts: 1,
      validate: digitsOnly,
    });
    if (entry.ok) return entry.digits;
    return entry.reason === 'hangup' ? undefined : '';
  }

  /** The growing delay between attempts, waited on the channel so the caller hears silence. */
  async #wait(ms: number): Promise<void> {
    await this.#execUntilHangup('Wait', String(Math.round(ms / 100) / 10));
  }

  /**
   * Joined inside the AGI, the leg lives as long as this call: this node holds it. Handed to the
   * dialplan, Asterisk holds it and the leg-ended route gives it back.
   */
  #legHolder(): string | null {
    return this.settings.bridge === 'confbridge' ? this.services.legHolders.nodeId : null;
  }

  #isFresh(session: AgentSession): boolean {
    const quietMs = this.services.clock.now().getTime() - session.lastSeenAt.getTime();
    return session.endedAt === null && quietMs <= this.settings.sessionFreshSeconds * 1000;
  }

  /**
   * EXEC of an app that only ends early when the caller hangs up (Wait, MusicOnHold): -1 means the
   * caller is gone. EXEC still runs on a dead channel, so without this check the app would go on
   * waiting and polling for a caller who left.
   */
  async #execUntilHangup(app: string, ...args: string[]): Promise<void> {
    const result = await this.channel.exec(app, ...args);
    if (result === -1 || this.channel.hungUp)
      throw new AgiError('AGI_ERR_HANGUP', `the caller hung up during ${app}`);
  }

  /** Valid login, no usable session: say so and hang up, or hold with music while polling. */
  async #holdOrRefuse(agent: Agent): Promise<DialInResult> {
    const { settings, services } = this;
    this.#stage = 'hold';
    if (settings.noSession === 'hold') {
      for (let held = 0; held < settings.holdSeconds; ) {
        const stretch = Math.min(settings.holdPollSeconds, settings.holdSeconds - held);
        await this.#execUntilHangup('MusicOnHold', settings.musicClass, String(stretch));
        held += stretch;
        const session = await services.sessions.findOpenSessionForAgent(agent.id);
        if (session === undefined || !this.#isFresh(session)) continue;
        const claim = await services.sessions.claimPhoneLeg(
          session.id,
          {
            channel: this.call.channel,
            uniqueid: this.call.uniqueid,
            state: 'connected',
            holder: this.#legHolder(),
          },
          { replace: settings.secondLeg === 'replace' },
        );
        // The guard audited this attempt as no_session; this is how the wait ended.
        await this.#audit(agent, claim.ok ? 'ok' : claim.reason);
        if (claim.ok) {
          await this.#hangUpReplaced(claim.replaced);
          return this.#bridge(agent, claim.session);
        }
        if (claim.reason === 'leg_exists') return this.#takeOverStaleLegOrRefuse(agent, claim.session);
      }
    }
    return this.#refuse('no_session', settings.prompts.noSession);
  }

  /**
   * The session already has a phone leg. If Asterisk no longer knows that leg's channel (its call
   * ended while its app could not record it: a database outage, a crashed node), the leg is stale:
   * take it over. Otherwise refuse the second caller.
   */
  async #takeOverStaleLegOrRefuse(agent: Agent, session: AgentSession | null): Promise<DialInResult> {
    const { settings, services } = this;
    const old = session?.phoneChannel;
    if (settings.reclaimStaleLegs && session && old && old !== this.call.channel) {
      const alive = (await this.channel.channelStatus(old)) !== undefined;
      if (!alive) {
        const claim = await services.sessions.claimPhoneLeg(
          session.id,
          {
            channel: this.call.channel,
            uniqueid: this.call.uniqueid,
            state: 'connected',
            holder: this.#legHolder(),
          },
          { replace: true },
        );
        this.log.warn(
          { sessionId: session.id, staleChannel: old },
          'agent-dial-in took over a stale phone leg',
        );
        await this.#audit(agent, claim.ok ? 'ok' : claim.reason);
        if (claim.ok) return this.#bridge(agent, claim.session);
      }
    }
    return this.#refuse('leg_exists', settings.prompts.legExists);
  }

  /** The leg is claimed: join the conference inside the AGI, or hand the call to the dialplan. */
  async #bridge(agent: Agent, session: AgentSession): Promise<DialInResult> {
    const { settings, channel } = this;
    this.#stage = 'bridge';
    this.#sessionId = session.id;
    const room = String(session.conference);

    if (settings.bridge === 'dialplan') {
      // The AGI ends here and the dialplan joins the room; the leg is released by the
      // `agent-dial-in-leg-ended` route from the channel's hangup handler.
      await this.#setVariables(agent, session);
      // The same variables AsteriskControl sets for legs it sends into that context.
      await channel.setVariable(DIAL_IN_VARIABLES.bridgeProfile, settings.bridgeProfile);
      await channel.setVariable(DIAL_IN_VARIABLES.userProfile, settings.userProfile);
      await channel.streamFile(settings.prompts.loginOk);
      await channel.setContext(settings.dialplanContext);
      await channel.setExtension(room);
      await channel.setPriority(1);
      return 'ok';
    }

    try {
      await this.#setVariables(agent, session);
      await channel.streamFile(settings.prompts.loginOk);
      this.#stage = 'conference';
      await channel.exec('ConfBridge', room, settings.bridgeProfile, settings.userProfile);
    } finally {
      await this.#releaseLeg(session.id);
    }
    const left = await channel.getVariable('CONFBRIDGE_RESULT');
    this.log.info(
      { sessionId: session.id, confbridgeResult: left ?? null },
      'agent-dial-in left the conference',
    );
    // Kicked (the agent logged out, or the leg was replaced) rather than hung up: end the call ourselves.
    if (left !== 'HANGUP' && !channel.hungUp) {
      this.#stage = 'finish';
      try {
        await channel.streamFile(settings.prompts.goodbye);
        await channel.hangup();
      } catch (err) {
        if (!isHangupError(err)) throw err;
      }
    }
    return 'ok';
  }

  /**
   * secondLeg `replace`: the new caller took the leg over; end the old call (HANGUP <channel>) so
   * the agent's room does not keep two phones. Best effort: it may be gone already.
   */
  async #hangUpReplaced(replaced: ReplacedLeg | null | undefined): Promise<void> {
    const old = replaced?.channel;
    if (!old || old === this.call.channel) return;
    try {
      await this.channel.hangup(old);
      this.log.info({ replacedChannel: old }, 'agent-dial-in replaced the previous phone leg');
    } catch (err) {
      if (isHangupError(err)) throw err;
      this.log.warn(
        { replacedChannel: old, err: describeError(err) },
        'agent-dial-in could not hang up the replaced leg',
      );
    }
  }

  async #releaseLeg(sessionId: number): Promise<void> {
    try {
      await this.services.sessions.releasePhoneLeg(sessionId, this.call.uniqueid);
    } catch (err) {
      this.log.error({ err: describeError(err), sessionId }, 'agent-dial-in could not release the phone leg');
    }
  }

  async #setVariables(agent: Agent, session: AgentSession): Promise<void> {
    await this.channel.setVariable(DIAL_IN_VARIABLES.agent, agent.userId);
    await this.channel.setVariable(DIAL_IN_VARIABLES.session, String(session.id));
    await this.channel.setVariable(DIAL_IN_VARIABLES.conference, String(session.conference));
    await this.channel.setVariable(DIAL_IN_VARIABLES.result, 'ok');
  }

  /** CONTACTS mode without the call menu: tell the dialplan who called and let it route the call. */
  async #acceptContact(contact: Contact): Promise<DialInResult> {
    this.#stage = 'finish';
    await this.channel.setVariable(DIAL_IN_VARIABLES.contact, contact.officeNum);
    await this.channel.setVariable(DIAL_IN_VARIABLES.result, 'ok');
    return 'ok';
  }

  /** VICIdial's call-menu mode: extension A (valid) or B (invalid) of the current context, priority 1. */
  async #jumpCallMenu(login: Login): Promise<DialInResult> {
    this.#stage = 'finish';
    const result: DialInResult = login.ok ? 'ok' : login.result;
    if ('agent' in login && login.ok)
      await this.channel.setVariable(DIAL_IN_VARIABLES.agent, login.agent.userId);
    if ('contact' in login)
      await this.channel.setVariable(DIAL_IN_VARIABLES.contact, login.contact.officeNum);
    await this.channel.setVariable(DIAL_IN_VARIABLES.result, result);
    await this.channel.setExtension(login.ok ? 'A' : 'B');
    await this.channel.setPriority(1);
    return result;
  }

  /** Sets the result, plays the message and goodbye, hangs up. */
  async #refuse(result: DialInResult, prompt: string): Promise<DialInResult> {
    this.#stage = 'finish';
    await this.channel.setVariable(DIAL_IN_VARIABLES.result, result);
    await this.channel.streamFile(prompt);
    await this.channel.streamFile(this.settings.prompts.goodbye);
    await this.channel.hangup();
    return result;
  }

  /** Best effort: the apology, then the B jump (call menu) or goodbye and hangup. */
  async #apologise(): Promise<DialInResult> {
    try {
      await this.channel.setVariable(DIAL_IN_VARIABLES.result, 'error');
      await this.channel.streamFile(this.settings.prompts.apology);
      if (this.options.callMenu) {
        await this.channel.setExtension('B');
        await this.channel.setPriority(1);
      } else {
        await this.channel.streamFile(this.settings.prompts.goodbye);
        await this.channel.hangup();
      }
    } catch (err) {
      if (!isHangupError(err)) this.log.error({ err: describeError(err) }, 'agent-dial-in apology failed');
    }
    return 'error';
  }

  /** What happened after the guard's verdict, in the same audit log (never a PIN). */
  async #audit(agent: Agent, result: 'ok' | 'no_session' | 'leg_exists'): Promise<void> {
    await this.services.audit.record({
      source: 'dialin',
      agentId: agent.id,
      enteredId: agent.userId,
      result,
      attempt: this.#attempts,
      ...this.#caller(),
    });
  }

  #caller(): { callerId: string; channel: string; uniqueid: string } {
    return { callerId: this.call.callerId, channel: this.call.channel, uniqueid: this.call.uniqueid };
  }

  #outcome(result: DialInResult): DialInOutcome {
    const outcome: DialInOutcome = {
      result,
      stage: this.#stage,
      attempts: this.#attempts,
      ...(this.#agentId === undefined ? {} : { agentId: this.#agentId }),
      ...(this.#sessionId === undefined ? {} : { sessionId: this.#sessionId }),
    };
    this.log.info({ ...outcome }, 'agent-dial-in finished');
    return outcome;
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
