export const DEVICE_KINDS = ['desk', 'soft', 'webrtc'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** A phone agents can pick (hot desk) or be bound to, e.g. endpoint `PJSIP/2001`. */
export interface Device {
  id: number;
  name: string;
  endpoint: string;
  location: string | null;
  kind: DeviceKind;
  enabled: boolean;
  registered: boolean;
  /** The SIP contact the device registered from, when registered. */
  contact: string | null;
  registeredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
