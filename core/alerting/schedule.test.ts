import { describe, expect, it } from 'vitest';
import { whoIsOnCall } from './oncall.js';
import { isQuiet, quietEnd } from './quiet-hours.js';
import type { QuietHoursConfig, RotationConfig } from './routes-schema.js';
import { zonedTimeToEpoch } from './zoned-time.js';

const SH = 'Asia/Shanghai';
const at = (y: number, mo: number, d: number, h: number, mi = 0, zone = SH): number =>
  zonedTimeToEpoch({ year: y, month: mo, day: d, hour: h, minute: mi }, zone);

describe('quiet hours', () => {
  const night: QuietHoursConfig = {
    windows: [{ start: '22:00', end: '08:00' }],
    pageSeverities: ['critical'],
  };
  const weekendNights: QuietHoursConfig = {
    windows: [{ start: '20:00', end: '09:00', weekdays: ['fri', 'sat'] }],
    pageSeverities: ['critical'],
  };

  it('spans midnight on the zone wall clock', () => {
    expect(isQuiet(night, at(2026, 2, 10, 21, 59), SH)).toBe(false);
    expect(isQuiet(night, at(2026, 2, 10, 22, 0), SH)).toBe(true);
    expect(isQuiet(night, at(2026, 2, 11, 3, 0), SH)).toBe(true);
    expect(isQuiet(night, at(2026, 2, 11, 8, 0), SH)).toBe(false);
    // 23:00 in Shanghai is 15:00 UTC: the same instant is quiet in Shanghai, not in UTC.
    expect(isQuiet(night, Date.UTC(2026, 1, 10, 15), 'UTC')).toBe(false);
  });

  it('applies weekdays to the day a window starts', () => {
    // 2026-02-13 is a Friday.
    expect(isQuiet(weekendNights, at(2026, 2, 13, 21), SH)).toBe(true);
    expect(isQuiet(weekendNights, at(2026, 2, 14, 8), SH)).toBe(true); // Saturday morning, Friday's window
    expect(isQuiet(weekendNights, at(2026, 2, 15, 8), SH)).toBe(true); // Sunday morning, Saturday's window
    expect(isQuiet(weekendNights, at(2026, 2, 16, 8), SH)).toBe(false); // Monday morning
    expect(isQuiet(weekendNights, at(2026, 2, 12, 21), SH)).toBe(false); // Thursday night
  });

  it('finds when quiet ends, across chained windows', () => {
    expect(quietEnd(night, at(2026, 2, 10, 23, 17), SH)).toBe(at(2026, 2, 11, 8));
    expect(quietEnd(weekendNights, at(2026, 2, 13, 21), SH)).toBe(at(2026, 2, 14, 9));
    expect(quietEnd(night, at(2026, 2, 10, 12), SH)).toBe(at(2026, 2, 10, 12));
  });

  it('keeps the wall-clock end across a DST change', () => {
    const berlin = 'Europe/Berlin';
    // Night of 2026-03-28 to 03-29: clocks jump from 02:00 to 03:00.
    expect(quietEnd(night, at(2026, 3, 28, 23, 0, berlin), berlin)).toBe(at(2026, 3, 29, 8, 0, berlin));
  });
});

describe('whoIsOnCall', () => {
  const weekly: RotationConfig = {
    members: ['alice', 'bob', 'carol'],
    handover: { every: 'weekly', at: '10:00' },
    start: '2026-01-05', // a Monday
    overrides: [],
  };

  it('hands over weekly at the configured local time', () => {
    expect(whoIsOnCall(weekly, at(2026, 1, 5, 10), SH).person).toBe('alice');
    expect(whoIsOnCall(weekly, at(2026, 1, 12, 9, 59), SH).person).toBe('alice');
    expect(whoIsOnCall(weekly, at(2026, 1, 12, 10), SH).person).toBe('bob');
    expect(whoIsOnCall(weekly, at(2026, 1, 19, 10), SH).person).toBe('carol');
    expect(whoIsOnCall(weekly, at(2026, 1, 26, 10), SH)).toEqual({
      person: 'alice',
      via: 'rotation',
      shift: 3,
    });
    expect(whoIsOnCall(weekly, at(2025, 12, 1, 10), SH).person).toBe('alice');
  });

  it('hands over daily and on a chosen weekday', () => {
    const daily: RotationConfig = { ...weekly, handover: { every: 'daily', at: '09:30' } };
    expect(whoIsOnCall(daily, at(2026, 1, 6, 9, 29), SH).person).toBe('alice');
    expect(whoIsOnCall(daily, at(2026, 1, 6, 9, 30), SH).person).toBe('bob');
    // Starting on a Monday with Thursday handovers: alice until Thursday, then bob.
    const thursdays: RotationConfig = {
      ...weekly,
      handover: { every: 'weekly', at: '10:00', weekday: 'thu' },
    };
    expect(whoIsOnCall(thursdays, at(2026, 1, 7, 12), SH).person).toBe('alice');
    expect(whoIsOnCall(thursdays, at(2026, 1, 8, 10), SH).person).toBe('bob');
    expect(whoIsOnCall(thursdays, at(2026, 1, 15, 10), SH).person).toBe('carol');
  });

  it('lets the last matching override win', () => {
    const withOverrides: RotationConfig = {
      ...weekly,
      overrides: [
        { from: '2026-01-06T00:00', to: '2026-01-08T00:00', person: 'carol' },
        { from: '2026-01-07T12:00', to: '2026-01-07T18:00', person: 'bob' },
      ],
    };
    expect(whoIsOnCall(withOverrides, at(2026, 1, 6, 12), SH)).toEqual({
      person: 'carol',
      via: 'override',
      shift: -1,
    });
    expect(whoIsOnCall(withOverrides, at(2026, 1, 7, 13), SH).person).toBe('bob');
    expect(whoIsOnCall(withOverrides, at(2026, 1, 8, 0), SH).person).toBe('alice');
  });

  it('keeps the handover hour across DST', () => {
    const berlin = 'Europe/Berlin';
    const daily: RotationConfig = {
      ...weekly,
      handover: { every: 'daily', at: '10:00' },
      start: '2026-03-27',
    };
    expect(whoIsOnCall(daily, at(2026, 3, 30, 9, 59, berlin), berlin).person).toBe('carol');
    expect(whoIsOnCall(daily, at(2026, 3, 30, 10, 0, berlin), berlin).person).toBe('alice');
  });
});
