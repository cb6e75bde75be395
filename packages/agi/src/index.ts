export { AgiChannel } from './channel/agi-channel.ts';
export type {
  AgiChannelOptions,
  AgiCommandOptions,
  ControlStreamFileOptions,
  EscapeDigitsOption,
  GetDataOptions,
  GetOptionOptions,
  RecordFileOptions,
  SayDateTimeOptions,
  SayNumberOptions,
  SpeechRecognizeOptions,
  StreamFileOptions,
} from './channel/agi-channel-options.ts';
export { type AgiDeadlines, CommandDeadlines, DEFAULT_AGI_DEADLINES } from './channel/command-deadlines.ts';
export type {
  ChannelState,
  ChannelStatus,
  ControlPlaybackResult,
  GetDataResult,
  PlaybackResult,
  ReceiveCharResult,
  RecordResult,
  SpeechRecognition,
  SpeechResult,
  TddMode,
} from './channel/command-results.ts';
export { AgiError, type AgiErrorCode, isAgiError } from './errors.ts';
export * from './ivr/index.ts';
export { AGI_COMMAND_NAMES } from './protocol/agi-command-names.ts';
export {
  type AgiArgument,
  assertLineFits,
  DEFAULT_MAX_COMMAND_BYTES,
  type EncodeCommandOptions,
  encodeArgument,
  encodeCommand,
  LEGACY_MAX_COMMAND_BYTES,
} from './protocol/command-encoder.ts';
export {
  type AgiEnvironment,
  parseEnvironment,
  parseEnvironmentLine,
  splitScript,
} from './protocol/environment.ts';
export { INPUT_COMMANDS, isInputCommand, replyExcerpt } from './protocol/input-commands.ts';
export { MAX_COMMAND_WORDS, parseArgs } from './protocol/parse-args.ts';
export {
  type AgiLineKind,
  type AgiReply,
  classifyLine,
  parseReplyLine,
  stripCarriageReturn,
  usageReply,
} from './protocol/reply.ts';
export * from './server/index.ts';
export {
  type AgiReplyDecoder,
  type AgiSendOptions,
  AgiSession,
  type AgiSessionOptions,
  type AgiTransport,
} from './session/agi-session.ts';
export * from './stdio/index.ts';
