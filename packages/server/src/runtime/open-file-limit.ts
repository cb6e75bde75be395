/**
 * Every socket is a file descriptor. When the process may open fewer than its caps allow, a flood
 * of one kind (idle HTTP connections) takes the descriptors another needs (Asterisk's calls): the
 * caps only protect each other if the limit covers them all. `callgate serve` checks it at start.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_MAX_PENDING_CONNECTIONS, PENDING_BURST_FACTOR } from '@callgate/agi';
import type { CallgateLogger } from '../logging/create-logger.ts';

/** Descriptors the caps may need at once, by what holds them. */
export interface DescriptorBudget {
  readonly agiSessions: number;
  /** FastAGI connections still sending their environment: the burst ceiling of their cap. */
  readonly agiPending: number;
  readonly http: number;
  readonly database: number;
  /** Listening sockets, stdio, AMI, log and module files, cluster channels. */
  readonly reserve: number;
  readonly total: number;
}

/** What the caps are: the parts of the serve configuration that hold descriptors. */
export interface DescriptorCaps {
  readonly maxAgiSessions: number;
  readonly httpMaxConnections: number;
  /** `postgres` keeps a pool of 10 and two event connections; SQLite a file, its WAL and index. */
  readonly backend: 'sqlite' | 'postgres';
}

const RESERVE = 64;
const POSTGRES_DESCRIPTORS = 10 + 2;
const SQLITE_DESCRIPTORS = 3;

export function descriptorBudget(caps: DescriptorCaps): DescriptorBudget {
  const agiPending = DEFAULT_MAX_PENDING_CONNECTIONS * PENDING_BURST_FACTOR;
  const database = caps.backend === 'postgres' ? POSTGRES_DESCRIPTORS : SQLITE_DESCRIPTORS;
  const total = caps.maxAgiSessions + agiPending + caps.httpMaxConnections + database + RESERVE;
  return {
    agiSessions: caps.maxAgiSessions,
    agiPending,
    http: caps.httpMaxConnections,
    database,
    reserve: RESERVE,
    total,
  };
}

/**
 * The soft limit on open files from the text of `/proc/<pid>/limits` (Linux): a number, Infinity
 * for `unlimited`, undefined when the line is not there.
 */
export function parseOpenFileLimit(limitsText: string): number | undefined {
  const match = /^Max open files\s+(\S+)/m.exec(limitsText);
  if (!match?.[1]) return undefined;
  if (match[1] === 'unlimited') return Number.POSITIVE_INFINITY;
  const value = Number(match[1]);
  return Number.isInteger(value) ? value : undefined;
}

export type OpenFileLimitCheck =
  | { readonly verdict: 'enough' | 'too-low'; readonly limit: number; readonly budget: DescriptorBudget }
  | { readonly verdict: 'unknown'; readonly budget: DescriptorBudget };

/**
 * Compares this process's open-file limit (Node raises the soft limit to the hard one as it
 * starts, so this is what it really has) with what the caps need. Where /proc is missing (macOS,
 * Windows) the limit is unknown and nothing is claimed.
 */
export function checkOpenFileLimit(
  caps: DescriptorCaps,
  readLimits: () => string = () => readFileSync('/proc/self/limits', 'utf8'),
): OpenFileLimitCheck {
  const budget = descriptorBudget(caps);
  let limit: number | undefined;
  try {
    limit = parseOpenFileLimit(readLimits());
  } catch {
    limit = undefined;
  }
  if (limit === undefined) return { verdict: 'unknown', budget };
  return { verdict: limit >= budget.total ? 'enough' : 'too-low', limit, budget };
}

/** Logs the check: a warning naming the numbers when the limit is too low, debug otherwise. */
export function reportOpenFileLimit(check: OpenFileLimitCheck, logger: CallgateLogger): void {
  const { budget } = check;
  if (check.verdict === 'unknown') {
    logger.debug(
      { needed: budget.total },
      'open-file limit not checked: /proc/self/limits is not readable here',
    );
    return;
  }
  if (check.verdict === 'enough') {
    logger.debug({ limit: check.limit, needed: budget.total }, 'open-file limit covers the caps');
    return;
  }
  logger.warn(
    { limit: check.limit, needed: budget.total, ...budget },
    `open-file limit ${check.limit} is below the ${budget.total} the caps may need ` +
      `(FastAGI sessions ${budget.agiSessions} + connections still identifying ${budget.agiPending} + ` +
      `HTTP connections ${budget.http} + database ${budget.database} + ${budget.reserve} spare): ` +
      'a flood of one kind could starve the others. Raise it (ulimit -n, systemd LimitNOFILE=) ' +
      'or lower --max-agi-sessions / --http-max-connections',
  );
}
