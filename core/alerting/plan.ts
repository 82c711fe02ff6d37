import { severityOf, type AlertEvent } from './event.js';
import { whoIsOnCall, type OnCallAnswer } from './oncall.js';
import { isQuiet, quietEnd } from './quiet-hours.js';
import type { CompiledRoutes } from './routes-config.js';
import { matchRoutes, type RouteMatch } from './route-tree.js';
import type { ChannelConfig } from './routes-schema.js';

/** Why a notification was not sent (the `reason` label of opsctl_notifications_suppressed_total). */
export type SuppressReason =
  'resolved_opt_out' | 'firing_not_delivered' | 'quiet_hours' | 'no_recipient' | 'sms_daily_cap' | 'gave_up';

/** One notification to make: a receiver's channel, and for SMS one phone number. */
export interface PlannedDelivery {
  receiver: string;
  channel: string;
  /** The phone number for SMS channels, '' otherwise. */
  target: string;
  /** Set in quiet hours for low severities: the notification joins the digest at `until`. */
  hold?: { until: number; quietHours: string };
  /** For SMS to a rotation: who was on call (kept in the audit trail and the ledger). */
  onCall?: OnCallAnswer & { rotation: string };
  /** From the route: a still-firing alert repeated by its source is re-sent after this long. */
  repeatIntervalMs?: number;
}

export interface PlannedSuppression {
  receiver: string;
  channel?: string;
  reason: SuppressReason;
  detail?: string;
}

export interface RoutingPlan {
  matched: RouteMatch[];
  deliveries: PlannedDelivery[];
  suppressions: PlannedSuppression[];
}

/** SMS channels fan out per phone number; everything else is one notification per channel. */
export function isSmsChannel(channel: ChannelConfig): boolean {
  return channel.type === 'aliyun-sms' || channel.type === 'tencent-sms';
}

/** Decides, for one event at `now`, which receivers and channels get it and which are skipped. */
export function planEvent(event: AlertEvent, routes: CompiledRoutes, now: number): RoutingPlan {
  const matched = matchRoutes(routes.root, event.labels);
  const deliveries: PlannedDelivery[] = [];
  const suppressions: PlannedSuppression[] = [];
  const seen = new Set<string>();
  for (const match of matched) {
    const receiver = routes.receivers.get(match.receiver);
    if (!receiver) continue;
    if (event.status === 'resolved' && !match.sendResolved) {
      suppressions.push({
        receiver: receiver.name,
        reason: 'resolved_opt_out',
        detail: `route ${match.path}`,
      });
      continue;
    }
    const hold = holdFor(event, match, routes, now);
    for (const channelName of receiver.channels) {
      const channel = routes.file.channels[channelName];
      if (!channel) continue;
      if (event.status === 'resolved' && !channel.sendResolved) {
        suppressions.push({
          receiver: receiver.name,
          channel: channelName,
          reason: 'resolved_opt_out',
          detail: 'channel',
        });
        continue;
      }
      const targets = isSmsChannel(channel)
        ? smsTargets(receiver.sms?.to ?? [], routes, now)
        : [{ phone: '' }];
      if (targets.length === 0)
        suppressions.push({ receiver: receiver.name, channel: channelName, reason: 'no_recipient' });
      for (const target of targets) {
        const id = `${receiver.name}\u0000${channelName}\u0000${target.phone}`;
        if (seen.has(id)) continue;
        seen.add(id);
        deliveries.push({
          receiver: receiver.name,
          channel: channelName,
          target: target.phone,
          ...(hold ? { hold } : {}),
          ...(target.onCall ? { onCall: target.onCall } : {}),
          ...(match.repeatIntervalMs !== undefined ? { repeatIntervalMs: match.repeatIntervalMs } : {}),
        });
      }
    }
  }
  return { matched, deliveries, suppressions };
}

function holdFor(
  event: AlertEvent,
  match: RouteMatch,
  routes: CompiledRoutes,
  now: number,
): PlannedDelivery['hold'] | undefined {
  if (match.quietHours === undefined) return undefined;
  const quiet = routes.file.quietHours[match.quietHours];
  if (!quiet || !isQuiet(quiet, now, routes.zone)) return undefined;
  if (quiet.pageSeverities.includes(severityOf(event))) return undefined;
  return { until: quietEnd(quiet, now, routes.zone), quietHours: match.quietHours };
}

interface SmsTarget {
  phone: string;
  onCall?: OnCallAnswer & { rotation: string };
}

/** Phone numbers for `sms.to` entries: people, `oncall:<rotation>` and literal numbers. */
export function smsTargets(entries: readonly string[], routes: CompiledRoutes, now: number): SmsTarget[] {
  const out: SmsTarget[] = [];
  for (const entry of entries) {
    if (entry.startsWith('oncall:')) {
      const rotation = entry.slice('oncall:'.length);
      const config = routes.file.rotations[rotation];
      if (!config) continue;
      const answer = whoIsOnCall(config, now, routes.zone);
      const mobile = routes.file.people[answer.person]?.mobile;
      if (mobile) out.push({ phone: mobile, onCall: { ...answer, rotation } });
    } else {
      const mobile = routes.file.people[entry]?.mobile ?? (/^\+?\d+$/.test(entry) ? entry : undefined);
      if (mobile) out.push({ phone: mobile });
    }
  }
  return out.filter((t, i) => out.findIndex((o) => o.phone === t.phone) === i);
}
