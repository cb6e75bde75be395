/** The store's repositories over one Kysely handle (the pool, or a transaction). */
import type { Insertable, Kysely } from 'kysely';
import type { StoreBackend, StoreRepos } from '../domain/store-port.ts';
import { createDirectoryRepos } from './directory-repo.ts';
import { createLoginDeviceRepo } from './login-device-repo.ts';
import { createNodeRepo } from './node-repo.ts';
import {
  agentFromRow,
  agentToRow,
  authEventFromRow,
  contactFromRow,
  contactToRow,
  deviceFromRow,
  deviceToRow,
  iso,
  isoOrNull,
  lockoutFromRow,
  pauseCodeFromRow,
  pauseCodeToRow,
  sessionFromRow,
  sessionToRow,
  stateLogFromRow,
} from './row-mapping.ts';
import type {
  AgentSessionsTable,
  AgentsTable,
  ContactsTable,
  Database,
  DevicesTable,
  PauseCodesTable,
} from './schema.ts';
import { createSessionEventRepo } from './session-event-repo.ts';
import { translateStoreError } from './store-errors.ts';
import { createWebSessionRepo } from './web-session-repo.ts';

/** Wraps every method so driver errors come out as DomainErrors with stable codes. */
function translated<T extends object>(name: string, repo: T): T {
  const wrapped = {} as Record<string, unknown>;
  for (const [key, fn] of Object.entries(repo)) {
    wrapped[key] = async (...args: unknown[]) => {
      try {
        return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (err) {
        throw translateStoreError(err, `${name}.${key}`);
      }
    };
  }
  return wrapped as T;
}

export function createRepos(db: Kysely<Database>, backend: StoreBackend): StoreRepos {
  const agents: StoreRepos['agents'] = {
    async insert(row, at) {
      const inserted = await db
        .insertInto('agents')
        .values({
          ...(agentToRow(row) as Insertable<AgentsTable>),
          created_at: iso(at),
          updated_at: iso(at),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return agentFromRow(inserted);
    },
    async findById(id) {
      const r = await db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
      return r && agentFromRow(r);
    },
    async findByUserId(userId) {
      const r = await db.selectFrom('agents').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return r && agentFromRow(r);
    },
    async list() {
      return (await db.selectFrom('agents').selectAll().orderBy('user_id').execute()).map(agentFromRow);
    },
    async update(id, patch, at) {
      const r = await db
        .updateTable('agents')
        .set({ ...agentToRow(patch), updated_at: iso(at) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return r && agentFromRow(r);
    },
    async count() {
      const r = await db
        .selectFrom('agents')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };

  const devices: StoreRepos['devices'] = {
    async insert(row, at) {
      const r = await db
        .insertInto('devices')
        .values({
          ...(deviceToRow(row) as Insertable<DevicesTable>),
          created_at: iso(at),
          updated_at: iso(at),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return deviceFromRow(r);
    },
    async findById(id) {
      const r = await db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
      return r && deviceFromRow(r);
    },
    async findByEndpoint(endpoint) {
      const r = await db
        .selectFrom('devices')
        .selectAll()
        .where('endpoint', '=', endpoint)
        .executeTakeFirst();
      return r && deviceFromRow(r);
    },
    async list() {
      return (await db.selectFrom('devices').selectAll().orderBy('name').orderBy('id').execute()).map(
        deviceFromRow,
      );
    },
    async update(id, patch, at) {
      const r = await db
        .updateTable('devices')
        .set({ ...deviceToRow(patch), updated_at: iso(at) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return r && deviceFromRow(r);
    },
  };

  const contacts: StoreRepos['contacts'] = {
    async insert(row, at) {
      const r = await db
        .insertInto('contacts')
        .values({
          ...(contactToRow(row) as Insertable<ContactsTable>),
          created_at: iso(at),
          updated_at: iso(at),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return contactFromRow(r);
    },
    async findById(id) {
      const r = await db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
      return r && contactFromRow(r);
    },
    async findByOfficeNum(officeNum) {
      const r = await db
        .selectFrom('contacts')
        .selectAll()
        .where('office_num', '=', officeNum)
        .executeTakeFirst();
      return r && contactFromRow(r);
    },
    async list() {
      return (await db.selectFrom('contacts').selectAll().orderBy('office_num').execute()).map(
        contactFromRow,
      );
    },
    async update(id, patch, at) {
      const r = await db
        .updateTable('contacts')
        .set({ ...contactToRow(patch), updated_at: iso(at) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return r && contactFromRow(r);
    },
    async remove(id) {
      const r = await db.deleteFrom('contacts').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };

  const pauseCodes: StoreRepos['pauseCodes'] = {
    async insert(row) {
      const r = await db
        .insertInto('pause_codes')
        .values(pauseCodeToRow(row) as Insertable<PauseCodesTable>)
        .returningAll()
        .executeTakeFirstOrThrow();
      return pauseCodeFromRow(r);
    },
    async find(code) {
      const r = await db.selectFrom('pause_codes').selectAll().where('code', '=', code).executeTakeFirst();
      return r && pauseCodeFromRow(r);
    },
    async list() {
      return (await db.selectFrom('pause_codes').selectAll().orderBy('code').execute()).map(pauseCodeFromRow);
    },
    async update(code, patch) {
      const row = pauseCodeToRow(patch);
      if (Object.keys(row).length === 0) return pauseCodes.find(code);
      const r = await db
        .updateTable('pause_codes')
        .set(row)
        .where('code', '=', code)
        .returningAll()
        .executeTakeFirst();
      return r && pauseCodeFromRow(r);
    },
  };

  const sessions: StoreRepos['sessions'] = {
    async insert(row) {
      const r = await db
        .insertInto('agent_sessions')
        .values(sessionToRow(row) as Insertable<AgentSessionsTable>)
        .returningAll()
        .executeTakeFirstOrThrow();
      return sessionFromRow(r);
    },
    async findById(id) {
      const r = await db.selectFrom('agent_sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return r && sessionFromRow(r);
    },
    async findOpenByAgent(agentId) {
      const r = await db
        .selectFrom('agent_sessions')
        .selectAll()
        .where('agent_id', '=', agentId)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return r && sessionFromRow(r);
    },
    async findOpenByDevice(deviceId) {
      const r = await db
        .selectFrom('agent_sessions')
        .selectAll()
        .where('device_id', '=', deviceId)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return r && sessionFromRow(r);
    },
    async listOpen() {
      const rows = await db
        .selectFrom('agent_sessions')
        .selectAll()
        .where('ended_at', 'is', null)
        .orderBy('id')
        .execute();
      return rows.map(sessionFromRow);
    },
    async listOpenSeenBefore(before) {
      const rows = await db
        .selectFrom('agent_sessions')
        .selectAll()
        .where('ended_at', 'is', null)
        .where('last_seen_at', '<', iso(before))
        .orderBy('id')
        .execute();
      return rows.map(sessionFromRow);
    },
    async listOpenHeldLegs() {
      const rows = await db
        .selectFrom('agent_sessions')
        .selectAll()
        .where('ended_at', 'is', null)
        .where('phone_leg', '<>', 'none')
        .where('phone_leg_holder', 'is not', null)
        .orderBy('id')
        .execute();
      return rows.map(sessionFromRow);
    },
    async update(id, patch, guard = {}) {
      const row = sessionToRow(patch);
      let q = db.updateTable('agent_sessions').set(row).where('id', '=', id);
      if (guard.open) q = q.where('ended_at', 'is', null);
      if (guard.states) q = q.where('state', 'in', guard.states);
      if (guard.phoneLegs) q = q.where('phone_leg', 'in', guard.phoneLegs);
      if (guard.phoneUniqueid === null) q = q.where('phone_uniqueid', 'is', null);
      else if (guard.phoneUniqueid !== undefined) q = q.where('phone_uniqueid', '=', guard.phoneUniqueid);
      if (guard.stateChangedAt) q = q.where('state_changed_at', '=', iso(guard.stateChangedAt));
      if (guard.lastSeenBefore) q = q.where('last_seen_at', '<', iso(guard.lastSeenBefore));
      const r = await q.returningAll().executeTakeFirst();
      return r && sessionFromRow(r);
    },
  };

  const stateLog: StoreRepos['stateLog'] = {
    async insert(row) {
      const r = await db
        .insertInto('agent_state_log')
        .values({
          session_id: row.sessionId,
          agent_id: row.agentId,
          state: row.state,
          pause_code: row.pauseCode,
          started_at: iso(row.startedAt),
          ended_at: iso(row.endedAt),
          duration_ms: row.durationMs,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return stateLogFromRow(r);
    },
    async listBySession(sessionId) {
      const rows = await db
        .selectFrom('agent_state_log')
        .selectAll()
        .where('session_id', '=', sessionId)
        .orderBy('id')
        .execute();
      return rows.map(stateLogFromRow);
    },
    async listByAgent(agentId, limit = 500) {
      const rows = await db
        .selectFrom('agent_state_log')
        .selectAll()
        .where('agent_id', '=', agentId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(stateLogFromRow);
    },
  };

  const authEvents: StoreRepos['authEvents'] = {
    async insert(row) {
      const r = await db
        .insertInto('auth_events')
        .values({
          at: iso(row.at),
          source: row.source,
          agent_id: row.agentId,
          entered_id: row.enteredId,
          caller_id: row.callerId,
          channel: row.channel,
          uniqueid: row.uniqueid,
          remote_ip: row.remoteIp,
          result: row.result,
          attempt: row.attempt,
          actor_agent_id: row.actorAgentId,
          detail: row.detail,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return authEventFromRow(r);
    },
    async list(filter = {}) {
      let q = db.selectFrom('auth_events').selectAll();
      if (filter.agentId !== undefined) q = q.where('agent_id', '=', filter.agentId);
      if (filter.source !== undefined) q = q.where('source', '=', filter.source);
      if (filter.result !== undefined) q = q.where('result', '=', filter.result);
      if (filter.results !== undefined) q = q.where('result', 'in', [...filter.results]);
      if (filter.since !== undefined) q = q.where('at', '>=', iso(filter.since));
      if (filter.until !== undefined) q = q.where('at', '<=', iso(filter.until));
      const rows = await q
        .orderBy('id', 'desc')
        .limit(filter.limit ?? 1000)
        .execute();
      return rows.map(authEventFromRow);
    },
  };

  const lockouts: StoreRepos['lockouts'] = {
    async find(key, options = {}) {
      // SQLite has no row locks; its transactions hold the whole database (begin immediate).
      if (options.forUpdate && backend === 'postgres') {
        // FOR UPDATE cannot lock a row that is not there yet. An upsert whose update changes
        // nothing creates the row when missing (an empty counter whose window has long passed) and
        // locks it either way, in one round trip: concurrent first attempts queue on it too.
        const r = await db
          .insertInto('lockouts')
          .values({ key, failures: 0, window_start: iso(new Date(0)), locked_until: null })
          .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ key: eb.ref('excluded.key') })))
          .returningAll()
          .executeTakeFirstOrThrow();
        return lockoutFromRow(r);
      }
      const r = await db.selectFrom('lockouts').selectAll().where('key', '=', key).executeTakeFirst();
      return r && lockoutFromRow(r);
    },
    async findMany(keys) {
      if (keys.length === 0) return [];
      const rows = await db
        .selectFrom('lockouts')
        .selectAll()
        .where('key', 'in', [...keys])
        .execute();
      return rows.map(lockoutFromRow);
    },
    async listLocked(now) {
      const rows = await db
        .selectFrom('lockouts')
        .selectAll()
        .where('locked_until', '>', iso(now))
        .orderBy('locked_until', 'desc')
        .execute();
      return rows.map(lockoutFromRow);
    },
    async listByKeyPrefix(prefixes) {
      if (prefixes.length === 0) return [];
      for (const p of prefixes) {
        if (/[%_\\]/.test(p)) throw new Error(`lockout key prefix must not contain LIKE wildcards: ${p}`);
      }
      const rows = await db
        .selectFrom('lockouts')
        .selectAll()
        .where((eb) => eb.or(prefixes.map((p) => eb('key', 'like', `${p}%`))))
        .execute();
      return rows.map(lockoutFromRow);
    },
    async save(row) {
      const values = {
        failures: row.failures,
        window_start: iso(row.windowStart),
        locked_until: isoOrNull(row.lockedUntil),
        locked_at: isoOrNull(row.lockedAt),
        last_origin: row.lastOrigin,
        locks: row.locks,
      };
      await db
        .insertInto('lockouts')
        .values({ key: row.key, ...values })
        .onConflict((oc) => oc.column('key').doUpdateSet(values))
        .execute();
    },
    async removeExpired(windowStartedBy, locksForgottenBy) {
      const r = await db
        .deleteFrom('lockouts')
        .where((eb) =>
          eb.or([
            eb.and([eb('locked_until', 'is not', null), eb('locked_until', '<=', iso(locksForgottenBy))]),
            eb.and([
              eb('locked_until', 'is', null),
              eb('window_start', '<=', iso(windowStartedBy)),
              eb.or([eb('locks', '=', 0), eb('window_start', '<=', iso(locksForgottenBy))]),
            ]),
          ]),
        )
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };

  const directory = createDirectoryRepos(db);
  return {
    agents: translated('agents', agents),
    devices: translated('devices', devices),
    contacts: translated('contacts', contacts),
    pauseCodes: translated('pauseCodes', pauseCodes),
    sessions: translated('sessions', sessions),
    stateLog: translated('stateLog', stateLog),
    authEvents: translated('authEvents', authEvents),
    lockouts: translated('lockouts', lockouts),
    loginDevices: translated('loginDevices', createLoginDeviceRepo(db)),
    nodes: translated('nodes', createNodeRepo(db)),
    webSessions: translated('webSessions', createWebSessionRepo(db)),
    sessionEvents: translated('sessionEvents', createSessionEventRepo(db)),
    directory: translated('directory', directory.directory),
    callerProfiles: translated('callerProfiles', directory.callerProfiles),
  };
}
