import type { Services } from '../../domain/index.ts';

/**
 * The domain services the dial-in app uses: the guard (`dialIn.verifyDialIn`: credentials,
 * lockouts, audit, leg claim), sessions (hold polling, leg release), audit (what happens after the
 * guard's verdict), the clock (session freshness), and the leg holders (this node holds the legs
 * of the calls it bridges; `liveCalls` tells which calls are alive).
 */
export type DialInServices = Pick<Services, 'dialIn' | 'sessions' | 'audit' | 'clock' | 'legHolders'>;
