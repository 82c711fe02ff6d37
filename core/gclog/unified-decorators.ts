/**
 * Unified-logging (`-Xlog`) line decorations: the `[...]` groups before the message. Which
 * decorators a file has, and in which order, is chosen by whoever configured `-Xlog`, so each
 * group is recognised by its shape, never by its position.
 */
import type { GcTime } from './types.js';
import { parseUnsignedDecimal } from './unified-summary.js';

const OPEN_BRACKET = 0x5b;
const SPACE = 0x20;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LOWER_S = 0x73;
const LOWER_M = 0x6d;
const LOWER_N = 0x6e;
const UPPER_T = 0x54;

/**
 * `uptimemillis` and `timemillis` both end in `ms` (likewise the `nanos` pair): a value above
 * this many ms (about 3 years) can only be wall clock since the epoch, never a JVM uptime.
 */
const EPOCH_MS_THRESHOLD = 1e11;

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

/**
 * Index where the message starts: after every adjacent `[...]` group and the single space the
 * JVM writes after them. 0 for a line written without decorators (`-Xlog:gc:file:none`).
 */
export function findMessageStart(line: string): number {
  let pos = 0;
  while (line.charCodeAt(pos) === OPEN_BRACKET) {
    const close = line.indexOf(']', pos + 1);
    if (close < 0) return pos;
    pos = close + 1;
  }
  if (pos > 0 && line.charCodeAt(pos) === SPACE) pos += 1;
  return pos;
}

/** Two to four ASCII digits at `at` as a number, NaN when any is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return Number.NaN;
    value = value * 10 + (code - DIGIT_0);
  }
  return value;
}

/** Milliseconds from the fraction digits after the seconds (`.642`, `,6`, `.642123`). */
function fractionMs(text: string, start: number, end: number): { ms: number; next: number } {
  let pos = start;
  let ms = 0;
  let scale = 100;
  while (pos < end && isDigit(text.charCodeAt(pos))) {
    ms += (text.charCodeAt(pos) - DIGIT_0) * scale;
    scale /= 10;
    pos += 1;
  }
  return { ms, next: pos };
}

/** Offset in minutes from `+0800`, `-05:00` or `Z` at `pos`; NaN when unreadable. */
function offsetMinutes(text: string, pos: number, end: number): number {
  const sign = text[pos];
  if (sign === 'Z') return 0;
  if (sign !== '+' && sign !== '-') return Number.NaN;
  const hours = digitsAt(text, pos + 1, 2);
  const minutesAt = text[pos + 3] === ':' ? pos + 4 : pos + 3;
  const minutes = minutesAt + 2 <= end ? digitsAt(text, minutesAt, 2) : 0;
  const total = hours * 60 + minutes;
  return sign === '-' ? -total : total;
}

/**
 * `time`/`utctime` decorator (`2022-01-29T16:34:51.642+0000`, comma decimals tolerated) to ms
 * since the epoch. NaN when it is not such a timestamp.
 */
export function parseIsoTimestamp(text: string, start = 0, end = text.length): number {
  const year = digitsAt(text, start, 4);
  const month = digitsAt(text, start + 5, 2);
  const day = digitsAt(text, start + 8, 2);
  const hour = digitsAt(text, start + 11, 2);
  const minute = digitsAt(text, start + 14, 2);
  const second = digitsAt(text, start + 17, 2);
  let pos = start + 19;
  let ms = 0;
  const sep = text[pos];
  if (sep === '.' || sep === ',') {
    const fraction = fractionMs(text, pos + 1, end);
    ms = fraction.ms;
    pos = fraction.next;
  }
  const offset = offsetMinutes(text, pos, end);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, 0);
  return Math.round(utc + ms - offset * 60_000);
}

/** Reads one decorator `text[start, end)` into `time` when it carries a clock. */
function readDecorator(text: string, start: number, rawEnd: number, time: GcTime): void {
  if (!isDigit(text.charCodeAt(start))) return; // level, tags, hostname
  // The JVM pads every decorator to the widest value it has printed so far (`[info   ]`).
  let end = rawEnd;
  while (end > start && text.charCodeAt(end - 1) === SPACE) end -= 1;
  const last = text.charCodeAt(end - 1);
  if (last === LOWER_S) {
    const before = text.charCodeAt(end - 2);
    if (before === LOWER_M) {
      const ms = Number(text.slice(start, end - 2));
      if (ms > EPOCH_MS_THRESHOLD) time.epochMs = ms;
      else if (ms >= 0) time.uptimeSeconds = ms / 1e3;
    } else if (before === LOWER_N) {
      const ns = Number(text.slice(start, end - 2));
      if (ns / 1e6 > EPOCH_MS_THRESHOLD) time.epochMs = Math.round(ns / 1e6);
      else if (ns >= 0) time.uptimeSeconds = ns / 1e9;
    } else if (isDigit(before)) {
      const seconds = parseUnsignedDecimal(text, start, end - 1);
      if (Number.isFinite(seconds)) time.uptimeSeconds = seconds;
    }
    return;
  }
  if (end - start >= 20 && text.charCodeAt(start + 10) === UPPER_T) {
    const epochMs = parseIsoTimestamp(text, start, end);
    if (Number.isFinite(epochMs)) time.epochMs = epochMs;
  }
  // Only digits: pid or tid, nothing to keep.
}

/**
 * The clock decorators of a line (`time`, `utctime`, `uptime`, `timemillis`, `uptimemillis`,
 * `timenanos`, `uptimenanos`) as uptime seconds and epoch ms; `level`, `tags`, `pid`, `tid` and
 * `hostname` are ignored. `messageStart` is the value of {@link findMessageStart}.
 */
export function readLineTime(line: string, messageStart: number): GcTime {
  const time: GcTime = {};
  let pos = 0;
  while (pos < messageStart && line.charCodeAt(pos) === OPEN_BRACKET) {
    const close = line.indexOf(']', pos + 1);
    if (close < 0 || close > messageStart) break;
    readDecorator(line, pos + 1, close, time);
    pos = close + 1;
  }
  return time;
}
