import type Database from 'better-sqlite3';
import type { LedgerState } from './schema.js';
import { stmt } from './statements.js';

/** One notification an SMS call carries (a combined SMS carries several). */
export interface LedgerEntry {
  outboxId: number;
  attempt: number;
  onCall: unknown;
}

/**
 * The SMS send ledger: rows are committed before each provider call, so after a crash the
 * router knows a call may have gone out and never repeats it (Aliyun SendSms is not idempotent).
 * All rows of one call share its `call_id`.
 */
export class SmsLedger {
  constructor(
    private readonly db: Database.Database,
    private readonly relaxed: Database.Database,
  ) {}

  /**
   * The most telling earlier call for these notifications: `sent` or `unknown` (also a row
   * still `sending`) means the SMS may already be out and must not be sent again.
   */
  priorOutcome(outboxIds: readonly number[]): LedgerState | undefined {
    if (outboxIds.length === 0) return undefined;
    const rows = stmt(
      this.relaxed,
      `SELECT DISTINCT state FROM sms_ledger WHERE outbox_id IN (${outboxIds.map(() => '?').join(',')})`,
    ).all(...outboxIds) as { state: LedgerState }[];
    const states = new Set(rows.map((r) => r.state));
    if (states.has('sent')) return 'sent';
    if (states.has('unknown') || states.has('sending')) return 'unknown';
    return states.has('failed') ? 'failed' : undefined;
  }

  /** Writes (and commits) the rows of one SMS call before it is made; returns the call id. */
  begin(call: { phone: string; channel: string; entries: readonly LedgerEntry[] }, now: number): number {
    const insert = stmt(
      this.db,
      `INSERT INTO sms_ledger (call_id, outbox_id, attempt, phone, channel, state, created_at, updated_at, on_call)
       VALUES (?, ?, ?, ?, ?, 'sending', ?, ?, ?)`,
    );
    return this.db.transaction(() => {
      let callId = 0;
      for (const e of call.entries) {
        const onCall = e.onCall == null ? null : JSON.stringify(e.onCall);
        const id = Number(
          insert.run(callId || null, e.outboxId, e.attempt, call.phone, call.channel, now, now, onCall)
            .lastInsertRowid,
        );
        if (!callId) {
          callId = id;
          stmt(this.db, `UPDATE sms_ledger SET call_id = ? WHERE id = ?`).run(id, id);
        }
      }
      return callId;
    })();
  }

  /** Records how an SMS call ended. */
  finish(
    callId: number,
    state: LedgerState,
    detail: string,
    providerId: string | undefined,
    now: number,
  ): void {
    // A lost update leaves the row `sending`, which recovery reads as unknown: never a resend.
    stmt(
      this.relaxed,
      `UPDATE sms_ledger SET state = ?, detail = ?, provider_id = ?, updated_at = ? WHERE call_id = ?`,
    ).run(state, detail, providerId ?? null, now, callId);
  }

  /** SMS calls to a number since `since` that may have reached it (sent, in flight or unknown). */
  smsCountSince(phone: string, since: number): number {
    return (
      stmt(
        this.relaxed,
        `SELECT COUNT(DISTINCT call_id) AS n FROM sms_ledger WHERE phone = ? AND created_at >= ? AND state != 'failed'`,
      ).get(phone, since) as { n: number }
    ).n;
  }

  /** SMS calls since `since`, to seed per-number limits after a restart. */
  smsCallsSince(since: number): { phone: string; at: number }[] {
    return stmt(
      this.relaxed,
      `SELECT phone, MIN(created_at) AS at FROM sms_ledger WHERE created_at >= ? AND state != 'failed' GROUP BY call_id`,
    ).all(since) as { phone: string; at: number }[];
  }
}
