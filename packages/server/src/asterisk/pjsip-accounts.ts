import { randomBytes } from 'node:crypto';
import type { Services } from '../domain/create-services.ts';
import type { AsteriskStore } from './asterisk-store.ts';
import { PjsipConfigError, type PjsipConfigInput } from './pjsip-input.ts';

/**
 * The PJSIP accounts Callgate renders: one per enabled agent (named after the user ID, the
 * `internal` interface dials `PJSIP/<user id>`) and one per enabled `PJSIP/...` device. Each
 * account's SIP secret comes from the database; an account without one gets a generated secret,
 * stored at once so the next render (and the phone provisioned from it) keeps it.
 */

/** What a hidden secret renders as: valid for the renderer, useless to a reader. */
export const HIDDEN_SECRET = '********';

export interface PjsipAccountsOptions {
  /** Secrets to set before rendering (account name → secret), e.g. from `--secret 1001=...`. */
  setSecrets?: ReadonlyMap<string, string>;
  /** Render the real secrets (the file Asterisk reads) or HIDDEN_SECRET (for a look at stdout). */
  revealSecrets: boolean;
}

/** 24 URL-safe characters: 144 bits, no characters the config parser or a phone's UI mind. */
export function generateSipSecret(): string {
  return randomBytes(18).toString('base64url');
}

/** The renderer's rule, checked before a given secret is stored; the error never repeats it. */
export function checkSipSecret(account: string, secret: string): string {
  if (secret.length < 8 || /[\0-\x1f\x7f]/.test(secret) || secret.trim() !== secret) {
    throw new PjsipConfigError(
      'E_PJSIP_INVALID',
      account,
      'secret',
      `SIP secret of ${account} must be 8+ printable characters without surrounding spaces`,
    );
  }
  return secret;
}

export async function collectPjsipAccounts(
  services: Services,
  store: AsteriskStore,
  options: PjsipAccountsOptions,
): Promise<PjsipConfigInput> {
  for (const [account, secret] of options.setSecrets ?? []) {
    await store.setSipSecret(account, checkSipSecret(account, secret));
  }
  const secretFor = async (account: string) => {
    const secret = await store.ensureSipSecret(account, generateSipSecret);
    return options.revealSecrets ? secret : HIDDEN_SECRET;
  };
  const agents: PjsipConfigInput['agents'][number][] = [];
  for (const agent of await services.agents.list()) {
    if (!agent.enabled) continue;
    agents.push({
      userId: agent.userId,
      name: agent.name,
      voice: agent.voiceSettings,
      sipSecret: await secretFor(agent.userId),
    });
  }
  const devices: PjsipConfigInput['devices'][number][] = [];
  for (const device of await services.devices.list()) {
    const match = /^PJSIP\/(.+)$/i.exec(device.endpoint);
    if (!device.enabled || !match?.[1]) continue;
    devices.push({ name: device.name, endpoint: device.endpoint, secret: await secretFor(match[1]) });
  }
  return { agents, devices };
}
