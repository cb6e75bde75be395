/**
 * Agent sessions: one open session per agent and per device, a conference room from the
 * configured range, state changes logged with their durations, the agent's phone leg, and the
 * sweep that pauses and then ends sessions whose console went quiet.
 *
 * States: `paused` (with a pause code, or none right after login), `ready`, `in_call` (a call is
 * being delivered to the agent or is live). Pause and ready are refused with E_STATE while
 * `in_call`: the call ends first (`endCall`), then the agent chooses.
 */

import type { SessionInterface } from './agent.ts';
import { SESSION_INTERFACES } from './agent.ts';
import type { AgentSession, AgentState, SessionEndReason, StateLogEntry } from './agent-session.ts';
import { checkOneOf } from './credential-rules.ts';
import { DomainError, isDomainError } from './domain-error.ts';
import { type PurgeReport, purgeExpiredRecords } from './expired-records.ts';
import { LAGGED_PAUSE_CODE } from './pause-code.ts';
import type { ServiceContext } from './service-context.ts';
import type { SessionActor, SessionEventKind } from './session-event.ts';
import type { SessionGuard, SessionPatch, StoreRepos } from './store-port.ts';

export interface StartSessionInput {
  interface: SessionInterface;
  /** Required for the `phone` interface (and so for hot-desk agents). */
  deviceId?: number | null;
}

export interface PhoneLeg {
  channel: string;
  uniqueid: string;
  /** `connected` when the caller is already on the line (dial-in), `calling` while we ring them. */
  state?: 'calling' | 'connected';
  /** The node whose live AGI call holds the leg (see leg-holders.ts); none when Asterisk holds it. */
  holder?: string | null;
}

export type ClaimPhoneLegResult =
  | { ok: true; session: AgentSession; replaced: { channel: string | null; uniqueid: string | null } | null }
  | { ok: false; reason: 'leg_exists' | 'no_session'; session: AgentSession | null };

export interface SweepReport {
  /** Sessions paused with LAGGED by this sweep. */
  paused: AgentSession[];
  /** Sessions ended with end_reason 'lagged' by this sweep. */
  ended: AgentSession[];
  /** Expired lockout counters and web logins deleted by this sweep. */
  purged: PurgeReport;
}

/**
 * Every change is also written to the session audit trail (`session_events`); the optional
 * `actor` says who asked (default `system`, or `dialin` for a dial-in session's phone leg).
 */
export interface SessionService {
  start(agentId: number, input: StartSessionInput, actor?: SessionActor): Promise<AgentSession>;
  get(id: number): Promise<AgentSession>;
  findOpenSessionForAgent(agentId: number): Promise<AgentSession | undefined>;
  listOpen(): Promise<AgentSession[]>;
  /** The console is alive: moves last_seen_at. Does not undo a LAGGED pause (the agent resumes). */
  touch(sessionId: number): Promise<AgentSession>;
  pause(sessionId: number, code: string, actor?: SessionActor): Promise<AgentSession>;
  ready(sessionId: number, actor?: SessionActor): Promise<AgentSession>;
  /** A call starts being delivered to a ready agent. */
  beginCall(sessionId: number, actor?: SessionActor): Promise<AgentSession>;
  /** The call is over; the agent goes back to ready, or to paused with `pauseCode`. */
  endCall(sessionId: number, pauseCode?: string, actor?: SessionActor): Promise<AgentSession>;
  end(sessionId: number, reason?: SessionEndReason, actor?: SessionActor): Promise<AgentSession>;
  /** Atomically sets the session's phone leg; refuses (leg_exists) when one is up, unless `replace`. */
  claimPhoneLeg(
    sessionId: number,
    leg: PhoneLeg,
    options?: { replace?: boolean } & SessionActor,
  ): Promise<ClaimPhoneLegResult>;
  /** Marks the leg connected when it was `calling` (an originated leg answered). */
  connectPhoneLeg(sessionId: number, uniqueid: string, actor?: SessionActor): Promise<boolean>;
  /** Clears the phone leg, only if `uniqueid` is still the current leg. */
  releasePhoneLeg(sessionId: number, uniqueid: string, actor?: SessionActor): Promise<boolean>;
  sweepStaleSessions(now?: Date): Promise<SweepReport>;
  stateLog(sessionId: number): Promise<StateLogEntry[]>;
  /** An agent's most recent state log entries across sessions, newest first. */
  agentStateLog(agentId: number, limit?: number): Promise<StateLogEntry[]>;
}

const MAX_RETRIES = 5;

export function createSessionService(ctx: ServiceContext): SessionService {
  const { store, clock, config, events } = ctx;

  async function loadOpen(repos: StoreRepos, sessionId: number): Promise<AgentSession> {
    const session = await repos.sessions.findById(sessionId);
    if (!session || session.endedAt !== null) {
      throw new DomainError('E_NO_SESSION', `No open session with id ${sessionId}`);
    }
    return session;
  }

  /** Writes one entry of the session audit trail (inside the change's transaction when there is one). */
  async function recordEvent(
    repos: Pick<StoreRepos, 'sessionEvents'>,
    session: AgentSession,
    event: SessionEventKind,
    actor: SessionActor | undefined,
    at: Date,
    leg?: { channel: string | null; uniqueid: string | null },
  ): Promise<void> {
    const isLeg = event.startsWith('leg_');
    await repos.sessionEvents.insert({
      at,
      sessionId: session.id,
      agentId: session.agentId,
      event,
      source: actor?.source ?? (isLeg && session.interface === 'dialin' ? 'dialin' : 'system'),
      actorAgentId: actor?.actorAgentId ?? null,
      interface: session.interface,
      deviceId: session.deviceId,
      pauseCode: event === 'paused' || event === 'ended' ? session.pauseCode : null,
      endReason: event === 'ended' ? session.endReason : null,
      channel: isLeg ? (leg?.channel ?? session.phoneChannel) : null,
      uniqueid: isLeg ? (leg?.uniqueid ?? session.phoneUniqueid) : null,
    });
  }

  /** Agents may choose active, non-system codes; LAGGED is only set by the sweep. */
  async function checkPauseCode(code: string): Promise<void> {
    const found = await store.pauseCodes.find(code);
    if (!found?.active || found.system) {
      throw new DomainError('E_VALIDATION', `Unknown or inactive pause code ${code}`);
    }
  }

  /**
   * Moves a session to a new state: the update only lands if nobody changed the state since we
   * read it (guard on state and state_changed_at), and the time spent in the old state is logged
   * in the same transaction.
   */
  async function transition(
    sessionId: number,
    decide: (s: AgentSession) => { state: AgentState; pauseCode: string | null } | 'unchanged',
    now = clock.now(),
    extraGuard: SessionGuard = {},
    actor?: SessionActor,
  ): Promise<AgentSession> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const result = await store.transaction(async (tx) => {
        const current = await loadOpen(tx, sessionId);
        const next = decide(current);
        if (next === 'unchanged') return { session: current, changed: false };
        const updated = await tx.sessions.update(
          sessionId,
          { state: next.state, pauseCode: next.pauseCode, stateChangedAt: now },
          { ...extraGuard, open: true, states: [current.state], stateChangedAt: current.stateChangedAt },
        );
        if (!updated) return undefined;
        await logTimeInState(tx, current, now);
        await recordEvent(tx, updated, updated.state, actor, now);
        return { session: updated, changed: true };
      });
      if (result) {
        if (result.changed) events.publish({ type: 'session.changed', session: result.session });
        return result.session;
      }
    }
    throw new DomainError('E_STATE', `Session ${sessionId} keeps changing; try again`);
  }

  async function logTimeInState(tx: StoreRepos, session: AgentSession, now: Date): Promise<void> {
    await tx.stateLog.insert({
      sessionId: session.id,
      agentId: session.agentId,
      state: session.state,
      pauseCode: session.pauseCode,
      startedAt: session.stateChangedAt,
      endedAt: now,
      durationMs: Math.max(0, now.getTime() - session.stateChangedAt.getTime()),
    });
  }

  function refuseInCall(s: AgentSession, action: string): void {
    if (s.state === 'in_call') {
      throw new DomainError('E_STATE', `Cannot ${action} while a call is being delivered or live`);
    }
  }

  async function pickRoom(): Promise<number> {
    const used = new Set((await store.sessions.listOpen()).map((s) => s.conference));
    const { first, last } = config.conferenceRange;
    for (let room = first; room <= last; room++) if (!used.has(room)) return room;
    throw new DomainError('E_NO_ROOM', 'No free conference room; widen the conference range');
  }

  /** Ends a session; with `staleBefore`, only if its console is still unseen since then. */
  async function end(
    sessionId: number,
    reason: SessionEndReason,
    now = clock.now(),
    staleBefore?: Date,
    actor?: SessionActor,
  ) {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const outcome = await store.transaction(async (tx) => {
        const current = await loadOpen(tx, sessionId);
        if (staleBefore && (current.lastSeenAt >= staleBefore || current.state === 'in_call'))
          return 'skipped';
        const guard: SessionGuard = {
          open: true,
          states: [current.state],
          stateChangedAt: current.stateChangedAt,
        };
        if (staleBefore) guard.lastSeenBefore = staleBefore;
        const updated = await tx.sessions.update(
          sessionId,
          { endedAt: now, endReason: reason, stateChangedAt: now },
          guard,
        );
        if (updated) {
          await logTimeInState(tx, current, now);
          await recordEvent(tx, updated, 'ended', actor, now);
        }
        return updated;
      });
      if (outcome === 'skipped') return undefined;
      if (outcome) {
        events.publish({ type: 'session.ended', session: outcome });
        return outcome;
      }
    }
    throw new DomainError('E_STATE', `Session ${sessionId} keeps changing; try again`);
  }

  const service: SessionService = {
    async start(agentId, input, actor) {
      const iface = checkOneOf(input.interface, SESSION_INTERFACES, 'Interface');
      const agent = await store.agents.findById(agentId);
      if (!agent) throw new DomainError('E_NOT_FOUND', `No agent with id ${agentId}`);
      if (!agent.enabled) throw new DomainError('E_DISABLED', `Agent ${agent.userId} is disabled`);
      if (agent.hotDesk && iface !== 'phone') {
        throw new DomainError('E_DEVICE_REQUIRED', 'Hot-desk agents must pick a phone');
      }
      let deviceId: number | null = null;
      if (iface === 'phone') {
        if (input.deviceId == null)
          throw new DomainError('E_DEVICE_REQUIRED', 'Pick a phone for this session');
        const device = await store.devices.findById(input.deviceId);
        if (!device) throw new DomainError('E_NOT_FOUND', `No device with id ${input.deviceId}`);
        if (!device.enabled) throw new DomainError('E_DISABLED', `Device ${device.name} is disabled`);
        deviceId = device.id;
      }
      if (iface === 'mobile' && !agent.mobileNumber) {
        throw new DomainError('E_VALIDATION', 'The agent has no mobile number');
      }
      if (await store.sessions.findOpenByAgent(agentId)) {
        throw new DomainError('E_SESSION_EXISTS', `Agent ${agent.userId} already has an open session`);
      }
      if (deviceId !== null && (await store.sessions.findOpenByDevice(deviceId))) {
        throw new DomainError('E_DEVICE_IN_USE', 'That phone is in use by another session');
      }
      // The unique indexes settle races the checks above cannot; a lost race for a room retries.
      for (let attempt = 0; ; attempt++) {
        const now = clock.now();
        try {
          // The session and its audit entry land together, or neither does.
          const conference = await pickRoom();
          const session = await store.transaction(async (tx) => {
            const inserted = await tx.sessions.insert({
              agentId,
              interface: iface,
              deviceId,
              conference,
              state: 'paused',
              pauseCode: null,
              stateChangedAt: now,
              phoneLeg: 'none',
              phoneChannel: null,
              phoneUniqueid: null,
              phoneConnectedAt: null,
              phoneLegHolder: null,
              lastSeenAt: now,
              startedAt: now,
              endedAt: null,
              endReason: null,
            });
            await recordEvent(tx, inserted, 'started', actor, now);
            return inserted;
          });
          events.publish({ type: 'session.started', session });
          return session;
        } catch (err) {
          if (!isDomainError(err, 'E_NO_ROOM') || attempt >= MAX_RETRIES) throw err;
        }
      }
    },

    async get(id) {
      const session = await store.sessions.findById(id);
      if (!session) throw new DomainError('E_NOT_FOUND', `No session with id ${id}`);
      return session;
    },

    findOpenSessionForAgent(agentId) {
      return store.sessions.findOpenByAgent(agentId);
    },

    listOpen() {
      return store.sessions.listOpen();
    },

    async touch(sessionId) {
      const updated = await store.sessions.update(sessionId, { lastSeenAt: clock.now() }, { open: true });
      if (!updated) throw new DomainError('E_NO_SESSION', `No open session with id ${sessionId}`);
      return updated;
    },

    async pause(sessionId, code, actor) {
      await checkPauseCode(code);
      return transition(
        sessionId,
        (s) => {
          refuseInCall(s, 'pause');
          if (s.state === 'paused' && s.pauseCode === code) return 'unchanged';
          return { state: 'paused', pauseCode: code };
        },
        undefined,
        undefined,
        actor,
      );
    },

    ready(sessionId, actor) {
      return transition(
        sessionId,
        (s) => {
          refuseInCall(s, 'go ready');
          if (s.state === 'ready') return 'unchanged';
          return { state: 'ready', pauseCode: null };
        },
        undefined,
        undefined,
        actor,
      );
    },

    beginCall(sessionId, actor) {
      return transition(
        sessionId,
        (s) => {
          if (s.state !== 'ready') throw new DomainError('E_STATE', 'Only a ready agent can take a call');
          return { state: 'in_call', pauseCode: null };
        },
        undefined,
        undefined,
        actor,
      );
    },

    async endCall(sessionId, pauseCode, actor) {
      if (pauseCode !== undefined) await checkPauseCode(pauseCode);
      return transition(
        sessionId,
        (s) => {
          if (s.state !== 'in_call') throw new DomainError('E_STATE', 'The agent is not in a call');
          return pauseCode === undefined
            ? { state: 'ready', pauseCode: null }
            : { state: 'paused', pauseCode };
        },
        undefined,
        undefined,
        actor,
      );
    },

    async end(sessionId, reason = 'logout', actor) {
      return (await end(sessionId, reason, undefined, undefined, actor))!;
    },

    async claimPhoneLeg(sessionId, leg, options = {}) {
      const now = clock.now();
      const legState = leg.state ?? 'connected';
      const patch: SessionPatch = {
        phoneLeg: legState,
        phoneChannel: leg.channel,
        phoneUniqueid: leg.uniqueid,
        phoneConnectedAt: legState === 'connected' ? now : null,
        phoneLegHolder: leg.holder ?? null,
      };
      for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
        const current = await store.sessions.findById(sessionId);
        if (!current || current.endedAt !== null) return { ok: false, reason: 'no_session', session: null };
        if (current.phoneLeg !== 'none' && current.phoneUniqueid === leg.uniqueid) {
          return { ok: true, session: current, replaced: null };
        }
        if (current.phoneLeg !== 'none' && !options.replace) {
          return { ok: false, reason: 'leg_exists', session: current };
        }
        // Only lands if the leg we saw is still the one there: two dial-ins cannot both win.
        const updated = await store.transaction(async (tx) => {
          const changed = await tx.sessions.update(sessionId, patch, {
            open: true,
            phoneLegs: [current.phoneLeg],
            phoneUniqueid: current.phoneUniqueid,
          });
          if (changed) {
            await recordEvent(
              tx,
              changed,
              legState === 'connected' ? 'leg_connected' : 'leg_calling',
              options,
              now,
            );
          }
          return changed;
        });
        if (updated) {
          events.publish({ type: 'session.phone_leg', session: updated });
          const replaced =
            current.phoneLeg === 'none'
              ? null
              : { channel: current.phoneChannel, uniqueid: current.phoneUniqueid };
          return { ok: true, session: updated, replaced };
        }
      }
      throw new DomainError('E_STATE', `Phone leg of session ${sessionId} keeps changing; try again`);
    },

    async connectPhoneLeg(sessionId, uniqueid, actor) {
      const now = clock.now();
      const updated = await store.transaction(async (tx) => {
        const changed = await tx.sessions.update(
          sessionId,
          { phoneLeg: 'connected', phoneConnectedAt: now },
          { open: true, phoneLegs: ['calling'], phoneUniqueid: uniqueid },
        );
        if (changed) await recordEvent(tx, changed, 'leg_connected', actor, now);
        return changed;
      });
      if (updated) {
        events.publish({ type: 'session.phone_leg', session: updated });
      }
      return updated !== undefined;
    },

    async releasePhoneLeg(sessionId, uniqueid, actor) {
      const updated = await store.transaction(async (tx) => {
        // Read first only for the audit entry: the released leg's channel is gone after the update.
        const before = await tx.sessions.findById(sessionId);
        const changed = await tx.sessions.update(
          sessionId,
          {
            phoneLeg: 'none',
            phoneChannel: null,
            phoneUniqueid: null,
            phoneConnectedAt: null,
            phoneLegHolder: null,
          },
          { phoneLegs: ['calling', 'connected'], phoneUniqueid: uniqueid },
        );
        if (changed) {
          const channel = before?.phoneUniqueid === uniqueid ? before.phoneChannel : null;
          await recordEvent(tx, changed, 'leg_released', actor, clock.now(), { channel, uniqueid });
        }
        return changed;
      });
      if (updated) {
        events.publish({ type: 'session.phone_leg', session: updated });
      }
      return updated !== undefined;
    },

    async sweepStaleSessions(now = clock.now()) {
      const report: SweepReport = {
        paused: [],
        ended: [],
        purged: { lockouts: 0, webSessions: 0, loginDevices: 0 },
      };
      const lagBefore = new Date(now.getTime() - config.lagTimeoutSec * 1000);
      const endBefore = new Date(now.getTime() - config.endAfterSec * 1000);
      const ignoreGone = (err: unknown) => {
        if (isDomainError(err, 'E_NO_SESSION')) return undefined;
        throw err;
      };
      for (const stale of await store.sessions.listOpenSeenBefore(lagBefore)) {
        // A live call keeps its session; the sweep comes back to it after the call.
        if (stale.state === 'in_call') continue;
        if (stale.lastSeenAt < endBefore) {
          const ended = await end(stale.id, 'lagged', now, endBefore).catch(ignoreGone);
          if (ended) report.ended.push(ended);
        } else if (stale.state === 'ready') {
          const paused = await transition(
            stale.id,
            (s) =>
              s.state === 'ready' && s.lastSeenAt < lagBefore
                ? { state: 'paused', pauseCode: LAGGED_PAUSE_CODE }
                : 'unchanged',
            now,
            { lastSeenBefore: lagBefore },
          ).catch(ignoreGone);
          if (paused?.pauseCode === LAGGED_PAUSE_CODE && paused.stateChangedAt.getTime() === now.getTime()) {
            report.paused.push(paused);
          }
        }
      }
      report.purged = await purgeExpiredRecords(ctx, now);
      return report;
    },

    stateLog(sessionId) {
      return store.stateLog.listBySession(sessionId);
    },

    agentStateLog(agentId, limit = 500) {
      return store.stateLog.listByAgent(agentId, limit);
    },
  };
  return service;
}
