import type { QuietHoursConfig } from './routes-schema.js';
import { localEpochMinutes, parseClock, WEEKDAY_NAMES, zonedParts, zonedTimeToEpoch } from './zoned-time.js';

/**
 * Whether `epochMs` falls in one of the windows, read on the zone's wall clock. A window whose
 * end is not after its start runs over midnight; its weekdays name the day it starts on.
 */
export function isQuiet(config: QuietHoursConfig, epochMs: number, zone: string): boolean {
  const p = zonedParts(epochMs, zone);
  const minute = p.hour * 60 + p.minute;
  return config.windows.some((w) => {
    const start = parseClock(w.start) ?? 0;
    const end = parseClock(w.end) ?? 0;
    const onDay = (weekday: number): boolean =>
      !w.weekdays || w.weekdays.includes(WEEKDAY_NAMES[(weekday + 7) % 7]!);
    if (start < end) return minute >= start && minute < end && onDay(p.weekday);
    return (minute >= start && onDay(p.weekday)) || (minute < end && onDay(p.weekday - 1));
  });
}

/**
 * The first instant at or after `epochMs` that is outside every window (when the digest goes
 * out). Steps to the nearest window end on the wall clock, then re-checks, so back-to-back
 * windows and DST shifts are handled; gives up after two weeks of continuous quiet.
 */
export function quietEnd(config: QuietHoursConfig, epochMs: number, zone: string): number {
  let t = epochMs;
  for (let guard = 0; guard < 64 && isQuiet(config, t, zone); guard++) {
    const local = localEpochMinutes(t, zone);
    const minuteOfDay = ((local % 1440) + 1440) % 1440;
    let step = 1440;
    for (const w of config.windows) {
      const end = parseClock(w.end) ?? 0;
      const delta = (((end - minuteOfDay) % 1440) + 1440) % 1440;
      if (delta > 0 && delta < step) step = delta;
    }
    // Step on the wall clock, not in elapsed time, so a DST jump does not shift the end.
    const target = new Date((local + step) * 60_000);
    t = zonedTimeToEpoch(
      {
        year: target.getUTCFullYear(),
        month: target.getUTCMonth() + 1,
        day: target.getUTCDate(),
        hour: target.getUTCHours(),
        minute: target.getUTCMinutes(),
      },
      zone,
    );
  }
  return t;
}
