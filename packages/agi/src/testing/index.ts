export { type AgiCommandHandler, type CommandOutcome, reply, usage } from './agi-command-outcome.ts';
export {
  type AgiCommandDefinition,
  agiCommandTable,
  findAgiCommand,
  usageLines,
} from './agi-command-table.ts';
export { buildEnvironment, type EnvironmentInput, encodeEnvironment } from './agi-environment.ts';
export { AgiLineReader, defaultMaxLineBytes } from './agi-line-reader.ts';
export { AsteriskDatabase } from './asterisk-database.ts';
export type { CallEvent } from './call-events.ts';
export { nextCallIdentity } from './call-identity.ts';
export type { FaultOptions, StartCallOptions } from './call-options.ts';
export type {
  AgiStatus,
  AppRun,
  CallRecording,
  KeyConsumed,
  PromptPlayed,
  TranscriptLine,
  VariableSet,
} from './call-recording.ts';
export { CallRuntime, type DigitResult, type PlayResult } from './call-runtime.ts';
export { CallerInput, defaultKeyGapMs, type ListenOptions } from './caller-input.ts';
export {
  type CallerAction,
  type CallerEvent,
  type CallMoment,
  type MomentKind,
  momentKind,
  momentMatches,
} from './caller-script.ts';
export { type ChannelIdentity, ChannelModel, type DialplanLocation, type HungUpBy } from './channel-model.ts';
export { maxCommandTokens, tokenizeCommandLine } from './command-line-tokenizer.ts';
export { coreSoundsEn } from './core-sounds-en.ts';
export { builtinDialplanApps, splitAppArgs } from './dialplan-apps.ts';
export {
  type DialOutcome,
  type DialplanApp,
  type DialplanConfig,
  resolvePriority,
  type Subroutine,
} from './dialplan-config.ts';
export {
  type ExpressionScope,
  parseCallerId,
  parseFunctionCall,
  substituteVariables,
} from './dialplan-expression.ts';
export { numberFiles } from './media-commands.ts';
export { type OtherChannelHangup, type OtherChannelState, OtherChannels } from './other-channels.ts';
export { parseAgiUrl, SimulatedCall, simulateCall, startCall } from './simulated-call.ts';
export { SoundLibrary, type SoundLibraryOptions, samplesPerMs, stockSoundMs } from './sound-library.ts';
export { recordedUsageTexts } from './usage-texts.ts';
export { RealtimeClock, type SimulationClock, VirtualClock } from './virtual-clock.ts';
