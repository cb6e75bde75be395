/**
 * The FastAGI apps' settings as `callgate serve` configures them: the flat `--dialin-*`,
 * `--caller-*` and routing option values grouped into what registerApps takes as
 * `config.dialIn`, `config.extensionRouter` and `config.callerLookup`. Only options the operator
 * can set appear; the apps keep their own defaults for the rest.
 */
import type { DialInPrompts, DialInSettingsInput } from '../apps/agent-dial-in/dial-in-settings.ts';
import type { LookupGreeting, LookupSettingsInput } from '../apps/caller-lookup/lookup-settings.ts';
import type { RouterPrompts, RouterSettingsInput } from '../apps/extension-router/router-settings.ts';
import type { LookupPrompts } from './prompts-file.ts';

/** The option values the grouping reads (a slice of ServeConfig). */
export interface AppOptionValues {
  readonly bridgeProfile: string;
  readonly userProfile: string;
  readonly dialInAttempts: number;
  readonly dialInNoSession: 'hangup' | 'hold';
  readonly dialInHoldSec: number;
  readonly dialInMusicClass: string;
  readonly dialInSessionFreshSec: number;
  readonly dialInSecondLeg: 'refuse' | 'replace';
  readonly dialInReclaimStaleLegs: boolean;
  readonly dialInBridge: 'confbridge' | 'dialplan';
  readonly dialInBridgeContext: string;
  readonly callerCountryCode: string | undefined;
  readonly callerTrunkPrefix: string | undefined;
  readonly callerGreeting: LookupGreeting;
  readonly callerIdName: boolean;
  readonly vipContext: string | undefined;
  readonly routerDialOptions: string | undefined;
}

export interface AppSettings {
  readonly dialIn: DialInSettingsInput;
  readonly extensionRouter: RouterSettingsInput;
  readonly callerLookup: LookupSettingsInput;
}

/** What the prompt files (`--dialin-prompts`, `--router-prompts`, `--caller-prompts`) replace. */
export interface AppPrompts {
  readonly dialIn?: Partial<DialInPrompts>;
  readonly router?: Partial<RouterPrompts>;
  readonly lookup?: Partial<LookupPrompts>;
}

export function appSettingsFrom(values: AppOptionValues, prompts: AppPrompts = {}): AppSettings {
  const lookupPrompts = prompts.lookup ?? {};
  return {
    dialIn: {
      attempts: values.dialInAttempts,
      noSession: values.dialInNoSession,
      holdSeconds: values.dialInHoldSec,
      musicClass: values.dialInMusicClass,
      sessionFreshSeconds: values.dialInSessionFreshSec,
      secondLeg: values.dialInSecondLeg,
      reclaimStaleLegs: values.dialInReclaimStaleLegs,
      bridge: values.dialInBridge,
      dialplanContext: values.dialInBridgeContext,
      // One conference, one set of profiles: the dial-in joins with the ones Callgate's calls use.
      bridgeProfile: values.bridgeProfile,
      userProfile: values.userProfile,
      prompts: prompts.dialIn ?? {},
    },
    extensionRouter: {
      ...(values.routerDialOptions === undefined ? {} : { dialOptions: values.routerDialOptions }),
      ...(prompts.router === undefined ? {} : { prompts: prompts.router }),
    },
    callerLookup: {
      numberRules: {
        ...(values.callerCountryCode === undefined ? {} : { countryCode: values.callerCountryCode }),
        ...(values.callerTrunkPrefix === undefined ? {} : { trunkPrefix: values.callerTrunkPrefix }),
      },
      greeting: values.callerGreeting,
      setCallerIdName: values.callerIdName,
      vipContext: values.vipContext ?? null,
      ...(lookupPrompts.greeting === undefined ? {} : { greetingPrompt: lookupPrompts.greeting }),
      ...(lookupPrompts.namePrefix === undefined ? {} : { namePromptPrefix: lookupPrompts.namePrefix }),
    },
  };
}
