import type { FastifyInstance } from 'fastify';

export interface HealthProbe {
  /** Resolves when the database answers; may hang, which the route bounds with its own timeout. */
  pingDatabase(): Promise<unknown>;
  /** `listening` while the FastAGI server accepts calls, else e.g. `closed`. */
  agiState(): string;
  /** The AMI connection (`connected`, `connecting`, `down`); absent when AMI is not configured. */
  amiState?(): string;
  readonly startedAt: number;
  readonly pingTimeoutMs?: number;
  /** Which `--workers` process answers (1 to N); absent outside a cluster. */
  readonly worker?: number;
}

export interface HealthBody {
  status: 'ok' | 'down';
  db: 'ok' | 'down';
  agi: string;
  /** Informative only: a node without AMI still logs agents in and serves dial-ins. */
  ami?: string;
  uptimeSec: number;
  /** Which `--workers` process answered: a cluster's workers take turns with connections. */
  worker?: number;
}

/** Resolves true when `promise` settles successfully within `ms`, false on error or timeout. */
async function answersWithin(promise: () => Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      promise().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /healthz` for load balancers and orchestrators: 200 only when the database answers within
 * the timeout (a node that cannot reach its store cannot log anyone in), else 503 with `db: down`.
 */
export function registerHealthRoute(app: FastifyInstance, probe: HealthProbe): void {
  app.get('/healthz', { logLevel: 'warn' }, async (_request, reply) => {
    const dbOk = await answersWithin(() => probe.pingDatabase(), probe.pingTimeoutMs ?? 1000);
    const body: HealthBody = {
      status: dbOk ? 'ok' : 'down',
      db: dbOk ? 'ok' : 'down',
      agi: probe.agiState(),
      ...(probe.amiState ? { ami: probe.amiState() } : {}),
      uptimeSec: Math.floor((Date.now() - probe.startedAt) / 1000),
      ...(probe.worker === undefined ? {} : { worker: probe.worker }),
    };
    reply.header('cache-control', 'no-store');
    return reply.code(dbOk ? 200 : 503).send(body);
  });
}
