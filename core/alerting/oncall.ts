import type { RotationConfig } from './routes-schema.js';
import { localEpochMinutes, parseClock, parseLocalOrIso, WEEKDAY_NAMES } from './zoned-time.js';

/** Who is on call, and why (for the audit trail). */
export interface OnCallAnswer {
  person: string;
  /** `rotation` (regular shift, with its index) or `override`. */
  via: 'rotation' | 'override';
  shift: number;
}

const DAY = 1440;
const WEEK = 7 * DAY;

/**
 * The person on call at `epochMs`. Shifts hand over at `handover.at` on the zone's wall clock
 * (daily, or weekly on `handover.weekday`, default the start date's weekday), so a DST change
 * does not move the handover hour. The last matching override wins. Before the first shift the
 * first member is on call.
 */
export function whoIsOnCall(rotation: RotationConfig, epochMs: number, zone: string): OnCallAnswer {
  for (const override of [...rotation.overrides].reverse()) {
    const from = parseLocalOrIso(override.from, zone);
    const to = parseLocalOrIso(override.to, zone);
    if (from !== undefined && to !== undefined && epochMs >= from && epochMs < to)
      return { person: override.person, via: 'override', shift: -1 };
  }
  const [y, m, d] = rotation.start.split('-').map(Number) as [number, number, number];
  const at = parseClock(rotation.handover.at) ?? 0;
  let first = Date.UTC(y, m - 1, d) / 60_000 + at;
  const length = rotation.handover.every === 'daily' ? DAY : WEEK;
  if (rotation.handover.every === 'weekly' && rotation.handover.weekday) {
    const startWeekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    const wanted = WEEKDAY_NAMES.indexOf(rotation.handover.weekday);
    // The first handover on the wanted weekday ends a shorter first shift that already counts.
    first += ((((wanted - startWeekday) % 7) + 7) % 7) * DAY - (wanted === startWeekday ? 0 : WEEK);
  }
  const now = localEpochMinutes(epochMs, zone);
  const shift = Math.max(0, Math.floor((now - first) / length));
  return { person: rotation.members[shift % rotation.members.length]!, via: 'rotation', shift };
}
