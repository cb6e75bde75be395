import type { AmiMessage } from './ami-message.ts';

/**
 * Whether each PJSIP endpoint has a usable registration, from the events Asterisk sends
 * (ContactStatus per contact; PeerStatus and DeviceStateChange as coarser signals) and from a
 * periodic PJSIPShowEndpoints + PJSIPShowContacts snapshot that corrects anything missed while
 * AMI was down. Only changes are reported.
 */

export interface DeviceRegistration {
  /** `PJSIP/<endpoint name>`, the form devices and agents' internal interfaces use. */
  endpoint: string;
  registered: boolean;
  /** The registered contact URI, when known. */
  contact: string | null;
  at: Date;
}

interface EndpointState {
  /** Contact URI → reachable. */
  contacts: Map<string, boolean>;
  /** Registration as told by PeerStatus / DeviceStateChange, used when no contact is known. */
  coarse: boolean | undefined;
  reported: { registered: boolean; contact: string | null; at: Date } | undefined;
}

/** ContactStatus values that mean "registered and usable". */
const CONTACT_UP = new Set(['created', 'reachable', 'updated', 'unqualified', 'nonqualified']);
const CONTACT_DOWN = new Set(['unreachable']);
const CONTACT_GONE = new Set(['removed']);
const PEER_UP = new Set(['registered', 'reachable']);
const PEER_DOWN = new Set(['unregistered', 'unreachable', 'rejected']);
/** DeviceStateChange states that prove the device is reachable; UNKNOWN / INVALID prove nothing. */
const DEVICE_UP = new Set(['not_inuse', 'inuse', 'busy', 'ringing', 'ringinuse', 'onhold']);

export class DeviceRegistrationTracker {
  private readonly endpoints = new Map<string, EndpointState>();

  /** The last reported state of every endpoint seen. */
  get current(): DeviceRegistration[] {
    const out: DeviceRegistration[] = [];
    for (const [endpoint, state] of this.endpoints) {
      if (state.reported) out.push({ endpoint: `PJSIP/${endpoint}`, ...state.reported });
    }
    return out;
  }

  /** Applies one AMI event; returns the change it caused, if any. */
  applyEvent(event: AmiMessage, at: Date): DeviceRegistration | undefined {
    switch ((event.event ?? '').toLowerCase()) {
      case 'contactstatus': {
        const name = event.get('EndpointName') ?? event.get('AOR');
        const uri = event.get('URI') ?? '';
        const status = (event.get('ContactStatus') ?? '').toLowerCase();
        if (!name) return undefined;
        const state = this.state(name);
        if (CONTACT_UP.has(status)) state.contacts.set(uri, true);
        else if (CONTACT_DOWN.has(status)) state.contacts.set(uri, false);
        else if (CONTACT_GONE.has(status)) {
          state.contacts.delete(uri);
          // The last contact gone is an unregistration, whatever the device state said before.
          if (state.contacts.size === 0) state.coarse = false;
        } else return undefined;
        return this.report(name, at);
      }
      case 'peerstatus': {
        const peer = event.get('Peer') ?? '';
        if (!peer.toUpperCase().startsWith('PJSIP/')) return undefined;
        const name = peer.slice('PJSIP/'.length);
        const status = (event.get('PeerStatus') ?? '').toLowerCase();
        const state = this.state(name);
        if (PEER_UP.has(status)) state.coarse = true;
        else if (PEER_DOWN.has(status)) {
          state.coarse = false;
          if (status === 'unregistered') state.contacts.clear();
        } else return undefined;
        return this.report(name, at);
      }
      case 'devicestatechange': {
        const device = event.get('Device') ?? '';
        if (!device.toUpperCase().startsWith('PJSIP/')) return undefined;
        const name = device.slice('PJSIP/'.length);
        const value = (event.get('State') ?? '').toLowerCase();
        const state = this.state(name);
        if (value === 'unavailable') {
          // No reachable contact is left; which ones were there is for ContactStatus to say again.
          state.coarse = false;
          state.contacts.clear();
        } else if (DEVICE_UP.has(value)) state.coarse = true;
        else return undefined;
        return this.report(name, at);
      }
      default:
        return undefined;
    }
  }

  /**
   * Replaces what we believe with a full listing: EndpointList events (PJSIPShowEndpoints) and
   * ContactList events (PJSIPShowContacts). Endpoints in neither list are left alone.
   */
  applySnapshot(
    endpointList: readonly AmiMessage[],
    contactList: readonly AmiMessage[],
    at: Date,
  ): DeviceRegistration[] {
    const contacts = new Map<string, Map<string, boolean>>();
    for (const c of contactList) {
      if ((c.event ?? '').toLowerCase() !== 'contactlist') continue;
      const name = c.get('Endpoint') ?? c.get('Aor');
      if (!name) continue;
      const status = (c.get('Status') ?? '').toLowerCase();
      const map = contacts.get(name) ?? new Map<string, boolean>();
      map.set(c.get('Uri') ?? '', status !== 'unreachable');
      contacts.set(name, map);
    }
    const names = new Set(contacts.keys());
    const coarse = new Map<string, boolean>();
    for (const e of endpointList) {
      if ((e.event ?? '').toLowerCase() !== 'endpointlist') continue;
      const name = e.get('ObjectName');
      if (!name) continue;
      names.add(name);
      coarse.set(name, (e.get('DeviceState') ?? '').toLowerCase() !== 'unavailable');
    }
    const changes: DeviceRegistration[] = [];
    for (const name of [...names].sort()) {
      const state = this.state(name);
      state.contacts = contacts.get(name) ?? new Map();
      state.coarse = coarse.get(name) ?? state.contacts.size > 0;
      const change = this.report(name, at);
      if (change) changes.push(change);
    }
    return changes;
  }

  private state(name: string): EndpointState {
    let state = this.endpoints.get(name);
    if (!state) {
      state = { contacts: new Map(), coarse: undefined, reported: undefined };
      this.endpoints.set(name, state);
    }
    return state;
  }

  private report(name: string, at: Date): DeviceRegistration | undefined {
    const state = this.state(name);
    let registered: boolean;
    let contact: string | null = null;
    const up = [...state.contacts].find(([, reachable]) => reachable);
    if (up) {
      registered = true;
      contact = up[0] || null;
    } else if (state.contacts.size > 0) {
      registered = false;
    } else {
      registered = state.coarse ?? false;
    }
    const before = state.reported;
    if (before && before.registered === registered && before.contact === contact) return undefined;
    state.reported = { registered, contact, at };
    return { endpoint: `PJSIP/${name}`, registered, contact, at };
  }
}
