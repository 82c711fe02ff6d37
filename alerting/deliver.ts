import type {
  AttemptRecord,
  ChannelClient,
  OutgoingMessage,
  SendOutcome,
} from '../adapters/alert-channels/types.js';
import type { Logger } from '../adapters/log/logger.js';
import { maskPhone } from '../adapters/alert-channels/redact.js';
import type { AlertStore } from '../adapters/store/alert-store.js';
import type { LedgerState, OutboxRow, OutboxState } from '../adapters/store/schema.js';
import { isSmsChannel } from '../core/alerting/plan.js';
import { backoffMs } from '../core/alerting/rate-windows.js';
import type { CompiledRoutes } from '../core/alerting/routes-config.js';
import type { RateWindows } from '../core/alerting/rate-windows.js';
import { buildOutgoing, keysOf } from './message-builder.js';
import type { RouterMetrics } from './metrics.js';

export interface DeliverDeps {
  store: AlertStore;
  routes: () => CompiledRoutes;
  clients: ReadonlyMap<string, ChannelClient>;
  metrics: RouterMetrics;
  log: Logger;
  now: () => number;
  random: () => number;
}

const LEDGER_STATE: Record<SendOutcome['result'], LedgerState> = {
  success: 'sent',
  retry: 'failed',
  failed: 'failed',
  unknown: 'unknown',
};

/**
 * Sends one message for `rows` (claimed, same receiver/channel/target) and records the outcome.
 * For SMS the ledger rows are committed first; an unknown outcome is final (never resent).
 */
export async function deliver(
  rows: readonly OutboxRow[],
  limiter: RateWindows,
  deps: DeliverDeps,
  maxParts: number,
): Promise<void> {
  const first = rows[0]!;
  const routes = deps.routes();
  const channel = routes.file.channels[first.channel];
  const client = deps.clients.get(first.channel);
  const started = deps.now();
  const message = buildOutgoing(rows, deps.store, routes, started, `opsctl-${first.id}-${first.attempts}`);
  if (!channel || !client || !message) {
    const detail = 'receiver, channel or events no longer configured/stored';
    finish(rows, { result: 'failed', detail, partsDone: 0, attempts: [] }, deps);
    return;
  }
  const sms = isSmsChannel(channel);
  const settled = sms ? settledByLedger(rows, deps) : undefined;
  if (settled) {
    finish(rows, settled, deps);
    return;
  }
  const callId = sms ? beginSmsCall(rows, deps, started) : 0;
  const outcome = await sendSafely(client, { ...message, maxParts }, sms);
  const ended = deps.now();
  for (let i = 0; i < Math.max(1, outcome.attempts.length); i++) limiter.record(ended);
  if (sms) {
    deps.store.ledger.finish(
      callId,
      LEDGER_STATE[outcome.result],
      outcome.detail,
      outcome.providerIds?.[0],
      ended,
    );
  }
  deps.metrics.duration.observe({ channel: first.channel }, (ended - started) / 1000);
  finish(rows, outcome, deps);
}

/** The ledger, not the outbox, decides whether an SMS may already be out. */
function settledByLedger(rows: readonly OutboxRow[], deps: DeliverDeps): SendOutcome | undefined {
  const prior = deps.store.ledger.priorOutcome(rows.map((r) => r.id));
  if (prior === 'sent')
    return { result: 'success', detail: 'already sent (ledger)', partsDone: 1, attempts: [] };
  if (prior === 'unknown') {
    return {
      result: 'unknown',
      detail: 'an earlier call has an unknown outcome (ledger)',
      partsDone: 1,
      attempts: [],
    };
  }
  return undefined;
}

/** Commits the ledger rows of an SMS call (before the call is made). */
function beginSmsCall(rows: readonly OutboxRow[], deps: DeliverDeps, now: number): number {
  const first = rows[0]!;
  const entries = rows.map((r) => ({ outboxId: r.id, attempt: r.attempts, onCall: r.onCall }));
  return deps.store.ledger.begin({ phone: first.target, channel: first.channel, entries }, now);
}

/** A client that throws is a retry for robots and an unknown outcome for SMS. */
async function sendSafely(
  client: ChannelClient,
  message: OutgoingMessage,
  sms: boolean,
): Promise<SendOutcome> {
  try {
    return await client.send(message);
  } catch (error) {
    const detail = `client error: ${(error as Error).message}`;
    return { result: sms ? 'unknown' : 'retry', detail, partsDone: 0, attempts: [] };
  }
}

/** Request bodies kept in the audit trail are bounded; a combined message's is not repeated per alert. */
const MAX_AUDIT_BODY = 16 * 1024;

function compactAttempt(attempt: AttemptRecord, combined: boolean): AttemptRecord {
  const bytes = JSON.stringify(attempt.request ?? null).length;
  if (!combined && bytes <= MAX_AUDIT_BODY) return attempt;
  return { ...attempt, request: { omitted: combined ? 'combined message' : 'large body', bytes } };
}

/** The outbox state after an outcome: retry later (with backoff), or a final state. */
function nextState(
  rows: readonly OutboxRow[],
  outcome: SendOutcome,
  deps: DeliverDeps,
  now: number,
): { state: OutboxState; nextAt?: number; gaveUp?: boolean } {
  if (outcome.result === 'success') return { state: 'done' };
  if (outcome.result !== 'retry') return { state: outcome.result };
  const { delivery } = deps.routes().file;
  const tooOld = now - Math.min(...rows.map((r) => r.createdAt)) > delivery.maxAgeSeconds * 1000;
  const attempts = Math.max(...rows.map((r) => r.attempts));
  if (tooOld || attempts >= delivery.maxAttempts) return { state: 'failed', gaveUp: true };
  const backoff = backoffMs(
    attempts,
    delivery.initialBackoffSeconds * 1000,
    delivery.maxBackoffSeconds * 1000,
    deps.random,
  );
  // A provider's "wait" (rate limit) is honoured, within the configured longest backoff.
  const delay = Math.min(delivery.maxBackoffSeconds * 1000, Math.max(outcome.retryAfterMs ?? 0, backoff));
  return { state: 'pending', nextAt: now + delay };
}

function finish(rows: readonly OutboxRow[], outcome: SendOutcome, deps: DeliverDeps): void {
  const first = rows[0]!;
  const now = deps.now();
  const next = nextState(rows, outcome, deps, now);
  const detail = {
    receiver: first.receiver,
    channel: first.channel,
    ...(first.target ? { target: maskPhone(first.target) } : {}),
    attempt: first.attempts,
    result: next.gaveUp ? 'gave up' : outcome.result,
    detail: outcome.detail,
    ...(rows.length > 1 || first.status === 'digest' ? { combined: rows.flatMap(keysOf).length } : {}),
    ...(outcome.via ? { via: outcome.via } : {}),
    ...(outcome.templateError ? { templateError: outcome.templateError } : {}),
    requests: outcome.attempts.map((a) => compactAttempt(a, rows.length > 1 || first.status === 'digest')),
  };
  deps.store.outbox.batch(() => {
    deps.store.outbox.update(
      rows.map((r) => r.id),
      {
        state: next.state,
        ...(next.nextAt !== undefined ? { nextAt: next.nextAt } : {}),
        lastError: outcome.result === 'success' ? null : outcome.detail,
        partsDone: outcome.partsDone,
      },
      now,
    );
    for (const key of new Set(rows.flatMap(keysOf))) deps.store.outbox.audit(key, now, 'attempt', detail);
  });
  deps.metrics.notifications.inc(
    { receiver: first.receiver, channel: first.channel, result: outcome.result },
    rows.length,
  );
  if (next.gaveUp) deps.metrics.suppressed.inc({ receiver: first.receiver, reason: 'gave_up' });
  const where = { receiver: first.receiver, channel: first.channel, detail: outcome.detail };
  if (outcome.templateError)
    deps.log.warn('template failed, built-in template used', { ...where, error: outcome.templateError });
  if (next.state === 'unknown')
    deps.log.error('SMS outcome unknown: not resent', { code: 'E_SMS_UNKNOWN', ...where });
  else if (next.state === 'failed')
    deps.log.error('notification failed for good', { code: 'E_NOTIFY_FAILED', ...where });
}
