/** Phones, contacts and pause codes as the API shows them (contract types Device, Contact, PauseCode). */
import type { Contact } from '../domain/contact.ts';
import type { Device, DeviceKind } from '../domain/device.ts';
import type { PauseCode } from '../domain/pause-code.ts';

export interface DeviceView {
  id: number;
  name: string;
  endpoint: string;
  location: string;
  kind: DeviceKind;
  enabled: boolean;
  /** null: Asterisk never reported on this phone (no AMI, or it never registered). */
  registered: boolean | null;
  contact: string | null;
  registeredAt: string | null;
  inUse?: boolean;
}

export interface ContactView {
  id: number;
  officeNum: string;
  name: string;
  details: string;
  /** A disabled contact no longer matches a CONTACTS dial-in. */
  enabled: boolean;
}

export interface PauseCodeView {
  code: string;
  name: string;
  billable: boolean;
  maxSeconds: number | null;
  active: boolean;
  /** Set by Callgate itself (LAGGED): listed for admins, never offered to agents, not editable. */
  system: boolean;
}

export function deviceView(device: Device, inUse?: boolean): DeviceView {
  return {
    id: device.id,
    name: device.name,
    endpoint: device.endpoint,
    location: device.location ?? '',
    kind: device.kind,
    enabled: device.enabled,
    registered: device.registered ? true : device.registeredAt === null ? null : false,
    contact: device.contact,
    registeredAt: device.registeredAt?.toISOString() ?? null,
    ...(inUse === undefined ? {} : { inUse }),
  };
}

export function contactView(contact: Contact): ContactView {
  return {
    id: contact.id,
    officeNum: contact.officeNum,
    name: contact.name,
    details: contact.details ?? '',
    enabled: contact.enabled,
  };
}

export function pauseCodeView(code: PauseCode): PauseCodeView {
  return {
    code: code.code,
    name: code.name,
    billable: code.billable,
    maxSeconds: code.maxSeconds,
    active: code.active,
    system: code.system,
  };
}
