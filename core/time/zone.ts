import { ExitCode, OpsError, type ExitCodeValue } from '../errors.js';

/** Calendar fields of an instant as a wall clock in some zone (month 1-12). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A cached formatter for a zone. An unknown zone throws OpsError `E_TIMEZONE` with the given exit
 * code: 78 when it came from configuration, 2 when from a flag.
 */
function formatterFor(timeZone: string, exitCode: ExitCodeValue): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter) return formatter;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (cause) {
    throw new OpsError(`unknown time zone "${timeZone}"`, {
      code: 'E_TIMEZONE',
      exitCode,
      hints: ['use an IANA zone name such as "UTC" or "Asia/Shanghai"'],
      cause,
    });
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

/** The wall clock of an instant in an IANA zone. */
export function wallClockAt(
  epochMs: number,
  timeZone: string,
  exitCode: ExitCodeValue = ExitCode.config,
): WallClock {
  const parts = formatterFor(timeZone, exitCode).formatToParts(new Date(epochMs));
  const field = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return {
    year: field('year'),
    month: field('month'),
    day: field('day'),
    hour: field('hour'),
    minute: field('minute'),
    second: field('second'),
  };
}

/** Offset of the zone from UTC at an instant, in ms (east positive). */
export function zoneOffsetMs(
  epochMs: number,
  timeZone: string,
  exitCode: ExitCodeValue = ExitCode.config,
): number {
  const w = wallClockAt(epochMs, timeZone, exitCode);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/**
 * The instant a wall clock in an IANA zone stands for. In a daylight-saving gap the result is
 * shifted by the gap; in an overlap the earlier instant wins.
 */
export function wallClockToEpochMs(
  wall: WallClock,
  timeZone: string,
  exitCode: ExitCodeValue = ExitCode.config,
): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const firstGuess = asUtc - zoneOffsetMs(asUtc, timeZone, exitCode);
  return asUtc - zoneOffsetMs(firstGuess, timeZone, exitCode);
}

/** `2025-01-02 08:03:04 +08:00` for an instant in an IANA zone. */
export function formatZoned(
  epochMs: number,
  timeZone: string,
  exitCode: ExitCodeValue = ExitCode.config,
): string {
  const w = wallClockAt(epochMs, timeZone, exitCode);
  const offsetMin = Math.round(zoneOffsetMs(epochMs, timeZone, exitCode) / 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}:${p(w.second)} ${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`;
}
