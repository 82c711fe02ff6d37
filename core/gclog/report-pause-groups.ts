/**
 * Pause statistics per (type, cause) and concurrent-phase totals, both with a cap on the number of
 * distinct keys so a log full of odd causes cannot grow memory without bound.
 */

import type { GcConcurrentPhase, GcPauseGroup, GcPauseSummary } from './report-types.js';
import { createDurationStats, type DurationStats } from './stats.js';
import type { GcPauseType } from './types.js';

/** The cause that pauses of new causes are folded into once the group cap is reached. */
export const OTHER_CAUSE = '(other)';
/** The phase that new phases are folded into once the phase cap is reached. */
export const OTHER_PHASE = 'other';

/** Pause durations grouped by (type, cause). */
export interface PauseGroups {
  add(type: GcPauseType, cause: string, seconds: number): void;
  summary(): GcPauseSummary;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Creates empty groups; `exactCap` durations per group are kept for exact percentiles. */
export function createPauseGroups(exactCap: number, maxGroups: number): PauseGroups {
  const groups = new Map<string, { type: GcPauseType; cause: string; stats: DurationStats }>();
  let count = 0;
  let total = 0;
  let max = 0;

  const groupFor = (type: GcPauseType, cause: string) => {
    const key = `${type}\u0000${cause}`;
    const found = groups.get(key);
    if (found) return found;
    if (groups.size >= maxGroups && cause !== OTHER_CAUSE) return groupFor(type, OTHER_CAUSE);
    const created = { type, cause, stats: createDurationStats(exactCap) };
    groups.set(key, created);
    return created;
  };

  return {
    add(type, cause, seconds) {
      groupFor(type, cause).stats.add(seconds);
      count++;
      total += seconds;
      if (seconds > max) max = seconds;
    },
    summary() {
      const list: GcPauseGroup[] = [...groups.values()].map(({ type, cause, stats }) => ({
        type,
        cause,
        count: stats.count,
        totalSeconds: stats.sumSeconds,
        p50Seconds: stats.quantile(0.5),
        p99Seconds: stats.quantile(0.99),
        maxSeconds: stats.maxSeconds,
        percentileMethod: stats.approximate ? 'histogram' : 'exact',
      }));
      list.sort(
        (a, b) =>
          b.totalSeconds - a.totalSeconds || compareText(a.type, b.type) || compareText(a.cause, b.cause),
      );
      return { count, totalSeconds: total, maxSeconds: max, groups: list };
    },
  };
}

/** Count and time per concurrent phase. */
export interface PhaseTotals {
  add(phase: string, seconds: number): void;
  /** Sorted by phase name. */
  summary(): GcConcurrentPhase[];
}

/** Creates empty phase totals holding at most `maxPhases` names. */
export function createPhaseTotals(maxPhases: number): PhaseTotals {
  const phases = new Map<string, { count: number; totalSeconds: number }>();
  return {
    add(phase, seconds) {
      const key = phases.has(phase) || phases.size < maxPhases ? phase : OTHER_PHASE;
      const entry = phases.get(key) ?? { count: 0, totalSeconds: 0 };
      entry.count++;
      entry.totalSeconds += seconds;
      phases.set(key, entry);
    },
    summary() {
      return [...phases.entries()]
        .map(([phase, entry]) => ({ phase, ...entry }))
        .sort((a, b) => compareText(a.phase, b.phase));
    },
  };
}
