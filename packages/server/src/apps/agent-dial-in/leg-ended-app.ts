import type { DialInLogger } from './dial-in-flow.ts';
import { DIAL_IN_VARIABLES } from './dial-in-outcome.ts';
import type { DialInServices } from './dial-in-services.ts';

/** What the leg-ended route reads from its call. */
export interface LegEndedCall {
  readonly env: { readonly uniqueid: string };
  readonly log: DialInLogger;
}

export interface LegEndedChannel {
  getVariable(name: string): Promise<string | undefined>;
}

/**
 * Route `agent-dial-in-leg-ended`, for the `dialplan` bridge mode only: the dial-in AGI has ended
 * before the caller joins the room, so the channel's hangup handler calls this route to give the
 * session's phone leg back. It reads CALLGATE_SESSION (GET VARIABLE works on a dead channel) and
 * releases the leg only if this call's uniqueid is still the session's leg.
 */
export function createLegEndedApp(services: Pick<DialInServices, 'sessions'>) {
  return async function legEnded(channel: LegEndedChannel, call: LegEndedCall): Promise<void> {
    const raw = await channel.getVariable(DIAL_IN_VARIABLES.session);
    const sessionId = Number(raw);
    if (raw === undefined || !Number.isSafeInteger(sessionId) || sessionId <= 0) {
      call.log.warn(
        { variable: DIAL_IN_VARIABLES.session },
        'agent-dial-in-leg-ended: no session on this channel',
      );
      return;
    }
    const released = await services.sessions.releasePhoneLeg(sessionId, call.env.uniqueid);
    call.log.info({ sessionId, released }, 'agent-dial-in-leg-ended');
  };
}
