/** `/api/admin/devices`, `/api/admin/contacts`, `/api/admin/pause-codes`: list, create, change. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isDomainError } from '../domain/domain-error.ts';
import type { ApiContext } from './api-context.ts';
import { invalidFields } from './api-error.ts';
import { contactView, deviceView, pauseCodeView } from './catalog-views.ts';
import {
  contactListResponse,
  contactResponse,
  deviceListResponse,
  deviceResponse,
  pauseCodeListResponse,
  pauseCodeResponse,
} from './contract/catalog-contract.ts';
import { apiErrorFromDomain } from './domain-error-response.ts';
import {
  bool,
  deviceKindField,
  idParam,
  maxSecondsField,
  pauseCodeField,
  text,
  typeError,
} from './field-schemas.ts';
import { parseInput } from './input-validation.ts';
import { documented } from './route-doc.ts';

const endpointField = z
  .string(typeError('text'))
  .regex(
    /^[A-Za-z][A-Za-z0-9]*\/[A-Za-z0-9_.@:+-]{1,80}$/,
    'Endpoint must look like <tech>/<resource>, e.g. PJSIP/2001',
  );
const optionalText = (what: string, max: number) =>
  z
    .string(typeError('text or null'))
    .max(max, `${what} must be at most ${max} characters`)
    .nullable()
    .transform((value) => (value === null || value.trim() === '' ? null : value.trim()));

const deviceFields = {
  name: text('Name'),
  endpoint: endpointField,
  location: optionalText('Location', 200).optional(),
  kind: deviceKindField.optional(),
  enabled: bool().optional(),
};
const newDevice = z.strictObject(deviceFields);
const devicePatch = z.strictObject(deviceFields).partial();

const officeNumField = z
  .string(typeError('text'))
  .regex(/^[0-9]{1,20}$/, 'Office number must be 1 to 20 digits');
const contactFields = {
  officeNum: officeNumField,
  name: text('Name'),
  details: optionalText('Details', 2000).optional(),
  // A disabled contact's office number no longer lets anyone dial in (CONTACTS mode).
  enabled: bool().optional(),
};
const newContact = z.strictObject(contactFields);
const contactPatch = z.strictObject(contactFields).partial();

const pauseFields = {
  name: text('Name'),
  billable: bool().optional(),
  maxSeconds: maxSecondsField.optional(),
  active: bool().optional(),
};
const newPauseCode = z.strictObject({ code: pauseCodeField, ...pauseFields });
const pauseCodePatch = z.strictObject(pauseFields).partial();
const codeParam = z.strictObject({ code: pauseCodeField });

/** What the OpenAPI document says of each route (route-doc.ts). */
const DOCS = {
  devices: documented('admin-area', {
    tag: 'admin',
    summary: 'Every phone, and whether an open session uses it',
    responses: { 200: deviceListResponse },
  }),
  newDevice: documented('admin-area', {
    tag: 'admin',
    summary: 'Add a phone',
    body: newDevice,
    responses: { 201: deviceResponse },
    errors: [409],
  }),
  patchDevice: documented('admin-area', {
    tag: 'admin',
    summary: 'Change a phone (only the fields given)',
    params: idParam,
    body: devicePatch,
    responses: { 200: deviceResponse },
    errors: [409],
  }),
  contacts: documented('admin-area', {
    tag: 'admin',
    summary: 'Every contact',
    responses: { 200: contactListResponse },
  }),
  newContact: documented('admin-area', {
    tag: 'admin',
    summary: 'Add a contact',
    body: newContact,
    responses: { 201: contactResponse },
    errors: [409],
  }),
  patchContact: documented('admin-area', {
    tag: 'admin',
    summary: 'Change a contact (only the fields given)',
    params: idParam,
    body: contactPatch,
    responses: { 200: contactResponse },
    errors: [409],
  }),
  pauseCodes: documented('admin-area', {
    tag: 'admin',
    summary: 'Every pause code, system ones included',
    responses: { 200: pauseCodeListResponse },
  }),
  newPauseCode: documented('admin-area', {
    tag: 'admin',
    summary: 'Add a pause code',
    body: newPauseCode,
    responses: { 201: pauseCodeResponse },
    errors: [409],
  }),
  patchPauseCode: documented('admin-area', {
    tag: 'admin',
    summary: 'Change a pause code (only the fields given; system codes cannot be changed)',
    params: codeParam,
    body: pauseCodePatch,
    responses: { 200: pauseCodeResponse },
  }),
};

/** A duplicate (endpoint, office number, code) is reported on the field that clashes. */
async function onField<T>(field: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (isDomainError(err, 'E_DUPLICATE')) throw apiErrorFromDomain(err, field);
    throw err;
  }
}

/** Omits undefined values, so a PATCH changes only what it names. */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

export function registerAdminCatalogRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { services } = ctx;

  const devicesInUse = async () =>
    new Set((await services.sessions.listOpen()).map((s) => s.deviceId).filter((id) => id !== null));

  app.get('/api/admin/devices', DOCS.devices, async () => {
    const [devices, inUse] = await Promise.all([services.devices.list(), devicesInUse()]);
    return { devices: devices.map((d) => deviceView(d, inUse.has(d.id))) };
  });

  app.post('/api/admin/devices', DOCS.newDevice, async (request, reply) => {
    const body = parseInput(newDevice, request.body, 'body');
    const device = await onField('endpoint', services.devices.create(defined(body)));
    return reply.code(201).send({ device: deviceView(device, false) });
  });

  app.patch('/api/admin/devices/:id', DOCS.patchDevice, async (request) => {
    const { id } = parseInput(idParam, request.params, 'params');
    const body = parseInput(devicePatch, request.body, 'body');
    const device = await onField('endpoint', services.devices.update(id, defined(body)));
    return { device: deviceView(device, (await devicesInUse()).has(device.id)) };
  });

  app.get('/api/admin/contacts', DOCS.contacts, async () => ({
    contacts: (await services.contacts.list()).map(contactView),
  }));

  app.post('/api/admin/contacts', DOCS.newContact, async (request, reply) => {
    const body = parseInput(newContact, request.body, 'body');
    const contact = await onField('officeNum', services.contacts.create(defined(body)));
    return reply.code(201).send({ contact: contactView(contact) });
  });

  app.patch('/api/admin/contacts/:id', DOCS.patchContact, async (request) => {
    const { id } = parseInput(idParam, request.params, 'params');
    const body = parseInput(contactPatch, request.body, 'body');
    return { contact: contactView(await onField('officeNum', services.contacts.update(id, defined(body)))) };
  });

  app.get('/api/admin/pause-codes', DOCS.pauseCodes, async () => ({
    pauseCodes: (await services.pauseCodes.list()).map(pauseCodeView),
  }));

  app.post('/api/admin/pause-codes', DOCS.newPauseCode, async (request, reply) => {
    const body = parseInput(newPauseCode, request.body, 'body');
    return reply
      .code(201)
      .send({ pauseCode: pauseCodeView(await onField('code', services.pauseCodes.create(defined(body)))) });
  });

  app.patch('/api/admin/pause-codes/:code', DOCS.patchPauseCode, async (request) => {
    const { code } = parseInput(codeParam, request.params, 'params');
    const body = parseInput(pauseCodePatch, request.body, 'body');
    const current = await services.pauseCodes.get(code);
    if (current.system) throw invalidFields({ code: 'System pause codes cannot be changed' });
    return { pauseCode: pauseCodeView(await services.pauseCodes.update(code, defined(body))) };
  });
}
