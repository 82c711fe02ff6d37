import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatZoned,
  parseClock,
  parseLocalOrIso,
  zonedParts,
  zonedTimeToEpoch,
} from './zoned-time.js';

describe('zoned time', () => {
  it('reads wall-clock fields in a zone', () => {
    const t = Date.UTC(2026, 1, 10, 16, 30, 5); // 2026-02-11 00:30:05 in Shanghai (a Wednesday)
    expect(zonedParts(t, 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 2,
      day: 11,
      hour: 0,
      minute: 30,
      second: 5,
      weekday: 3,
    });
    expect(formatZoned(t, 'Asia/Shanghai')).toBe('2026-02-11 00:30:05');
    expect(formatZoned(t, 'UTC')).toBe('2026-02-10 16:30:05');
  });

  it('converts local times back to instants, across DST', () => {
    expect(zonedTimeToEpoch({ year: 2026, month: 2, day: 11, hour: 8 }, 'Asia/Shanghai')).toBe(
      Date.UTC(2026, 1, 11, 0),
    );
    // Berlin: CET (+1) in winter, CEST (+2) after 2026-03-29.
    expect(zonedTimeToEpoch({ year: 2026, month: 1, day: 15, hour: 10 }, 'Europe/Berlin')).toBe(
      Date.UTC(2026, 0, 15, 9),
    );
    expect(zonedTimeToEpoch({ year: 2026, month: 7, day: 15, hour: 10 }, 'Europe/Berlin')).toBe(
      Date.UTC(2026, 6, 15, 8),
    );
  });

  it('parses local and ISO times, rejects the rest', () => {
    expect(parseLocalOrIso('2026-02-11T08:00', 'Asia/Shanghai')).toBe(Date.UTC(2026, 1, 11, 0));
    expect(parseLocalOrIso('2026-02-11', 'Asia/Shanghai')).toBe(Date.UTC(2026, 1, 10, 16));
    expect(parseLocalOrIso('2026-02-11T08:00:00Z', 'Asia/Shanghai')).toBe(Date.UTC(2026, 1, 11, 8));
    expect(parseLocalOrIso('tomorrow', 'UTC')).toBeUndefined();
  });

  it('formats durations with the two largest units', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(12_000)).toBe('12s');
    expect(formatDuration((7 * 60 + 3) * 1000)).toBe('7m 3s');
    expect(formatDuration((2 * 3600 + 5 * 60 + 9) * 1000)).toBe('2h 5m');
    expect(formatDuration((3 * 86400 + 4 * 3600) * 1000)).toBe('3d 4h');
    expect(formatDuration(86400_000 + 60_000)).toBe('1d');
  });

  it('parses HH:MM clocks', () => {
    expect(parseClock('08:30')).toBe(510);
    expect(parseClock('24:00')).toBe(1440);
    expect(parseClock('25:00')).toBeUndefined();
    expect(parseClock('8h')).toBeUndefined();
  });
});
