import { describe, expect, it } from 'vitest';
import { formatZoned, wallClockAt, wallClockToEpochMs, zoneOffsetMs } from './zone.js';

describe('time zones', () => {
  const instant = Date.parse('2026-11-22T00:16:05Z');

  it('reads wall clocks and offsets in IANA zones', () => {
    expect(wallClockAt(instant, 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 11,
      day: 22,
      hour: 8,
      minute: 16,
      second: 5,
    });
    expect(zoneOffsetMs(instant, 'Asia/Shanghai')).toBe(8 * 3600_000);
    expect(zoneOffsetMs(instant, 'UTC')).toBe(0);
    expect(zoneOffsetMs(Date.parse('2026-07-01T12:00:00Z'), 'America/New_York')).toBe(-4 * 3600_000);
  });

  it('round-trips a wall clock to its instant', () => {
    const wall = { year: 2026, month: 11, day: 22, hour: 8, minute: 16, second: 5 };
    expect(wallClockToEpochMs(wall, 'Asia/Shanghai')).toBe(instant);
  });

  it('formats with the numeric offset', () => {
    expect(formatZoned(instant, 'Asia/Shanghai')).toBe('2026-11-22 08:16:05 +08:00');
    expect(formatZoned(instant, 'UTC')).toBe('2026-11-22 00:16:05 +00:00');
    expect(formatZoned(Date.parse('2026-01-01T00:00:00Z'), 'Asia/Kolkata')).toBe(
      '2026-01-01 05:30:00 +05:30',
    );
  });

  it('an unknown zone is an E_TIMEZONE error with the caller’s exit code', () => {
    expect(() => formatZoned(instant, 'Mars/Olympus', 2)).toThrow(
      expect.objectContaining({ code: 'E_TIMEZONE', exitCode: 2 }),
    );
    expect(() => zoneOffsetMs(instant, 'Nowhere/None')).toThrow(
      expect.objectContaining({ code: 'E_TIMEZONE', exitCode: 78 }),
    );
  });
});
