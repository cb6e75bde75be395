import { checkOneOf, checkText } from './credential-rules.ts';
import type { Device, DeviceKind } from './device.ts';
import { DEVICE_KINDS } from './device.ts';
import { DomainError } from './domain-error.ts';
import type { ServiceContext } from './service-context.ts';
import type { DevicePatch } from './store-port.ts';

export interface NewDeviceInput {
  name: string;
  /** `<tech>/<resource>`, e.g. `PJSIP/2001`. */
  endpoint: string;
  location?: string | null;
  kind?: DeviceKind;
  enabled?: boolean;
}

export type DeviceUpdateInput = Partial<NewDeviceInput>;

export interface DeviceService {
  create(input: NewDeviceInput): Promise<Device>;
  get(id: number): Promise<Device>;
  findByEndpoint(endpoint: string): Promise<Device | undefined>;
  list(): Promise<Device[]>;
  update(id: number, input: DeviceUpdateInput): Promise<Device>;
  /** Enabled devices no open session holds; with `registeredOnly`, only registered ones (hot desk). */
  listAvailable(options?: { registeredOnly?: boolean }): Promise<Device[]>;
  /** Records what Asterisk reports about a device's registration (by endpoint). */
  setRegistration(
    endpoint: string,
    registration: { registered: boolean; contact?: string | null },
  ): Promise<Device>;
}

const ENDPOINT = /^[A-Za-z][A-Za-z0-9]*\/[A-Za-z0-9_.@:+-]{1,80}$/;

function checkEndpoint(endpoint: string): string {
  if (!ENDPOINT.test(endpoint)) {
    throw new DomainError('E_VALIDATION', 'Endpoint must look like <tech>/<resource>, e.g. PJSIP/2001');
  }
  return endpoint;
}

export function createDeviceService(ctx: ServiceContext): DeviceService {
  const { store, clock } = ctx;

  async function load(id: number): Promise<Device> {
    const device = await store.devices.findById(id);
    if (!device) throw new DomainError('E_NOT_FOUND', `No device with id ${id}`);
    return device;
  }

  return {
    async create(input) {
      const endpoint = checkEndpoint(input.endpoint);
      const row = {
        name: checkText(input.name, 'Device name'),
        endpoint,
        location: input.location ? checkText(input.location, 'Location') : null,
        kind: checkOneOf(input.kind ?? 'desk', DEVICE_KINDS, 'Device kind'),
        enabled: input.enabled ?? true,
        registered: false,
        contact: null,
        registeredAt: null,
      };
      if (await store.devices.findByEndpoint(endpoint)) {
        throw new DomainError('E_DUPLICATE', `A device with endpoint ${endpoint} exists already`);
      }
      return store.devices.insert(row, clock.now());
    },

    get: load,

    findByEndpoint(endpoint) {
      return store.devices.findByEndpoint(endpoint);
    },

    list() {
      return store.devices.list();
    },

    async update(id, input) {
      await load(id);
      const patch: DevicePatch = {};
      if (input.name !== undefined) patch.name = checkText(input.name, 'Device name');
      if (input.endpoint !== undefined) patch.endpoint = checkEndpoint(input.endpoint);
      if (input.location !== undefined)
        patch.location = input.location ? checkText(input.location, 'Location') : null;
      if (input.kind !== undefined) patch.kind = checkOneOf(input.kind, DEVICE_KINDS, 'Device kind');
      if (input.enabled !== undefined) patch.enabled = input.enabled;
      const device = await store.devices.update(id, patch, clock.now());
      if (!device) throw new DomainError('E_NOT_FOUND', `No device with id ${id}`);
      return device;
    },

    async listAvailable(options = {}) {
      const taken = new Set((await store.sessions.listOpen()).map((s) => s.deviceId));
      return (await store.devices.list()).filter(
        (d) => d.enabled && !taken.has(d.id) && (d.registered || !options.registeredOnly),
      );
    },

    async setRegistration(endpoint, registration) {
      const device = await store.devices.findByEndpoint(endpoint);
      if (!device) throw new DomainError('E_NOT_FOUND', `No device with endpoint ${endpoint}`);
      const now = clock.now();
      const updated = await store.devices.update(
        device.id,
        registration.registered
          ? { registered: true, contact: registration.contact ?? null, registeredAt: now }
          : { registered: false, contact: null },
        now,
      );
      return updated ?? device;
    },
  };
}
