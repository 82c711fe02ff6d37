/**
 * Wall-clock arithmetic in an IANA time zone with only `Intl` (no zone database of our own), so
 * quiet hours, rotations and the times shown in messages follow the zone's DST rules.
 */

/** Local calendar fields of an instant in a zone; `weekday` 0 = Sunday. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const NUMERIC = new Set<string>(['year', 'month', 'day', 'hour', 'minute', 'second']);
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The local date and time of `epochMs` in `zone`. */
export function zonedParts(epochMs: number, zone: string): ZonedParts {
  const out: ZonedParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
  for (const part of formatterFor(zone).formatToParts(new Date(epochMs))) {
    if (part.type === 'weekday') out.weekday = WEEKDAYS.indexOf(part.value);
    else if (NUMERIC.has(part.type))
      out[part.type as Exclude<keyof ZonedParts, 'weekday'>] = Number(part.value);
  }
  return out;
}

/** Minutes since 1970-01-01 00:00 on the zone's wall clock (DST jumps show as gaps/overlaps). */
export function localEpochMinutes(epochMs: number, zone: string): number {
  const p = zonedParts(epochMs, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) / 60_000;
}

/**
 * The instant whose wall clock in `zone` reads the given local time. In a DST gap the later
 * offset is used; in an overlap the earlier instant wins.
 */
export function zonedTimeToEpoch(
  local: { year: number; month: number; day: number; hour?: number; minute?: number },
  zone: string,
): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const offset = localEpochMinutes(guess, zone) * 60_000 - Math.floor(guess / 60_000) * 60_000;
    const next = wall - offset;
    if (next === guess) break;
    guess = next;
  }
  return guess;
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;

/**
 * Parses `2026-02-10`, `2026-02-10T08:00` (local to `zone`) or a full ISO instant with an offset.
 * Returns undefined for anything else.
 */
export function parseLocalOrIso(text: string, zone: string): number | undefined {
  const m = LOCAL_TIME.exec(text.trim());
  if (m) {
    return zonedTimeToEpoch(
      { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0) },
      zone,
    );
  }
  if (!/[zZ]|[+-]\d{2}:?\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2026-02-10 08:05:09` on the zone's wall clock. */
export function formatZoned(epochMs: number, zone: string): string {
  const p = zonedParts(epochMs, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** A duration as `3d 4h`, `2h 5m`, `7m 3s` or `12s` (two largest units). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const units: [string, number][] = [
    ['d', Math.floor(total / 86_400)],
    ['h', Math.floor((total % 86_400) / 3600)],
    ['m', Math.floor((total % 3600) / 60)],
    ['s', total % 60],
  ];
  const first = units.findIndex(([, v]) => v > 0);
  if (first === -1) return '0s';
  return units
    .slice(first, first + 2)
    .filter(([, v]) => v > 0)
    .map(([u, v]) => `${v}${u}`)
    .join(' ');
}

/** `HH:MM` -> minutes after midnight, or undefined when malformed. */
export function parseClock(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h <= 24 && min < 60 && h * 60 + min <= 1440 ? h * 60 + min : undefined;
}

/** Weekday names accepted in config, index = JS weekday. */
export const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];
