/**
 * Pod log options as the API takes them (`container`, `follow`, `previous`, `timestamps`,
 * `sinceSeconds`, `sinceTime`, `tailLines`, `limitBytes`, `stream`) and how the kubelet applies
 * them to a container's lines: since first, then tail, timestamps in the fixed nine-digit RFC 3339
 * form, and the byte limit last.
 */
import { badRequest } from '../api-error.js';
import type { LogLine } from './log-book.js';

/** Parsed log options. */
export interface LogQuery {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  /** Lines written at or after this time (ms since the epoch). */
  sinceMs?: number;
  tailLines?: number;
  limitBytes?: number;
  /** Only one stream (the `stream` option of newer servers). */
  stream?: 'stdout' | 'stderr';
}

function flag(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  return v === 'true' || v === '1';
}

function count(query: URLSearchParams, name: string, min: number): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw badRequest(`invalid value for ${name}: ${raw}`);
  if (n < min) throw badRequest(`${name}: Invalid value: ${raw}: must be greater than or equal to ${min}`);
  return n;
}

function streamOption(raw: string | null): LogQuery['stream'] {
  if (raw === null || raw === '' || raw === 'All') return undefined;
  if (raw === 'Stdout') return 'stdout';
  if (raw === 'Stderr') return 'stderr';
  throw badRequest(`stream: Unsupported value: "${raw}": supported values: "All", "Stderr", "Stdout"`);
}

/** Reads the log options of a request at time `now`. */
export function parseLogQuery(query: URLSearchParams, now: number): LogQuery {
  const out: LogQuery = {
    follow: flag(query, 'follow'),
    previous: flag(query, 'previous'),
    timestamps: flag(query, 'timestamps'),
  };
  const container = query.get('container');
  if (container) out.container = container;
  const sinceSeconds = count(query, 'sinceSeconds', 1);
  const sinceTime = query.get('sinceTime');
  if (sinceSeconds !== undefined && sinceTime)
    throw badRequest('at most one of sinceTime or sinceSeconds may be specified');
  if (sinceSeconds !== undefined) out.sinceMs = now - sinceSeconds * 1000;
  if (sinceTime) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) throw badRequest(`invalid value for sinceTime: ${sinceTime}`);
    out.sinceMs = t;
  }
  const tail = count(query, 'tailLines', 0);
  if (tail !== undefined) out.tailLines = tail;
  const limit = count(query, 'limitBytes', 1);
  if (limit !== undefined) out.limitBytes = limit;
  const stream = streamOption(query.get('stream'));
  if (stream) out.stream = stream;
  return out;
}

/** `2006-01-02T15:04:05.000000000Z` (the kubelet's fixed-width timestamp), in UTC. */
export function logTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000Z`;
}

/** Whether a line passes the since and stream options. */
export function lineMatches(line: LogLine, q: LogQuery): boolean {
  if (q.stream !== undefined && line.stream !== q.stream) return false;
  return q.sinceMs === undefined || line.time >= q.sinceMs;
}

/** The lines to send first (since, stream, then tail). */
export function selectLines(lines: LogLine[], q: LogQuery): LogLine[] {
  const kept = lines.filter((l) => lineMatches(l, q));
  if (q.tailLines === undefined) return kept;
  return q.tailLines === 0 ? [] : kept.slice(-q.tailLines);
}

/** Text of one line as sent (with its timestamp when asked; continued text has none). */
export function renderLine(line: LogLine, q: LogQuery, continued = false): string {
  return q.timestamps && !continued ? `${logTimestamp(line.time)} ${line.text}` : line.text;
}

/** Counts bytes against `limitBytes`; returns what may still be sent of `text`. */
export class ByteBudget {
  private left: number;

  constructor(limit: number | undefined) {
    this.left = limit ?? Number.POSITIVE_INFINITY;
  }

  get exhausted(): boolean {
    return this.left <= 0;
  }

  take(text: string): Buffer {
    const bytes = Buffer.from(text);
    if (bytes.length <= this.left) {
      this.left -= bytes.length;
      return bytes;
    }
    const cut = bytes.subarray(0, Math.max(0, this.left));
    this.left = 0;
    return cut;
  }
}
