import type { AlertEvent } from '../core/alerting/event.js';
import { planEvent, type PlannedSuppression } from '../core/alerting/plan.js';
import type { CompiledRoutes } from '../core/alerting/routes-config.js';
import type { IngestDecision } from '../adapters/store/alert-store.js';
import type { NewNotification } from '../adapters/store/schema.js';

/**
 * Routing as the intake transaction runs it: a new event gets its notifications (held for the
 * digest in quiet hours); a duplicate gets nothing, unless its route re-notifies still-firing
 * alerts and a new repeat round has started (the unique key absorbs peers' copies of it).
 */
export function createDecider(
  routes: () => CompiledRoutes,
  onSuppressed: (s: PlannedSuppression) => void,
): (event: AlertEvent, prior: { firstReceivedAt: number } | undefined, now: number) => IngestDecision {
  return (event, prior, now) => {
    const plan = planEvent(event, routes(), now);
    const audit: IngestDecision['audit'] = [];
    const notifications: NewNotification[] = [];
    for (const d of plan.deliveries) {
      let round = 0;
      if (prior) {
        if (event.status !== 'firing' || d.repeatIntervalMs === undefined) continue;
        round = Math.floor((now - prior.firstReceivedAt) / d.repeatIntervalMs);
        if (round < 1) continue;
      }
      notifications.push({
        receiver: d.receiver,
        channel: d.channel,
        target: d.target,
        round,
        state: d.hold ? 'held' : 'pending',
        nextAt: d.hold ? d.hold.until : now,
        ...(d.onCall ? { onCall: d.onCall } : {}),
      });
    }
    if (!prior) {
      audit.push({
        kind: 'route',
        detail: {
          matched: plan.matched.map((m) => `${m.path} -> ${m.receiver}`),
          notifications: plan.deliveries.map((d) => ({
            receiver: d.receiver,
            channel: d.channel,
            ...(d.target ? { target: maskTarget(d.target) } : {}),
            ...(d.onCall ? { onCall: `${d.onCall.rotation}: ${d.onCall.person} (${d.onCall.via})` } : {}),
            ...(d.hold
              ? { heldUntil: new Date(d.hold.until).toISOString(), quietHours: d.hold.quietHours }
              : {}),
          })),
        },
      });
      for (const s of plan.suppressions) {
        audit.push({ kind: 'suppressed', detail: s });
        onSuppressed(s);
      }
      for (const d of plan.deliveries.filter((x) => x.hold))
        onSuppressed({ receiver: d.receiver, channel: d.channel, reason: 'quiet_hours' });
    } else if (notifications.length > 0) {
      audit.push({
        kind: 'repeat',
        detail: { round: notifications[0]?.round, notifications: notifications.length },
      });
    }
    return { notifications, audit };
  };
}

function maskTarget(phone: string): string {
  return phone.length > 7 ? `${phone.slice(0, phone.length - 8)}****${phone.slice(-4)}` : phone;
}
