import { severityOf, type AlertEvent, type AlertStatus } from './event.js';
import type { PartInfo } from './packing.js';
import { formatDuration, formatZoned } from './zoned-time.js';

/** An alert as templates see it: every time already in the configured zone. */
export interface AlertView {
  key: string;
  source: string;
  status: AlertStatus;
  severity: string;
  alertname: string;
  summary: string;
  description: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** `2026-02-10 08:05:09` in the zone. */
  startsAt: string;
  /** Empty while firing (never Alertmanager's 0001-01-01). */
  endsAt: string;
  /** How long it fired (resolved) or has been firing (firing), e.g. `2h 5m`. */
  duration: string;
  /** Nightingale's trigger value while firing, else empty. */
  value: string;
  generatorUrl: string;
}

/** The data one message is rendered from (the Liquid template context). */
export interface MessageView {
  receiver: string;
  /** `firing` / `resolved` when all alerts agree, else `mixed`. */
  status: AlertStatus | 'mixed';
  /** A digest (quiet hours or coalesced under a rate limit) rather than a single notification. */
  digest: boolean;
  alerts: AlertView[];
  firing: number;
  resolved: number;
  zone: string;
  /** Names to mention, for templates that want to write them. */
  mentions: string[];
  part: PartInfo;
}

/** Turns an event into its view at `now` in `zone`. */
export function toAlertView(event: AlertEvent, zone: string, now: number): AlertView {
  const ended = event.status === 'resolved' ? (event.endsAt ?? now) : now;
  return {
    key: event.key,
    source: event.source,
    status: event.status,
    severity: severityOf(event),
    alertname: event.labels.alertname ?? '(no alertname)',
    summary: event.annotations.summary ?? event.annotations.message ?? '',
    description: event.annotations.description ?? '',
    labels: event.labels,
    annotations: event.annotations,
    startsAt: formatZoned(event.startsAt, zone),
    endsAt: event.status === 'resolved' && event.endsAt !== undefined ? formatZoned(event.endsAt, zone) : '',
    duration: formatDuration(ended - event.startsAt),
    value: event.value ?? '',
    generatorUrl: event.generatorUrl ?? '',
  };
}

/** The view of a message carrying `alerts` (before it is split into parts). */
export function buildMessageView(
  alerts: AlertView[],
  options: { receiver: string; digest: boolean; zone: string; mentions: string[] },
): MessageView {
  const firing = alerts.filter((a) => a.status === 'firing').length;
  const resolved = alerts.length - firing;
  const status = resolved === 0 ? 'firing' : firing === 0 ? 'resolved' : 'mixed';
  return { ...options, alerts, firing, resolved, status, part: { index: 1, total: 1, more: 0 } };
}

/** The view restricted to one part's alerts. */
export function partView(view: MessageView, alerts: readonly AlertView[], part: PartInfo): MessageView {
  return { ...view, alerts: [...alerts], part };
}
