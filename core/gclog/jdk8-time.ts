/**
 * The decorations JDK 8 prints before a record: `-XX:+PrintGCDateStamps`
 * (`2022-07-26T21:00:40.750+0800: `), `-XX:+PrintGCTimeStamps` (`3.117: `, `400,737: ` in
 * locales with a decimal comma) and `-XX:+PrintGCID` (`#0: `), each optional, in that order.
 */
import type { GcTime } from './types.js';
import { parseDecimal } from './units.js';

/** Time and GC id read from a record prefix. */
export interface Jdk8Stamp extends GcTime {
  gcId?: number;
}

const STAMP =
  /(?:(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)[.,](\d{3})([+-])(\d\d)(\d\d): ?)?(?:(\d+[.,]\d+): ?)?(?:#(\d+): ?)?\s*$/;

// Only the tail of a prefix can hold the stamps; bounding it keeps the end-anchored search cheap.
const MAX_STAMP_CHARS = 64;

/** Reads the stamps at the end of `prefix`; fields the prefix lacks are left out. */
export function parseStamp(prefix: string): Jdk8Stamp {
  const tail = prefix.length > MAX_STAMP_CHARS ? prefix.slice(-MAX_STAMP_CHARS) : prefix;
  const m = STAMP.exec(tail);
  const stamp: Jdk8Stamp = {};
  if (!m) return stamp;
  if (m[1] !== undefined) {
    const local = Date.UTC(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6]),
      Number(m[7]),
    );
    const offsetMinutes = (Number(m[9]) * 60 + Number(m[10])) * (m[8] === '-' ? -1 : 1);
    stamp.epochMs = local - offsetMinutes * 60_000;
  }
  if (m[11] !== undefined) stamp.uptimeSeconds = parseDecimal(m[11]);
  if (m[12] !== undefined) stamp.gcId = Number(m[12]);
  return stamp;
}
