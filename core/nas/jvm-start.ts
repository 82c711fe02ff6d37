/**
 * The JVM start time as HotSpot writes it into file names (`%t` = `%Y-%m-%d_%H-%M-%S`, in
 * `-Xlog:gc:file` and JDK 8 `-Xloggc`). It is the JVM's local wall-clock time in a zone the name
 * does not say, so it is kept as calendar fields; converting it to an instant needs the zone the
 * pods run in (`nas.timeZone` in the config).
 */
import { ExitCode } from '../errors.js';
import { wallClockToEpochMs } from '../time/zone.js';

/** Calendar fields of a `%t` stamp; deliberately not an instant. */
export interface JvmStart {
  /** As in the name: `2024-05-01_10-20-30`. */
  readonly text: string;
  readonly year: number;
  /** 1-12. */
  readonly month: number;
  /** 1-31. */
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 0-60 (strftime allows a leap second). */
  readonly second: number;
}

const STAMP = /^\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Parses a `%t` stamp; undefined when the text is not one, names no real calendar time, or lies
 * before 1970 (no JVM on our clusters started then; it also keeps `Date.UTC` away from its
 * two-digit-year rule).
 */
export function parseJvmStart(text: string): JvmStart | undefined {
  if (!STAMP.test(text)) return undefined;
  // Fixed offsets in `YYYY-MM-DD_HH-MM-SS`; runs once per GC log file, so no regex groups.
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  return { text, year, month, day, hour, minute, second };
}

/**
 * The instant of a JVM start, reading its fields as wall-clock time in the IANA `timeZone`.
 * In a daylight-saving gap the result is shifted by the gap; in an overlap the earlier of the two
 * instants wins (either way the JVM's own clock cannot tell us more).
 * @default timeZone 'UTC'
 * @throws OpsError `E_TIMEZONE` (exit 78) for a zone Intl does not know.
 */
export function jvmStartToEpochMs(start: JvmStart, timeZone = 'UTC'): number {
  return wallClockToEpochMs(start, timeZone, ExitCode.config);
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}
