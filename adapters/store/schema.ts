/**
 * SQLite schema of the alert router. Unique keys do the deduplication: `events.key` absorbs
 * retries and HA peers, `outbox (event_key, receiver, channel, target, round)` makes each
 * notification exist once however often routing runs.
 */
export const ALERT_STORE_DDL = `
CREATE TABLE IF NOT EXISTS events (
  key TEXT PRIMARY KEY,
  incident TEXT NOT NULL,
  source TEXT NOT NULL,
  status TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  seen INTEGER NOT NULL DEFAULT 1,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_incident ON events (incident);
CREATE INDEX IF NOT EXISTS events_received ON events (received_at);

CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_key ON audit (key, id);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);

CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY,
  event_key TEXT NOT NULL,
  incident TEXT NOT NULL,
  status TEXT NOT NULL,
  receiver TEXT NOT NULL,
  channel TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  round INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  parts_done INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_error TEXT,
  digest_id INTEGER,
  members TEXT,
  on_call TEXT,
  UNIQUE (event_key, receiver, channel, target, round)
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_at);
CREATE INDEX IF NOT EXISTS outbox_incident ON outbox (incident, receiver, channel, target);

CREATE TABLE IF NOT EXISTS sms_ledger (
  id INTEGER PRIMARY KEY,
  call_id INTEGER,
  outbox_id INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  phone TEXT NOT NULL,
  channel TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  provider_id TEXT,
  on_call TEXT,
  detail TEXT
);
CREATE INDEX IF NOT EXISTS ledger_outbox ON sms_ledger (outbox_id);
CREATE INDEX IF NOT EXISTS ledger_phone ON sms_ledger (phone, created_at);
CREATE INDEX IF NOT EXISTS ledger_state ON sms_ledger (state);
CREATE INDEX IF NOT EXISTS ledger_call ON sms_ledger (call_id);
`;

/** Where a notification is. Terminal: done, failed, unknown, digested, suppressed. */
export type OutboxState =
  'pending' | 'held' | 'sending' | 'done' | 'failed' | 'unknown' | 'digested' | 'suppressed';

/** SMS ledger states: `sending` is written (and committed) before the provider is called. */
export type LedgerState = 'sending' | 'sent' | 'failed' | 'unknown';

/** One notification in the outbox. */
export interface OutboxRow {
  id: number;
  eventKey: string;
  incident: string;
  /** `firing`/`resolved` for alert notifications, `digest` for combined ones, `test`. */
  status: string;
  receiver: string;
  channel: string;
  target: string;
  round: number;
  state: OutboxState;
  attempts: number;
  partsDone: number;
  nextAt: number;
  createdAt: number;
  lastError: string | null;
  digestId: number | null;
  /** Event keys a digest row carries. */
  members: string[];
  onCall: unknown;
}

/** A notification the routing decided to create. */
export interface NewNotification {
  receiver: string;
  channel: string;
  target: string;
  round: number;
  state: 'pending' | 'held';
  nextAt: number;
  onCall?: unknown;
}
