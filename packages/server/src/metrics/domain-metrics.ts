import type { DomainObserver } from '../domain/domain-observer.ts';
import { describeLane } from '../domain/login-lanes.ts';
import type { CallgateMetrics } from './callgate-metrics.ts';

/** The domain's observer, counting into the metrics (lanes by kind: never a user or caller ID). */
export function domainMetricsObserver(metrics: CallgateMetrics): DomainObserver {
  return {
    secretChecked(kind) {
      metrics.loginSecretChecks.inc({ kind });
    },
    attemptRefused(kind, lane) {
      metrics.loginRefused.inc({ kind, lane: describeLane(lane)?.kind ?? 'other' });
    },
    auditDeferred(pending) {
      metrics.auditDeferred.set(pending);
    },
  };
}
