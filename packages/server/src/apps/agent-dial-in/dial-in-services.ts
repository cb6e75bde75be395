import type { Services } from '../../domain/index.ts';

/**
 * The domain services the dial-in app uses: the guard (`dialIn.verifyDialIn`: credentials,
 * lockouts, audit, leg claim), sessions (hold polling, leg release), audit (what happens after the
 * guard's verdict) and the clock (session freshness).
 */
export type DialInServices = Pick<Services, 'dialIn' | 'sessions' | 'audit' | 'clock'>;
