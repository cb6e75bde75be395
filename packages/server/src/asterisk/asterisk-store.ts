import type { ColumnType, Generated, Kysely } from 'kysely';
import { DomainError } from '../domain/domain-error.ts';
import type { LegFailure, LegInterface } from './call-leg.ts';

/**
 * What the AMI side keeps in the shared database (tables of migration 0003_asterisk): each agent's
 * queues, the SIP secrets rendered into PJSIP accounts, and every attempt to call an agent's
 * phone with its outcome, so any node (and the console it serves) can say why a leg failed.
 *
 * It sits beside the domain's Store rather than in it because only the Asterisk wiring uses it;
 * it takes the Kysely instance of the opened store (`OpenedStore.db`).
 */

type Timestamp = ColumnType<Date | string, string, string>;
type NullableTimestamp = ColumnType<Date | string | null, string | null, string | null>;

type AsteriskTables = {
  agent_queues: { agent_id: number; queue: string; position: number };
  sip_secrets: { account: string; secret: string; created_at: Timestamp; updated_at: Timestamp };
  phone_leg_attempts: {
    id: Generated<number>;
    session_id: number;
    uniqueid: string;
    interface: string;
    dial_string: string;
    status: string;
    reason: string | null;
    message: string | null;
    started_at: Timestamp;
    ended_at: NullableTimestamp;
  };
};

/**
 * Why Callgate could not reach the agent's phone: Asterisk's answer, AMI itself, or `cancelled`
 * (the session ended while the phone rang, and Callgate hung the leg up).
 */
export type LegAttemptFailure = LegFailure | 'ami_down' | 'error' | 'cancelled';

export interface PhoneLegAttempt {
  id: number;
  sessionId: number;
  uniqueid: string;
  interface: LegInterface;
  dialString: string;
  status: 'calling' | 'connected' | 'failed';
  /** Set when failed. */
  reason: LegAttemptFailure | null;
  message: string | null;
  startedAt: Date;
  endedAt: Date | null;
}

/** Asterisk queue names as queues.conf allows them and as safe on the AMI wire. */
const QUEUE_NAME = /^[A-Za-z0-9_.-]{1,80}$/;

export function checkQueueNames(queues: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of queues) {
    const queue = raw.trim();
    if (!QUEUE_NAME.test(queue)) {
      throw new DomainError('E_VALIDATION', `Queue names are 1-80 of A-Z a-z 0-9 _ . - (got "${queue}")`);
    }
    if (!out.includes(queue)) out.push(queue);
  }
  return out;
}

export class AsteriskStore {
  private readonly db: Kysely<AsteriskTables>;

  /** `db` is the opened store's Kysely instance, migrated to 0003_asterisk or later. */
  // biome-ignore lint/suspicious/noExplicitAny: any store schema; only the three tables above are used
  constructor(db: Kysely<any>) {
    this.db = db.withTables<AsteriskTables>() as unknown as Kysely<AsteriskTables>;
  }

  async agentQueues(agentId: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('agent_queues')
      .select('queue')
      .where('agent_id', '=', agentId)
      .orderBy('position')
      .execute();
    return rows.map((r) => r.queue);
  }

  /** Every agent's queues (agents without any are absent). */
  async queuesByAgent(): Promise<Map<number, string[]>> {
    const rows = await this.db
      .selectFrom('agent_queues')
      .selectAll()
      .orderBy('agent_id')
      .orderBy('position')
      .execute();
    const map = new Map<number, string[]>();
    for (const r of rows) map.set(r.agent_id, [...(map.get(r.agent_id) ?? []), r.queue]);
    return map;
  }

  /** Replaces the agent's queues (validated, duplicates dropped, order kept); returns them. */
  async setAgentQueues(agentId: number, queues: readonly string[]): Promise<string[]> {
    const clean = checkQueueNames(queues);
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('agent_queues').where('agent_id', '=', agentId).execute();
      if (clean.length > 0) {
        await tx
          .insertInto('agent_queues')
          .values(clean.map((queue, position) => ({ agent_id: agentId, queue, position })))
          .execute();
      }
    });
    return clean;
  }

  async sipSecret(account: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('sip_secrets')
      .select('secret')
      .where('account', '=', account)
      .executeTakeFirst();
    return row?.secret;
  }

  /** The account's secret; `generate()`s and stores one when there is none (first writer wins). */
  async ensureSipSecret(account: string, generate: () => string, at = new Date()): Promise<string> {
    const existing = await this.sipSecret(account);
    if (existing !== undefined) return existing;
    const now = at.toISOString();
    await this.db
      .insertInto('sip_secrets')
      .values({ account, secret: generate(), created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('account').doNothing())
      .execute();
    return (await this.sipSecret(account)) as string;
  }

  async setSipSecret(account: string, secret: string, at = new Date()): Promise<void> {
    const now = at.toISOString();
    await this.db
      .insertInto('sip_secrets')
      .values({ account, secret, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('account').doUpdateSet({ secret, updated_at: now }))
      .execute();
  }

  async recordLegAttempt(attempt: {
    sessionId: number;
    uniqueid: string;
    interface: LegInterface;
    dialString: string;
    at: Date;
  }): Promise<void> {
    await this.db
      .insertInto('phone_leg_attempts')
      .values({
        session_id: attempt.sessionId,
        uniqueid: attempt.uniqueid,
        interface: attempt.interface,
        dial_string: attempt.dialString,
        status: 'calling',
        reason: null,
        message: null,
        started_at: attempt.at.toISOString(),
        ended_at: null,
      })
      .execute();
  }

  /** Records the outcome of a `calling` attempt; a later word on a finished attempt is ignored. */
  async finishLegAttempt(
    uniqueid: string,
    outcome:
      | { status: 'connected'; at: Date }
      | { status: 'failed'; reason: LegAttemptFailure; message?: string; at: Date },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('phone_leg_attempts')
      .set(
        outcome.status === 'connected'
          ? { status: 'connected' }
          : {
              status: 'failed',
              reason: outcome.reason,
              message: outcome.message ?? null,
              ended_at: outcome.at.toISOString(),
            },
      )
      .where('uniqueid', '=', uniqueid)
      .where('status', '=', 'calling')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The session's most recent attempt to call the agent. */
  async lastLegAttempt(sessionId: number): Promise<PhoneLegAttempt | undefined> {
    const row = await this.db
      .selectFrom('phone_leg_attempts')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      sessionId: row.session_id,
      uniqueid: row.uniqueid,
      interface: row.interface as LegInterface,
      dialString: row.dial_string,
      status: row.status as PhoneLegAttempt['status'],
      reason: row.reason as LegAttemptFailure | null,
      message: row.message,
      startedAt: new Date(row.started_at),
      endedAt: row.ended_at === null ? null : new Date(row.ended_at),
    };
  }
}
