import { randomInt } from 'node:crypto';

/**
 * A fresh uniqueid and channel name for each simulated call, as Asterisk gives every channel its
 * own (`<epoch seconds>.<sequence>`, `PJSIP/<peer>-<8 hex digits>`). Two calls must never share
 * them: the dial-in app tells a second caller for the same agent by the uniqueid, and a hang-up by
 * channel name must end one call only. The sequence starts at a random point in each process, so
 * two `callgate call` processes started in the same second do not collide either.
 */
let sequence = randomInt(1, 0x1000000);

export function nextCallIdentity(now: number = Date.now()): { uniqueId: string; name: string } {
  const n = sequence++;
  return {
    uniqueId: `${Math.floor(now / 1000)}.${n}`,
    name: `PJSIP/caller-${n.toString(16).padStart(8, '0')}`,
  };
}
