import { isAgiError } from '../errors.ts';

/**
 * True for the errors that mean the caller is gone: the channel hung up, the channel is dead (511),
 * or the connection closed. IVR helpers turn these into a `hangup` outcome instead of throwing.
 */
export function isHangupError(err: unknown): boolean {
  return (
    isAgiError(err, 'AGI_ERR_HANGUP') ||
    isAgiError(err, 'AGI_ERR_DEAD_CHANNEL') ||
    isAgiError(err, 'AGI_ERR_CLOSED')
  );
}
