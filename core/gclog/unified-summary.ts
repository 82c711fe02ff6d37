/**
 * The common shape of unified-logging GC summary messages, after the `GC(n) ` prefix:
 * `Name words (group) (group) [heap] [duration]`, for example
 * `Pause Young (Normal) (G1 Evacuation Pause) 14M->12M(128M) 6.529ms`,
 * `Garbage Collection (Warmup) 208M(20%)->164M(16%)` or `Concurrent Mark (0.298s, 0.318s) 19.862ms`.
 */
import type { GcHeapChange } from './types.js';
import { parseSizeToBytes } from './units.js';

/** One parsed summary message. */
export interface UnifiedSummary {
  /** Words before the first group or figure (`Pause Young`, `Concurrent Mark From Roots`). */
  name: string;
  /** Contents of the parenthesised groups after the name, in order (`Normal`, `System.gc()`). */
  groups: string[];
  heap?: GcHeapChange;
  seconds?: number;
}

/** End index (exclusive) of the balanced group opening at `open`, or -1 when unbalanced. */
function groupEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    if (ch === 0x28) depth += 1;
    else if (ch === 0x29) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Index where the name ends: before ` (` or before a word that starts with a digit. */
function nameEnd(text: string, from: number): number {
  let pos = text.indexOf(' ', from);
  while (pos >= 0) {
    const next = text.charCodeAt(pos + 1);
    if (next === 0x28 || (next >= 0x30 && next <= 0x39)) return pos;
    pos = text.indexOf(' ', pos + 1);
  }
  return text.length;
}

const UNIT_SHIFT: Record<string, number> = { B: 0, K: 10, M: 20, G: 30, T: 40 };

/**
 * A size as the summaries print it (`14M`, `7077888K`, `0B`) to bytes, without a regex for the
 * common integer-and-unit case; anything else goes through {@link parseSizeToBytes}.
 */
export function parseSize(text: string): number {
  const last = text.length - 1;
  const shift = UNIT_SHIFT[text[last] ?? ''];
  if (shift !== undefined && last > 0) {
    let value = 0;
    let i = 0;
    for (; i < last; i += 1) {
      const code = text.charCodeAt(i);
      if (code < 0x30 || code > 0x39) break;
      value = value * 10 + (code - 0x30);
    }
    if (i === last) return value * 2 ** shift;
  }
  return parseSizeToBytes(text);
}

/** Size before `(` in `88M(0%)` or `128M`, in bytes. */
function sizeBeforeParen(text: string): number {
  const paren = text.indexOf('(');
  return parseSize(paren < 0 ? text : text.slice(0, paren));
}

/**
 * `14M->12M(128M)` (committed in parentheses) or ZGC `106M(0%)->88M(0%)` (share of max heap in
 * parentheses, not kept) to bytes. Undefined when unreadable.
 */
export function parseHeapChange(text: string): GcHeapChange | undefined {
  const arrow = text.indexOf('->');
  if (arrow <= 0) return undefined;
  const beforeBytes = sizeBeforeParen(text.slice(0, arrow));
  const after = text.slice(arrow + 2);
  const afterBytes = sizeBeforeParen(after);
  if (Number.isNaN(beforeBytes) || Number.isNaN(afterBytes)) return undefined;
  const heap: GcHeapChange = { beforeBytes, afterBytes };
  const open = after.indexOf('(');
  if (open >= 0 && after.endsWith(')')) {
    const inner = after.slice(open + 1, -1);
    if (!inner.endsWith('%')) {
      const committed = parseSize(inner);
      if (Number.isNaN(committed)) return undefined;
      heap.committedBytes = committed;
    }
  }
  return heap;
}

/**
 * `6.529`, `2,048`, `235` from `text[start, end)` divided by `divisor`, without allocating. The
 * digits are read as one integer and divided once by 10^decimals x divisor, so `7.236` ms comes
 * out as the double nearest to 0.007236. NaN unless it is digits with at most one `.` or `,`.
 */
export function parseUnsignedDecimal(text: string, start: number, end: number, divisor = 1): number {
  let mantissa = 0;
  let scale = 1;
  let inFraction = false;
  let digits = 0;
  for (let i = start; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) {
      digits += 1;
      mantissa = mantissa * 10 + (code - 0x30);
      if (inFraction) scale *= 10;
    } else if ((code === 0x2e || code === 0x2c) && !inFraction && digits > 0) inFraction = true;
    else return Number.NaN;
  }
  return digits === 0 ? Number.NaN : mantissa / (scale * divisor);
}

const UNIT_DIVISOR: Record<string, number> = { s: 1, ms: 1e3, us: 1e6, µs: 1e6, ns: 1e9 };

/** `6.529ms`, `0.100s`, `6,572ms` to seconds; NaN when it is not a duration. */
export function parseDurationToken(token: string): number {
  let unitStart = token.length;
  while (unitStart > 0 && !isDigitCode(token.charCodeAt(unitStart - 1))) unitStart -= 1;
  const divisor = UNIT_DIVISOR[token.slice(unitStart)];
  if (divisor === undefined) return Number.NaN;
  return parseUnsignedDecimal(token, 0, unitStart, divisor);
}

function isDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Reads the figures after the groups; false when a token is neither heap nor duration. */
function readFigures(text: string, from: number, summary: UnifiedSummary): boolean {
  let pos = from;
  while (pos < text.length) {
    if (text.charCodeAt(pos) === 0x20) {
      pos += 1;
      continue;
    }
    const space = text.indexOf(' ', pos);
    const end = space < 0 ? text.length : space;
    const token = text.slice(pos, end);
    pos = end;
    if (token.includes('->')) {
      if (summary.heap !== undefined) return false;
      const heap = parseHeapChange(token);
      if (!heap) return false;
      summary.heap = heap;
      continue;
    }
    const seconds = parseDurationToken(token);
    if (Number.isNaN(seconds) || summary.seconds !== undefined) return false;
    summary.seconds = seconds;
  }
  return true;
}

/**
 * Splits a summary message starting at `from` into name, groups, heap and duration. Undefined
 * when the text after the groups is not a heap change and/or a duration, or a group is unbalanced:
 * the caller counts that as a parse error.
 */
export function parseSummary(text: string, from = 0): UnifiedSummary | undefined {
  const end = nameEnd(text, from);
  const summary: UnifiedSummary = { name: text.slice(from, end), groups: [] };
  let pos = end;
  while (text.charCodeAt(pos) === 0x20 && text.charCodeAt(pos + 1) === 0x28) {
    const close = groupEnd(text, pos + 1);
    if (close < 0) return undefined;
    summary.groups.push(text.slice(pos + 2, close - 1));
    pos = close;
  }
  return readFigures(text, pos, summary) ? summary : undefined;
}
