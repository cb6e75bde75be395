/**
 * An agent's SIP voice settings: what an admin enters in the console and what
 * `callgate asterisk pjsip` renders into PJSIP endpoints, auths and AORs.
 */
export const SIP_TRANSPORTS = ['udp', 'tcp', 'tls', 'ws', 'wss'] as const;
export type SipTransport = (typeof SIP_TRANSPORTS)[number];

export const SIP_CODECS = ['ulaw', 'alaw', 'g722', 'opus', 'gsm', 'g729', 'h264', 'vp8'] as const;
export type SipCodec = (typeof SIP_CODECS)[number];

export const SIP_PEER_TYPES = ['friend', 'peer', 'user'] as const;
export type SipPeerType = (typeof SIP_PEER_TYPES)[number];

export const MEDIA_ENCRYPTIONS = ['no', 'sdes', 'dtls'] as const;
export type MediaEncryption = (typeof MEDIA_ENCRYPTIONS)[number];

export interface VoiceSettings {
  /** Transports in order of preference. */
  transports: SipTransport[];
  /** `dynamic` (the phone registers) or a fixed host name / IP address. */
  host: string;
  /** Whether the phone is behind NAT (rtp_symmetric, force_rport, rewrite_contact). */
  nat: boolean;
  type: SipPeerType;
  /** Allowed codecs in order of preference. */
  codecs: SipCodec[];
  /** Caller ID presented on calls from this agent, e.g. `"Alice" <2001>`; empty for none. */
  callerId: string;
  /** Dialplan context for calls from this endpoint. */
  context: string;
  /** Call groups, e.g. `1,3-4`; empty for none. */
  callGroup: string;
  /** Pickup groups, e.g. `1`; empty for none. */
  pickupGroup: string;
  /** Whether supervisors may ChanSpy on this agent. */
  chanspy: boolean;
  video: boolean;
  recordCalls: boolean;
  encryption: MediaEncryption;
}

export const DEFAULT_VOICE_SETTINGS: Readonly<VoiceSettings> = Object.freeze({
  transports: ['udp'],
  host: 'dynamic',
  nat: true,
  type: 'friend',
  codecs: ['ulaw', 'alaw'],
  callerId: '',
  context: 'callgate-agents',
  callGroup: '',
  pickupGroup: '',
  chanspy: false,
  video: false,
  recordCalls: false,
  encryption: 'no',
}) as Readonly<VoiceSettings>;
