import type { OutboxRow, OutboxState } from './schema.js';

/** An outbox row as SQLite returns it. */
export interface RawOutboxRow {
  id: number;
  event_key: string;
  incident: string;
  status: string;
  receiver: string;
  channel: string;
  target: string;
  round: number;
  state: string;
  attempts: number;
  parts_done: number;
  next_at: number;
  created_at: number;
  last_error: string | null;
  digest_id: number | null;
  members: string | null;
  on_call: string | null;
}

/** Maps a raw row to its typed form. */
export function readOutboxRow(raw: RawOutboxRow): OutboxRow {
  return {
    id: raw.id,
    eventKey: raw.event_key,
    incident: raw.incident,
    status: raw.status,
    receiver: raw.receiver,
    channel: raw.channel,
    target: raw.target,
    round: raw.round,
    state: raw.state as OutboxState,
    attempts: raw.attempts,
    partsDone: raw.parts_done,
    nextAt: raw.next_at,
    createdAt: raw.created_at,
    lastError: raw.last_error,
    digestId: raw.digest_id,
    members: raw.members ? (JSON.parse(raw.members) as string[]) : [],
    onCall: raw.on_call ? (JSON.parse(raw.on_call) as unknown) : undefined,
  };
}
