/**
 * The directory's admin API: `/api/admin/directory` (extension entries: list, create, read,
 * change, disable with `enabled: false`) and `/api/admin/contacts/:id/caller-profile` (a
 * contact's VIP flag and account, which the caller-lookup app hands the dialplan).
 * Reads for admins and supervisors, changes for admins (access `admin-area`).
 */
import type { FastifyInstance } from 'fastify';
import type { DirectoryEntry } from '../domain/directory-entry.ts';
import type { NewDirectoryEntryInput } from '../domain/directory-service.ts';
import { isDomainError } from '../domain/domain-error.ts';
import type { ApiContext } from './api-context.ts';
import { invalidFields } from './api-error.ts';
import {
  callerProfileResponse,
  directoryEntryResponse,
  directoryListResponse,
} from './contract/directory-contract.ts';
import {
  callerProfilePatchBody,
  type DirectoryTargetInput,
  directoryEntryPatchBody,
  newDirectoryEntryBody,
} from './directory-schemas.ts';
import { callerProfileView, directoryEntryView, type TargetNames, targetNames } from './directory-view.ts';
import { apiErrorFromDomain } from './domain-error-response.ts';
import { idParam } from './field-schemas.ts';
import { parseInput } from './input-validation.ts';
import { documented } from './route-doc.ts';

/** What the OpenAPI document says of each route (route-doc.ts). */
const DOCS = {
  list: documented('admin-area', {
    tag: 'directory',
    summary: 'Every extension of the directory (what extension-router rings)',
    responses: { 200: directoryListResponse },
  }),
  create: documented('admin-area', {
    tag: 'directory',
    summary: 'Add an extension: it rings endpoints, a phone or an agent, then voicemail',
    body: newDirectoryEntryBody,
    responses: { 201: directoryEntryResponse },
    errors: [409],
  }),
  get: documented('admin-area', {
    tag: 'directory',
    summary: 'One extension',
    params: idParam,
    responses: { 200: directoryEntryResponse },
  }),
  patch: documented('admin-area', {
    tag: 'directory',
    summary: 'Change an extension (only the fields given; `enabled: false` disables it)',
    params: idParam,
    body: directoryEntryPatchBody,
    responses: { 200: directoryEntryResponse },
    errors: [409],
  }),
  callerProfile: documented('admin-area', {
    tag: 'directory',
    summary: 'What caller lookup tells the dialplan about the contact: VIP, account',
    params: idParam,
    responses: { 200: callerProfileResponse },
  }),
  patchCallerProfile: documented('admin-area', {
    tag: 'directory',
    summary: "Change the contact's caller profile (only the fields given)",
    params: idParam,
    body: callerProfilePatchBody,
    responses: { 200: callerProfileResponse },
  }),
};

/** The domain takes the target as one of three optional fields. */
function targetInput(
  target: DirectoryTargetInput,
): Pick<NewDirectoryEntryInput, 'endpoints' | 'deviceId' | 'agentId'> {
  switch (target.kind) {
    case 'endpoints':
      return { endpoints: target.endpoints };
    case 'device':
      return { deviceId: target.deviceId };
    case 'agent':
      return { agentId: target.agentId };
  }
}

/** The field of the body a target's missing agent or device is reported on. */
function targetField(target: DirectoryTargetInput | undefined): string {
  return target?.kind === 'device' ? 'target.deviceId' : 'target.agentId';
}

/** Omits undefined values, so a PATCH changes only what it names. */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

export function registerAdminDirectoryRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { services } = ctx;

  /** Names of the agents and phones these entries ring; only the tables they need are read. */
  async function namesFor(entries: readonly DirectoryEntry[]): Promise<TargetNames> {
    const kinds = new Set(entries.map((e) => e.target.kind));
    const [agents, devices] = await Promise.all([
      kinds.has('agent') ? services.agents.list() : [],
      kinds.has('device') ? services.devices.list() : [],
    ]);
    return targetNames(agents, devices);
  }

  const view = async (entry: DirectoryEntry) => directoryEntryView(entry, await namesFor([entry]));

  /**
   * Domain refusals on the field at fault: a taken extension (409), an agent or device that does
   * not exist (400, since the body named it). Called after the entry itself is known to exist.
   */
  async function onFields<T>(target: DirectoryTargetInput | undefined, work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      if (isDomainError(err, 'E_DUPLICATE')) throw apiErrorFromDomain(err, 'extension');
      if (isDomainError(err, 'E_NOT_FOUND') && target !== undefined && target.kind !== 'endpoints') {
        throw invalidFields({ [targetField(target)]: err.message }, err.message);
      }
      throw err;
    }
  }

  app.get('/api/admin/directory', DOCS.list, async () => {
    const entries = await services.directory.list();
    const names = await namesFor(entries);
    return { entries: entries.map((e) => directoryEntryView(e, names)) };
  });

  app.post('/api/admin/directory', DOCS.create, async (request, reply) => {
    const { target, ...body } = parseInput(newDirectoryEntryBody, request.body, 'body');
    const entry = await onFields(
      target,
      services.directory.add({ ...defined(body), ...targetInput(target) }),
    );
    return reply.code(201).send({ entry: await view(entry) });
  });

  app.get('/api/admin/directory/:id', DOCS.get, async (request) => {
    const { id } = parseInput(idParam, request.params, 'params');
    return { entry: await view(await services.directory.get(id)) };
  });

  app.patch('/api/admin/directory/:id', DOCS.patch, async (request) => {
    const { id } = parseInput(idParam, request.params, 'params');
    const { target, ...body } = parseInput(directoryEntryPatchBody, request.body, 'body');
    await services.directory.get(id); // 404 for the entry before any field is blamed
    const entry = await onFields(
      target,
      services.directory.update(id, { ...defined(body), ...(target ? targetInput(target) : {}) }),
    );
    return { entry: await view(entry) };
  });

  app.get('/api/admin/contacts/:id/caller-profile', DOCS.callerProfile, async (request) => {
    const { id } = parseInput(idParam, request.params, 'params');
    const contact = await services.contacts.get(id);
    return { callerProfile: callerProfileView(await services.callers.get(contact.officeNum)) };
  });

  app.patch('/api/admin/contacts/:id/caller-profile', DOCS.patchCallerProfile, async (request) => {
    const { id } = parseInput(idParam, request.params, 'params');
    const body = parseInput(callerProfilePatchBody, request.body, 'body');
    const contact = await services.contacts.get(id);
    return {
      callerProfile: callerProfileView(await services.callers.update(contact.officeNum, defined(body))),
    };
  });
}
