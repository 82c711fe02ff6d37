import { z } from 'zod';
import { eventKeys, type AlertEvent, type ParseResult } from './event.js';

/**
 * Alertmanager webhook payload version 4 (notify/webhook Message). Unknown fields, such as
 * `notification_reason` (v0.32) or `routeLabels` (v0.34), are accepted and ignored.
 */
const labelMap = z.record(z.string(), z.string());
const timestamp = z
  .string()
  .refine((s) => Number.isFinite(Date.parse(s)), { message: 'expected an RFC 3339 time' });

const alertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: labelMap,
  annotations: labelMap.default({}),
  startsAt: timestamp,
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().regex(/^[A-Za-z0-9]+$/, { message: 'expected the alert fingerprint (hex)' }),
});

const payloadSchema = z.looseObject({
  version: z.literal('4'),
  receiver: z.string().optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  groupKey: z.string().optional(),
  alerts: z.array(alertSchema),
});

/** Alertmanager writes `0001-01-01T00:00:00Z` for "no end"; anything before 1971 means unset. */
const NO_END_BEFORE = Date.UTC(1971, 0, 1);

/** Validates a webhook body and splits it into per-alert events. */
export function parseAlertmanagerPayload(body: unknown): ParseResult {
  const parsed = payloadSchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })),
    };
  }
  const events = parsed.data.alerts.map((alert): AlertEvent => {
    const startsAt = Date.parse(alert.startsAt);
    const endsAt = alert.endsAt !== undefined ? Date.parse(alert.endsAt) : NaN;
    return {
      ...eventKeys('alertmanager', alert.fingerprint, startsAt, alert.status),
      source: 'alertmanager',
      status: alert.status,
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt,
      ...(alert.status === 'resolved' && endsAt >= NO_END_BEFORE ? { endsAt } : {}),
      ...(alert.generatorURL ? { generatorUrl: alert.generatorURL } : {}),
    };
  });
  return { ok: true, events };
}
