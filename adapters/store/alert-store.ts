import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AlertEvent } from '../../core/alerting/event.js';
import { ExitCode, OpsError } from '../../core/errors.js';
import { Outbox } from './outbox.js';
import { stmt } from './statements.js';
import { readOutboxRow, type RawOutboxRow } from './rows.js';
import { SmsLedger } from './sms-ledger.js';
import { ALERT_STORE_DDL, type NewNotification, type OutboxRow } from './schema.js';

/** An inbound event with what the audit trail should say about its arrival. */
export interface IngestItem {
  event: AlertEvent;
  intake: Record<string, unknown>;
}

/** What routing decided for one event: notifications to create, and audit entries. */
export interface IngestDecision {
  notifications: NewNotification[];
  audit: { kind: string; detail: unknown }[];
}

export interface IngestOutcome {
  key: string;
  duplicate: boolean;
  /** Notifications actually created (existing ones are left as they are). */
  created: number;
}

/** An audit entry of an event. */
export interface AuditEntry {
  at: number;
  kind: string;
  detail: unknown;
}

/**
 * The router's durable state in SQLite (WAL, synchronous=FULL): events, their audit trail, the
 * outbox of notifications and the SMS send ledger. A call returns only after its transaction
 * is on disk, so an acknowledged alert survives `kill -9` and power loss.
 */
export class AlertStore {
  readonly outbox: Outbox;
  readonly ledger: SmsLedger;

  /**
   * `db` commits with fsync (intake, SMS ledger before a call); `relaxed` is a second connection
   * to the same file with synchronous=NORMAL for delivery bookkeeping, which survives a process
   * crash and, after a power loss, can only make a robot message go out again (never an SMS:
   * the ledger decides those).
   */
  private constructor(
    readonly db: Database.Database,
    private readonly relaxed: Database.Database,
  ) {
    this.outbox = new Outbox(relaxed);
    this.ledger = new SmsLedger(db, relaxed);
  }

  /** Opens (creating if needed) `<dir>/alert-router.db`. */
  static open(dir: string): AlertStore {
    try {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'alert-router.db');
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      db.exec(ALERT_STORE_DDL);
      const relaxed = new Database(file);
      relaxed.pragma('synchronous = NORMAL');
      relaxed.pragma('busy_timeout = 5000');
      return new AlertStore(db, relaxed);
    } catch (error) {
      throw new OpsError(`cannot open the alert router database in ${dir}`, {
        code: 'E_STORE',
        exitCode: ExitCode.unavailable,
        hints: ['check that the data dir exists and is writable: --data-dir or alertRouter.dataDir'],
        cause: error,
      });
    }
  }

  /**
   * Stores a batch of events in one transaction: new events get routed by `decide`, known ones
   * are counted as duplicates (and `decide` may still add repeat notifications).
   */
  ingest(
    items: readonly IngestItem[],
    decide: (event: AlertEvent, prior: { firstReceivedAt: number } | undefined) => IngestDecision,
    now: number,
  ): IngestOutcome[] {
    const insertEvent = stmt(
      this.db,
      `INSERT OR IGNORE INTO events (key, incident, source, status, received_at, last_seen_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const touch = stmt(
      this.db,
      `UPDATE events SET seen = seen + 1, last_seen_at = ? WHERE key = ? RETURNING received_at`,
    );
    const insertRow = stmt(
      this.db,
      `INSERT OR IGNORE INTO outbox (event_key, incident, status, receiver, channel, target, round, state, next_at, created_at, updated_at, on_call)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const run = this.db.transaction((batch: readonly IngestItem[]) =>
      batch.map(({ event, intake }): IngestOutcome => {
        const fresh =
          insertEvent.run(
            event.key,
            event.incident,
            event.source,
            event.status,
            now,
            now,
            JSON.stringify(event),
          ).changes === 1;
        const prior = fresh ? undefined : (touch.get(now, event.key) as { received_at: number }).received_at;
        this.audit(event.key, now, fresh ? 'intake' : 'duplicate', intake);
        const decision = decide(event, prior === undefined ? undefined : { firstReceivedAt: prior });
        let created = 0;
        for (const n of decision.notifications) {
          created += insertRow.run(
            event.key,
            event.incident,
            event.status,
            n.receiver,
            n.channel,
            n.target,
            n.round,
            n.state,
            n.nextAt,
            now,
            now,
            n.onCall === undefined ? null : JSON.stringify(n.onCall),
          ).changes;
        }
        for (const entry of decision.audit) this.audit(event.key, now, entry.kind, entry.detail);
        return { key: event.key, duplicate: !fresh, created };
      }),
    );
    return run(items);
  }

  /** Appends one audit entry. */
  audit(key: string, at: number, kind: string, detail: unknown): void {
    stmt(this.db, `INSERT INTO audit (key, at, kind, detail) VALUES (?, ?, ?, ?)`).run(
      key,
      at,
      kind,
      JSON.stringify(detail ?? {}),
    );
  }

  /** Events by key (for rendering notifications). */
  events(keys: readonly string[]): Map<string, AlertEvent> {
    const out = new Map<string, AlertEvent>();
    const get = stmt(this.db, `SELECT body FROM events WHERE key = ?`);
    for (const key of keys) {
      const row = get.get(key) as { body: string } | undefined;
      if (row) out.set(key, JSON.parse(row.body) as AlertEvent);
    }
    return out;
  }

  /** Everything known about an event: itself, its audit trail, notifications and SMS ledger. */
  trail(key: string):
    | {
        event: AlertEvent;
        receivedAt: number;
        seen: number;
        audit: AuditEntry[];
        notifications: OutboxRow[];
        ledger: unknown[];
      }
    | undefined {
    const row = stmt(this.db, `SELECT body, received_at, seen FROM events WHERE key = ?`).get(key) as
      { body: string; received_at: number; seen: number } | undefined;
    if (!row) return undefined;
    const audit = (
      stmt(this.db, `SELECT at, kind, detail FROM audit WHERE key = ? ORDER BY id`).all(key) as {
        at: number;
        kind: string;
        detail: string;
      }[]
    ).map((a) => ({ ...a, detail: JSON.parse(a.detail) as unknown }));
    const notifications = (
      stmt(this.db, `SELECT * FROM outbox WHERE event_key = ? ORDER BY id`).all(key) as RawOutboxRow[]
    ).map(readOutboxRow);
    const ids = notifications.map((n) => n.id);
    const ledger =
      ids.length === 0
        ? []
        : stmt(
            this.db,
            `SELECT * FROM sms_ledger WHERE outbox_id IN (${ids.map(() => '?').join(',')}) ORDER BY id`,
          ).all(...ids);
    return {
      event: JSON.parse(row.body) as AlertEvent,
      receivedAt: row.received_at,
      seen: row.seen,
      audit,
      notifications,
      ledger,
    };
  }

  /** Deletes finished history older than `before`. */
  prune(before: number): void {
    this.db.transaction(() => {
      stmt(
        this.db,
        `DELETE FROM outbox WHERE created_at < ? AND state NOT IN ('pending', 'held', 'sending')`,
      ).run(before);
      stmt(this.db, `DELETE FROM sms_ledger WHERE created_at < ? AND state != 'sending'`).run(before);
      stmt(this.db, `DELETE FROM audit WHERE at < ?`).run(before);
      stmt(
        this.db,
        `DELETE FROM events WHERE last_seen_at < ? AND key NOT IN (SELECT event_key FROM outbox)`,
      ).run(before);
    })();
  }

  close(): void {
    this.relaxed.close();
    this.db.close();
  }
}
