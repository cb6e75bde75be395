import { AmiClient } from '../asterisk/ami-client.ts';
import { AsteriskStore, type PhoneLegAttempt } from '../asterisk/asterisk-store.ts';
import {
  type AsteriskStatus,
  type AsteriskStatusChange,
  SessionCallControl,
  type SessionLegOutcome,
} from '../asterisk/session-call-control.ts';
import { agentCallerIdOf, type ServeConfig } from '../config/serve-config.ts';
import type { Services } from '../domain/create-services.ts';
import { DomainError } from '../domain/domain-error.ts';
import type { CallgateLogger } from '../logging/create-logger.ts';
import type { OpenedStore } from '../store/index.ts';

/**
 * What the HTTP API (and anything else in the server) may ask of the Asterisk side, whether AMI is
 * configured or not: with AMI off, the status is `off` and "call me again" is refused with E_STATE.
 */
export interface AsteriskAccess {
  /** `off` (no --ami-url), `connected`, `connecting` or `down`. */
  status(): AsteriskStatus;
  /** Calls on every status change (the console's "Asterisk unreachable" banner). Returns unsubscribe. */
  onStatus(listener: (change: AsteriskStatusChange) => void): () => void;
  /** Calls when an attempt to call an agent's phone ends (connected, or failed with a reason). */
  onLegOutcome(listener: (event: { sessionId: number; outcome: SessionLegOutcome }) => void): () => void;
  /** "Call me again". E_STATE when AMI is off or a leg is up, E_NO_SESSION, E_VALIDATION for dial-in. */
  callAgainSession(sessionId: number): Promise<SessionLegOutcome>;
  /** The session's last attempt to call the agent's phone (status, failure reason), if any. */
  lastLegAttempt(sessionId: number): Promise<PhoneLegAttempt | undefined>;
  /** The queues an agent joins while logged in. */
  agentQueues(agentId: number): Promise<string[]>;
  /** Replaces them (names checked: E_VALIDATION); applied to Asterisk at the agent's next login or reconnect. */
  setAgentQueues(agentId: number, queues: readonly string[]): Promise<string[]>;
}

export interface StartedAsterisk extends AsteriskAccess {
  /** Present when AMI is configured. */
  readonly calls: SessionCallControl | undefined;
  /** Logs off AMI and waits for the follow-ups in progress. Idempotent. */
  stop(): Promise<void>;
}

export interface StartAsteriskOptions {
  config: ServeConfig;
  services: Services;
  store: OpenedStore;
  logger: CallgateLogger;
}

/**
 * Starts the AMI client and the session call control when `--ami-url` is set; otherwise returns
 * the `off` access. Never waits for Asterisk: an unreachable AMI is degraded mode, not a failed start.
 */
export function startAsterisk(options: StartAsteriskOptions): StartedAsterisk {
  const { config, services, logger } = options;
  const store = new AsteriskStore(options.store.db);
  const queues = {
    agentQueues: (agentId: number) => store.agentQueues(agentId),
    setAgentQueues: (agentId: number, list: readonly string[]) => store.setAgentQueues(agentId, list),
    lastLegAttempt: (sessionId: number) => store.lastLegAttempt(sessionId),
  };
  const ami = config.amiUrl;
  if (!ami) {
    return {
      calls: undefined,
      status: () => 'off',
      onStatus: () => () => {},
      onLegOutcome: () => () => {},
      callAgainSession: async () => {
        throw new DomainError('E_STATE', 'Asterisk Manager (AMI) is not configured: set --ami-url');
      },
      ...queues,
      stop: async () => {},
    };
  }
  const log = logger.child({ component: 'ami' });
  const client = new AmiClient({
    host: ami.host,
    port: ami.port,
    username: ami.username,
    secret: ami.secret,
    auth: ami.auth,
    ...(ami.tls
      ? {
          tls: {
            ...(config.amiCa === undefined ? {} : { ca: config.amiCa }),
            allowUnverified: config.amiTlsAllowUnverified,
          },
        }
      : {}),
    logger: log,
  });
  if (ami.tls && config.amiTlsAllowUnverified) {
    log.warn(
      { host: ami.host, port: ami.port },
      "AMI over TLS without verifying Asterisk's certificate (--ami-tls-allow-unverified): for a test bench only",
    );
  }
  const calls = new SessionCallControl({
    services,
    client,
    store,
    queueContext: config.queueContext,
    control: {
      trunkContext: config.mobileContext,
      bridgeProfile: config.bridgeProfile,
      userProfile: config.userProfile,
      ringTimeoutMs: config.ringTimeoutSec * 1000,
      callerId: agentCallerIdOf(config),
    },
  });
  calls.on('warning', (w) =>
    log.warn({ code: w.code, sessionId: w.sessionId, err: w.error }, `asterisk: ${w.message}`),
  );
  calls.on('status', (change) => {
    const fields = { status: change.status, previous: change.previous, error: change.error };
    if (change.status === 'connected') log.info(fields, 'AMI connected');
    else if (change.previous === 'connected')
      log.warn(fields, 'AMI connection lost; degraded until it is back');
  });
  calls.on('legOutcome', ({ sessionId, outcome }) =>
    log.info({ sessionId, ...outcome }, 'phone leg attempt'),
  );
  calls.start();
  client.start();

  let stopping: Promise<void> | undefined;
  return {
    calls,
    status: () => calls.asteriskStatus(),
    onStatus(listener) {
      calls.on('status', listener);
      return () => calls.off('status', listener);
    },
    onLegOutcome(listener) {
      calls.on('legOutcome', listener);
      return () => calls.off('legOutcome', listener);
    },
    callAgainSession: (sessionId) => calls.callAgainSession(sessionId),
    ...queues,
    stop() {
      // Closing the client first ends a ringing originate at once (recorded as failed) instead of
      // holding the shutdown for the ring timeout.
      stopping ??= client.close().then(() => calls.stop());
      return stopping;
    },
  };
}
