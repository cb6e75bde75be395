// The voice settings type and its choices live once, in the server's domain, so the console's
// form can never offer a transport or codec the server would reject. That file has no imports.

export type {
  MediaEncryption,
  SipCodec,
  SipPeerType,
  SipTransport,
  VoiceSettings,
} from '../../../server/src/domain/voice-settings.ts';
export {
  DEFAULT_VOICE_SETTINGS,
  MEDIA_ENCRYPTIONS,
  SIP_CODECS,
  SIP_PEER_TYPES,
  SIP_TRANSPORTS,
} from '../../../server/src/domain/voice-settings.ts';
