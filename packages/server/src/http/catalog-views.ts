/** Phones, contacts and pause codes as the API shows them (contract types Device, Contact, PauseCode). */
import type { Contact } from '../domain/contact.ts';
import type { Device } from '../domain/device.ts';
import type { PauseCode } from '../domain/pause-code.ts';
import type { ApiContact, ApiDevice, ApiPauseCode } from './contract/api-types.ts';

/** The shapes are the API contract's (contract/catalog-contract.ts). */
export type DeviceView = ApiDevice;
export type ContactView = ApiContact;
export type PauseCodeView = ApiPauseCode;

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
