/**
 * The directory's repositories (see ../domain/directory-port.ts) over the store's Kysely handle:
 * the `directory_entries` table and the caller columns of `contacts` (migration 0002).
 */
import type { Generated, Kysely, Selectable, Updateable } from 'kysely';
import type { CallerProfile } from '../domain/directory-caller.ts';
import type { DirectoryEntry, DirectoryTarget } from '../domain/directory-entry.ts';
import type { DirectoryEntryPatch, DirectoryStore } from '../domain/directory-port.ts';
import { flag, iso } from './row-mapping.ts';
import type { Database, Flag, Timestamp } from './schema.ts';

export interface DirectoryEntriesTable {
  id: Generated<number>;
  extension: string;
  name: string;
  /** `&`-joined endpoints; null for a device or agent entry. */
  endpoints: string | null;
  device_id: number | null;
  agent_id: number | null;
  ring_seconds: number;
  voicemail_box: string | null;
  voicemail_context: string;
  enabled: Flag;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The columns migration 0002 adds to contacts. */
export interface ContactCallerColumns {
  vip: Generated<Flag>;
  account: string | null;
}

type DirectoryDatabase = Database & {
  directory_entries: DirectoryEntriesTable;
  contacts: Database['contacts'] & ContactCallerColumns;
};

function entryFromRow(r: Selectable<DirectoryEntriesTable>): DirectoryEntry {
  const target: DirectoryTarget =
    r.agent_id !== null
      ? { kind: 'agent', agentId: r.agent_id }
      : r.device_id !== null
        ? { kind: 'device', deviceId: r.device_id }
        : { kind: 'endpoints', endpoints: (r.endpoints ?? '').split('&').filter((e) => e !== '') };
  return {
    id: r.id,
    extension: r.extension,
    name: r.name,
    target,
    ringSeconds: r.ring_seconds,
    voicemailBox: r.voicemail_box,
    voicemailContext: r.voicemail_context,
    enabled: r.enabled === 1,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

function entryToRow(e: DirectoryEntryPatch): Updateable<DirectoryEntriesTable> {
  const row: Updateable<DirectoryEntriesTable> = {};
  if (e.extension !== undefined) row.extension = e.extension;
  if (e.name !== undefined) row.name = e.name;
  if (e.target !== undefined) Object.assign(row, targetColumns(e.target));
  if (e.ringSeconds !== undefined) row.ring_seconds = e.ringSeconds;
  if (e.voicemailBox !== undefined) row.voicemail_box = e.voicemailBox;
  if (e.voicemailContext !== undefined) row.voicemail_context = e.voicemailContext;
  if (e.enabled !== undefined) row.enabled = flag(e.enabled);
  return row;
}

/** Exactly one of the three columns is set (the table's check constraint says so too). */
function targetColumns(
  target: DirectoryTarget,
): Pick<DirectoryEntriesTable, 'endpoints' | 'device_id' | 'agent_id'> {
  return {
    endpoints: target.kind === 'endpoints' ? target.endpoints.join('&') : null,
    device_id: target.kind === 'device' ? target.deviceId : null,
    agent_id: target.kind === 'agent' ? target.agentId : null,
  };
}

interface CallerRow {
  id: number;
  office_num: string;
  name: string;
  vip: Flag;
  account: string | null;
}

function callerFromRow(r: CallerRow): CallerProfile {
  return { contactId: r.id, officeNum: r.office_num, name: r.name, vip: r.vip === 1, account: r.account };
}

/** Plain repositories; createRepos (kysely-repos.ts) wraps them to translate driver errors. */
export function createDirectoryRepos(base: Kysely<Database>): DirectoryStore {
  // The same connection, typed with the tables and columns migration 0002 adds.
  const db = base as unknown as Kysely<DirectoryDatabase>;
  const callerColumns = ['id', 'office_num', 'name', 'vip', 'account'] as const;

  const directory: DirectoryStore['directory'] = {
    async insert(row, at) {
      const inserted = await db
        .insertInto('directory_entries')
        .values({
          extension: row.extension,
          name: row.name,
          ...targetColumns(row.target),
          ring_seconds: row.ringSeconds,
          voicemail_box: row.voicemailBox,
          voicemail_context: row.voicemailContext,
          enabled: flag(row.enabled),
          created_at: iso(at),
          updated_at: iso(at),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return entryFromRow(inserted);
    },
    async findById(id) {
      const r = await db.selectFrom('directory_entries').selectAll().where('id', '=', id).executeTakeFirst();
      return r && entryFromRow(r);
    },
    async findByExtension(extension) {
      const r = await db
        .selectFrom('directory_entries')
        .selectAll()
        .where('extension', '=', extension)
        .executeTakeFirst();
      return r && entryFromRow(r);
    },
    async list() {
      const rows = await db.selectFrom('directory_entries').selectAll().orderBy('extension').execute();
      return rows.map(entryFromRow);
    },
    async update(id, patch, at) {
      const r = await db
        .updateTable('directory_entries')
        .set({ ...entryToRow(patch), updated_at: iso(at) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return r && entryFromRow(r);
    },
  };

  const callerProfiles: DirectoryStore['callerProfiles'] = {
    async findByNumbers(numbers) {
      if (numbers.length === 0) return undefined;
      const rows = await db
        .selectFrom('contacts')
        .select(callerColumns)
        .where('office_num', 'in', [...numbers])
        // A disabled contact is no longer recognised on calls (its details stay for admins).
        .where('enabled', '=', 1)
        .execute();
      // Several forms may match different contacts: the most likely form wins.
      for (const number of numbers) {
        const row = rows.find((r) => r.office_num === number);
        if (row) return callerFromRow(row);
      }
      return undefined;
    },
    async findByOfficeNum(officeNum) {
      const r = await db
        .selectFrom('contacts')
        .select(callerColumns)
        .where('office_num', '=', officeNum)
        .executeTakeFirst();
      return r && callerFromRow(r);
    },
    async update(contactId, patch, at) {
      const set: { vip?: Flag; account?: string | null; updated_at: string } = {
        updated_at: iso(at),
      };
      if (patch.vip !== undefined) set.vip = flag(patch.vip);
      if (patch.account !== undefined) set.account = patch.account;
      const r = await db
        .updateTable('contacts')
        .set(set)
        .where('id', '=', contactId)
        .returning(callerColumns)
        .executeTakeFirst();
      return r && callerFromRow(r);
    },
  };

  return { directory, callerProfiles };
}
