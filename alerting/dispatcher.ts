import type { ChannelClient } from '../adapters/alert-channels/types.js';
import type { OutboxRow } from '../adapters/store/schema.js';
import { isSmsChannel, type SuppressReason } from '../core/alerting/plan.js';
import { zonedParts, zonedTimeToEpoch } from '../core/alerting/zoned-time.js';
import { deliver, type DeliverDeps } from './deliver.js';
import { keysOf } from './message-builder.js';
import { Limiters } from './limits.js';

const POLL_MS = 250;
const BATCH = 100;

/**
 * Works the outbox: turns held notifications into digests when quiet hours end, gates resolved
 * messages on their firing one, applies per-robot and per-number limits (coalescing what is
 * queued into one message instead of dropping it), and sends with bounded concurrency.
 */
export class Dispatcher {
  private readonly limiters: Limiters;
  private readonly busy = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private ticking = false;

  constructor(private readonly deps: DeliverDeps & { clients: ReadonlyMap<string, ChannelClient> }) {
    this.limiters = new Limiters(deps.routes);
  }

  /** Recovers from a crash (unknown SMS outcomes, requeued sends) and starts working. */
  start(): void {
    const now = this.deps.now();
    const { unknown, requeued } = this.deps.store.outbox.recover(now);
    for (const row of unknown) {
      for (const key of keysOf(row))
        this.deps.store.outbox.audit(key, now, 'unknown', {
          receiver: row.receiver,
          channel: row.channel,
          detail: row.lastError,
        });
      this.deps.metrics.notifications.inc({
        receiver: row.receiver,
        channel: row.channel,
        result: 'unknown',
      });
    }
    if (unknown.length + requeued > 0)
      this.deps.log.warn('recovered the outbox after a restart', { unknownSms: unknown.length, requeued });
    const smsChannel = Object.entries(this.deps.routes().file.channels).find(([, c]) => isSmsChannel(c))?.[0];
    this.limiters.seedSms(this.deps.store.ledger.smsCallsSince(now - 86_400_000), smsChannel);
    this.stopped = false;
    this.schedule(0);
  }

  /** Looks at the outbox now (new notifications were committed). */
  wake(): void {
    if (!this.stopped && !this.ticking) this.schedule(0);
  }

  /** Stops claiming work and waits for sends in flight (bounded by their own timeouts). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.running]);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), ms);
  }

  private tick(): void {
    if (this.stopped) return;
    this.ticking = true;
    try {
      this.makeDigests();
      this.dispatchDue();
    } catch (error) {
      this.deps.log.error('outbox pass failed', { error: (error as Error).message });
    } finally {
      this.ticking = false;
      if (!this.stopped) this.schedule(POLL_MS);
    }
  }

  private makeDigests(): void {
    const now = this.deps.now();
    const groups = groupBy(
      this.deps.store.outbox.heldDue(now),
      (r) => `${r.receiver}\u0000${r.channel}\u0000${r.target}`,
    );
    for (const rows of groups.values()) {
      const id = this.deps.store.outbox.createDigest(rows, now);
      for (const row of rows)
        this.deps.store.outbox.audit(row.eventKey, now, 'digested', {
          receiver: row.receiver,
          channel: row.channel,
          digest: id,
        });
    }
  }

  private dispatchDue(): void {
    const now = this.deps.now();
    const { delivery } = this.deps.routes().file;
    const groups = groupBy(
      this.deps.store.outbox.due(now, BATCH),
      (r) => `${r.receiver}\u0000${r.channel}\u0000${r.target}`,
    );
    for (const all of groups.values()) {
      const bucket = this.limiters.keyOf(all[0]!.channel, all[0]!.target);
      if (this.running.size >= delivery.concurrency) break;
      if (this.busy.has(bucket)) continue;
      const rows = all.filter((r) => this.admit(r, now));
      if (rows.length === 0) continue;
      const limiter = this.limiters.get(rows[0]!.channel, rows[0]!.target);
      const free = limiter.available(now);
      if (free < 1) {
        this.deps.store.outbox.update(
          rows.map((r) => r.id),
          { state: 'pending', nextAt: limiter.nextFreeAt(now) },
          now,
        );
        continue;
      }
      // Few enough to send one by one within the limit: do; otherwise one combined message.
      const batches = rows.length <= Math.min(free, delivery.splitThreshold) ? rows.map((r) => [r]) : [rows];
      this.deps.store.outbox.markSending(
        rows.map((r) => r.id),
        now,
      );
      const claimed = batches.map((b) => b.map((r) => ({ ...r, attempts: r.attempts + 1 })));
      this.busy.add(bucket);
      const task = (async () => {
        for (const batch of claimed) await deliver(batch, limiter, this.deps, Math.max(1, free));
      })()
        .catch((error: unknown) => {
          this.deps.log.error('delivery failed', { error: (error as Error).message });
        })
        .finally(() => {
          this.busy.delete(bucket);
          this.running.delete(task);
          this.wake();
        });
      this.running.add(task);
    }
  }

  /** Resolved only after a delivered firing; SMS within the daily cap per number. */
  private admit(row: OutboxRow, now: number): boolean {
    if (row.status === 'resolved') {
      const states = this.deps.store.outbox.firingStates(row);
      if (states.some((s) => s === 'pending' || s === 'held' || s === 'sending')) {
        this.deps.store.outbox.update([row.id], { state: 'pending', nextAt: now + 2_000 }, now);
        return false;
      }
      if (!states.includes('done')) return this.suppress(row, 'firing_not_delivered', now);
    }
    const routes = this.deps.routes();
    const channel = routes.file.channels[row.channel];
    if (channel && isSmsChannel(channel)) {
      const p = zonedParts(now, routes.zone);
      const midnight = zonedTimeToEpoch({ year: p.year, month: p.month, day: p.day }, routes.zone);
      if (this.deps.store.ledger.smsCountSince(row.target, midnight) >= routes.file.sms.perNumberPerDay)
        return this.suppress(row, 'sms_daily_cap', now);
    }
    return true;
  }

  private suppress(row: OutboxRow, reason: SuppressReason, now: number): false {
    this.deps.store.outbox.update([row.id], { state: 'suppressed', lastError: reason }, now);
    for (const key of keysOf(row))
      this.deps.store.outbox.audit(key, now, 'suppressed', {
        receiver: row.receiver,
        channel: row.channel,
        reason,
      });
    this.deps.metrics.suppressed.inc({ receiver: row.receiver, reason });
    return false;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
