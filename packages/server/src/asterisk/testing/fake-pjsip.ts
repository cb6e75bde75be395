import { createHash, randomBytes } from 'node:crypto';
import type { AmiActionFields } from '../ami-encode.ts';

/** A registered contact of a PJSIP endpoint (what `pjsip show contacts` lists). */
export interface FakeContact {
  /** Endpoint name without technology, e.g. `2001`. */
  endpoint: string;
  uri: string;
  status: 'Reachable' | 'Unreachable' | 'NonQualified' | 'Unknown';
  /** The phone's User-Agent header. */
  userAgent?: string;
}

/**
 * PJSIP endpoints and registrations of the fake Asterisk, as PJSIPShowEndpoints,
 * PJSIPShowContacts and the registration events show them (02, 06, 10, 19, 20).
 */
export class FakePjsip {
  /** Known endpoints (names without technology). */
  readonly endpoints = new Set<string>();
  /** Endpoint name → registered contacts. */
  readonly contacts = new Map<string, FakeContact[]>();
  /** Transport shown for every endpoint (Callgate's rendered config uses `transport-udp`). */
  transport = 'transport-udp';
  /** Dialplan context of calls from an endpoint (Callgate's default voice context). */
  context = 'callgate-agents';
  private readonly emit: (fields: AmiActionFields) => void;
  /** How many channels each endpoint has up (EndpointList `ActiveChannels`). */
  readonly activeChannels: (endpoint: string) => number;

  constructor(emit: (fields: AmiActionFields) => void, activeChannels: (endpoint: string) => number) {
    this.emit = emit;
    this.activeChannels = activeChannels;
  }

  /**
   * A phone registers (20): ContactStatus NonQualified, PeerStatus Reachable, ContactStatus
   * Reachable with the qualify round trip, DeviceStateChange NOT_INUSE.
   */
  register(endpoint: string, uri: string, userAgent?: string): void {
    this.endpoints.add(endpoint);
    const contact: FakeContact = { endpoint, uri, status: 'Reachable' };
    if (userAgent !== undefined) contact.userAgent = userAgent;
    this.contacts.set(endpoint, [contact]);
    const status = (s: string, usec: number): AmiActionFields => ({
      Event: 'ContactStatus',
      Privilege: 'system,all',
      URI: uri,
      ContactStatus: s,
      AOR: endpoint,
      EndpointName: endpoint,
      RoundtripUsec: usec,
    });
    this.emit(status('NonQualified', 0));
    this.emit({
      Event: 'PeerStatus',
      Privilege: 'system,all',
      ChannelType: 'PJSIP',
      Peer: `PJSIP/${endpoint}`,
      PeerStatus: 'Reachable',
    });
    this.emit(status('Reachable', 800));
    this.emit({
      Event: 'DeviceStateChange',
      Privilege: 'call,all',
      Device: `PJSIP/${endpoint}`,
      State: 'NOT_INUSE',
    });
  }

  /** A registration ends (not recorded: as res_pjsip reports a removed contact). */
  unregister(endpoint: string): void {
    const uri = this.contacts.get(endpoint)?.[0]?.uri ?? '';
    this.contacts.delete(endpoint);
    this.emit({
      Event: 'ContactStatus',
      Privilege: 'system,all',
      URI: uri,
      ContactStatus: 'Removed',
      AOR: endpoint,
      EndpointName: endpoint,
      RoundtripUsec: 0,
    });
    this.emit({
      Event: 'PeerStatus',
      Privilege: 'system,all',
      ChannelType: 'PJSIP',
      Peer: `PJSIP/${endpoint}`,
      PeerStatus: 'Unreachable',
    });
    this.emit({
      Event: 'DeviceStateChange',
      Privilege: 'call,all',
      Device: `PJSIP/${endpoint}`,
      State: 'UNAVAILABLE',
    });
  }

  isRegistered(endpoint: string): boolean {
    return (this.contacts.get(endpoint) ?? []).length > 0;
  }

  /** EndpointList events (02, 19): sorted by name, contacts with a trailing comma each. */
  endpointList(): AmiActionFields[] {
    return [...this.endpoints].sort().map((name) => {
      const contacts = this.contacts.get(name) ?? [];
      const active = this.activeChannels(name);
      return {
        Event: 'EndpointList',
        ObjectType: 'endpoint',
        ObjectName: name,
        Transport: this.transport,
        Aor: name,
        Auths: name,
        OutboundAuths: '',
        Contacts: contacts.map((c) => `${name}/${c.uri},`).join(''),
        DeviceState: contacts.length === 0 ? 'Unavailable' : active > 0 ? 'In use' : 'Not in use',
        ActiveChannels: active,
      };
    });
  }

  /** ContactList events (06, 19); the phone's own values (Call-ID, expiry, round trip) are made up. */
  contactList(): AmiActionFields[] {
    const all = [...this.contacts.values()].flat().sort((a, b) => a.endpoint.localeCompare(b.endpoint));
    return all.map((c) => {
      const via = /@([^:;>]+)(?::(\d+))?/.exec(c.uri);
      return {
        Event: 'ContactList',
        ObjectType: 'contact',
        ObjectName: `${c.endpoint};@${createHash('md5').update(c.uri).digest('hex')}`,
        ViaAddr: via?.[1] ?? '',
        QualifyTimeout: '3.000000',
        Qualify2xxOnly: 'false',
        CallId: randomBytes(8).toString('hex'),
        RegServer: '',
        PruneOnBoot: 'no',
        Path: '',
        Endpoint: c.endpoint,
        ViaPort: via?.[2] ?? '5060',
        AuthenticateQualify: 'no',
        Uri: c.uri,
        QualifyFrequency: 60,
        UserAgent: c.userAgent ?? 'Callgate fake phone',
        ExpirationTime: Math.floor(Date.now() / 1000) + 3600,
        OutboundProxy: '',
        Status: c.status,
        RoundtripUsec: c.status === 'Reachable' ? 800 : 0,
      };
    });
  }
}
