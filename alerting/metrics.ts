import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { opsctlVersion } from '../adapters/version.js';

/** The alert router's metrics, named as in shared/DESIGN.md (metrics contract). */
export interface RouterMetrics {
  registry: Registry;
  received: Counter<'source'>;
  notifications: Counter<'receiver' | 'channel' | 'result'>;
  duration: Histogram<'channel'>;
  suppressed: Counter<'receiver' | 'reason'>;
}

/** Builds the router's own registry; the backlog gauges read `backlog()` at scrape time. */
export function createRouterMetrics(
  backlog: () => { pending: number; oldestAgeSeconds: number },
): RouterMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'opsctl_build_info',
    help: 'opsctl build information (always 1).',
    labelNames: ['version'],
    registers: [registry],
  }).set({ version: opsctlVersion() }, 1);
  new Gauge({
    name: 'opsctl_outbox_pending',
    help: 'Notifications not finished yet (pending, held for a digest, or being sent).',
    registers: [registry],
    collect() {
      this.set(backlog().pending);
    },
  });
  new Gauge({
    name: 'opsctl_outbox_oldest_age_seconds',
    help: 'Age of the oldest unfinished notification.',
    registers: [registry],
    collect() {
      this.set(backlog().oldestAgeSeconds);
    },
  });
  return {
    registry,
    received: new Counter({
      name: 'opsctl_alerts_received_total',
      help: 'Alerts received (per alert, duplicates included).',
      labelNames: ['source'],
      registers: [registry],
    }),
    notifications: new Counter({
      name: 'opsctl_notifications_total',
      help: 'Notification attempts by outcome: success, retry, failed (for good), unknown (may have been sent).',
      labelNames: ['receiver', 'channel', 'result'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'opsctl_notification_duration_seconds',
      help: 'Duration of one notification attempt (all its parts).',
      labelNames: ['channel'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    suppressed: new Counter({
      name: 'opsctl_notifications_suppressed_total',
      help: 'Notifications not sent now, by reason (resolved opt-out, quiet hours digest, SMS cap, ...).',
      labelNames: ['receiver', 'reason'],
      registers: [registry],
    }),
  };
}
