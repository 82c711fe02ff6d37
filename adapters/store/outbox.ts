import type Database from 'better-sqlite3';
import { stmt } from './statements.js';
import { readOutboxRow, type RawOutboxRow } from './rows.js';
import type { OutboxRow, OutboxState } from './schema.js';

/** The durable queue of notifications: claim, retry, hold for digests, recover after a crash. */
export class Outbox {
  constructor(private readonly db: Database.Database) {}

  /** Runs `fn` as one transaction (one commit for a row update and its audit entries). */
  batch<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Appends an audit entry for an event (delivery side). */
  audit(key: string, at: number, kind: string, detail: unknown): void {
    stmt(this.db, `INSERT INTO audit (key, at, kind, detail) VALUES (?, ?, ?, ?)`).run(
      key,
      at,
      kind,
      JSON.stringify(detail ?? {}),
    );
  }

  /** Pending notifications due at `now`, oldest first. */
  due(now: number, limit: number): OutboxRow[] {
    return (
      stmt(
        this.db,
        `SELECT * FROM outbox WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?`,
      ).all(now, limit) as RawOutboxRow[]
    ).map(readOutboxRow);
  }

  /** Held (quiet hours) notifications whose digest time has come. */
  heldDue(now: number): OutboxRow[] {
    return (
      stmt(
        this.db,
        `SELECT * FROM outbox WHERE state = 'held' AND next_at <= ? ORDER BY receiver, channel, target, id`,
      ).all(now) as RawOutboxRow[]
    ).map(readOutboxRow);
  }

  /** Claims rows for sending (counts the attempt). */
  markSending(ids: readonly number[], now: number): void {
    const statement = stmt(
      this.db,
      `UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?`,
    );
    this.db.transaction(() => ids.forEach((id) => statement.run(now, id)))();
  }

  /** Moves rows to a new state (and retry time, error, parts done). */
  update(
    ids: readonly number[],
    patch: { state: OutboxState; nextAt?: number; lastError?: string | null; partsDone?: number },
    now: number,
  ): void {
    const statement = stmt(
      this.db,
      `UPDATE outbox SET state = ?, next_at = COALESCE(?, next_at), last_error = COALESCE(?, last_error), parts_done = COALESCE(?, parts_done), updated_at = ? WHERE id = ?`,
    );
    this.db.transaction(() =>
      ids.forEach((id) =>
        statement.run(
          patch.state,
          patch.nextAt ?? null,
          patch.lastError ?? null,
          patch.partsDone ?? null,
          now,
          id,
        ),
      ),
    )();
  }

  /** How the firing notifications of an incident to one receiver/channel/target ended. */
  firingStates(row: Pick<OutboxRow, 'incident' | 'receiver' | 'channel' | 'target'>): OutboxState[] {
    const rows = stmt(
      this.db,
      `SELECT o.state AS state, d.state AS digest_state FROM outbox o LEFT JOIN outbox d ON d.id = o.digest_id
         WHERE o.incident = ? AND o.receiver = ? AND o.channel = ? AND o.target = ? AND o.status = 'firing'`,
    ).all(row.incident, row.receiver, row.channel, row.target) as {
      state: OutboxState;
      digest_state: OutboxState | null;
    }[];
    return rows.map((r) => (r.state === 'digested' ? (r.digest_state ?? 'pending') : r.state));
  }

  /** Turns held rows into one digest notification (atomically). */
  createDigest(members: readonly OutboxRow[], now: number): number {
    const first = members[0];
    if (!first) throw new Error('a digest needs members');
    return this.db.transaction(() => {
      const id = Number(
        stmt(
          this.db,
          `INSERT INTO outbox (event_key, incident, status, receiver, channel, target, round, state, next_at, created_at, updated_at, members)
             VALUES (?, ?, 'digest', ?, ?, ?, 0, 'pending', ?, ?, ?, ?)`,
        ).run(
          `digest-${first.id}-${now}`,
          `digest-${first.id}`,
          first.receiver,
          first.channel,
          first.target,
          now,
          now,
          now,
          JSON.stringify(members.map((m) => m.eventKey)),
        ).lastInsertRowid,
      );
      const mark = stmt(
        this.db,
        `UPDATE outbox SET state = 'digested', digest_id = ?, updated_at = ? WHERE id = ?`,
      );
      for (const m of members) mark.run(id, now, m.id);
      return id;
    })();
  }

  /**
   * After a crash: an SMS call that was in flight has an unknown outcome (never resent); every
   * other claimed notification goes back to pending.
   */
  recover(now: number): { unknown: OutboxRow[]; requeued: number } {
    return this.db.transaction(() => {
      const inFlight = stmt(this.db, `SELECT outbox_id FROM sms_ledger WHERE state = 'sending'`).all() as {
        outbox_id: number;
      }[];
      stmt(
        this.db,
        `UPDATE sms_ledger SET state = 'unknown', updated_at = ?, detail = 'router stopped during the call' WHERE state = 'sending'`,
      ).run(now);
      const unknown: OutboxRow[] = [];
      for (const { outbox_id } of inFlight) {
        stmt(
          this.db,
          `UPDATE outbox SET state = 'unknown', last_error = 'router stopped during the SMS call: outcome unknown', updated_at = ? WHERE id = ?`,
        ).run(now, outbox_id);
        unknown.push(
          readOutboxRow(stmt(this.db, `SELECT * FROM outbox WHERE id = ?`).get(outbox_id) as RawOutboxRow),
        );
      }
      const requeued = stmt(
        this.db,
        `UPDATE outbox SET state = 'pending', next_at = ?, updated_at = ? WHERE state = 'sending'`,
      ).run(now, now).changes;
      return { unknown, requeued };
    })();
  }

  /** Notifications not finished yet, and the age of the oldest. */
  backlog(now: number): { pending: number; oldestAgeSeconds: number } {
    const row = stmt(
      this.db,
      `SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE state IN ('pending', 'held', 'sending')`,
    ).get() as { n: number; oldest: number | null };
    return {
      pending: row.n,
      oldestAgeSeconds: row.oldest === null ? 0 : Math.max(0, (now - row.oldest) / 1000),
    };
  }
}
