import { z } from 'zod';
import { eventKeys, type AlertEvent, type ParseResult } from './event.js';

/**
 * Nightingale callback body: one AlertCurEvent object, or an array of them (batch mode).
 * Only the fields used here are checked; the rest is tolerated.
 */
const seconds = z.number().int().nonnegative();

const eventSchema = z.looseObject({
  hash: z.string().regex(/^[A-Za-z0-9]+$/, { message: 'expected the event hash (hex)' }),
  rule_name: z.string(),
  rule_note: z.string().optional(),
  severity: z.number().int().min(1).max(3).optional(),
  first_trigger_time: seconds.optional(),
  trigger_time: seconds,
  last_eval_time: seconds.optional(),
  is_recovered: z.boolean().default(false),
  trigger_value: z.string().optional(),
  target_ident: z.string().optional(),
  cluster: z.string().optional(),
  group_name: z.string().optional(),
  runbook_url: z.string().optional(),
  tags: z.array(z.string()).optional(),
  tags_map: z.record(z.string(), z.string()).nullish(),
  annotations: z.record(z.string(), z.string()).nullish(),
});

const SEVERITY = ['', 'critical', 'warning', 'info'];

/** Validates a callback body and normalises each event. */
export function parseNightingalePayload(body: unknown): ParseResult {
  // Parsed as one shape or the other (not a union) so errors name the field, not the body.
  const parsed = Array.isArray(body) ? z.array(eventSchema).safeParse(body) : eventSchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })),
    };
  }
  const list = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  return { ok: true, events: list.map(toEvent) };
}

function toEvent(e: z.infer<typeof eventSchema>): AlertEvent {
  const labels: Record<string, string> = {};
  for (const tag of e.tags ?? []) {
    const eq = tag.indexOf('=');
    if (eq > 0) labels[tag.slice(0, eq)] = tag.slice(eq + 1);
  }
  Object.assign(labels, e.tags_map ?? {});
  labels.alertname ??= e.rule_name;
  if (e.severity !== undefined) labels.severity ??= SEVERITY[e.severity] ?? 'warning';
  if (e.target_ident) labels.ident ??= e.target_ident;
  if (e.cluster) labels.cluster ??= e.cluster;
  const annotations: Record<string, string> = { ...(e.annotations ?? {}) };
  annotations.summary ??= e.rule_name;
  if (e.rule_note) annotations.description ??= e.rule_note;
  if (e.runbook_url) annotations.runbook_url ??= e.runbook_url;
  const startsAt = (e.first_trigger_time ?? e.trigger_time) * 1000;
  const status = e.is_recovered ? 'resolved' : 'firing';
  return {
    ...eventKeys('nightingale', e.hash, startsAt, status),
    source: 'nightingale',
    status,
    labels,
    annotations,
    startsAt,
    ...(e.is_recovered ? { endsAt: (e.last_eval_time ?? e.trigger_time) * 1000 } : {}),
    ...(!e.is_recovered && e.trigger_value !== undefined ? { value: e.trigger_value } : {}),
  };
}
