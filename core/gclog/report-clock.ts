/**
 * The time axis of one JVM run. Logs carry uptime, wall clock, or both; a run picks one axis from
 * its first timed event (uptime when that event has it, else wall clock) and converts the other
 * clock through the JVM start when it is known. The JVM start comes from the log when it can
 * (a `jvm_info` start, else the first event carrying both clocks), else from the caller's meta.
 */

import type { GcSpanFrom, GcTimePoint } from './report-types.js';
import type { GcTime } from './types.js';

/** The observed extent of a run. */
export interface RunSpan {
  first: GcTimePoint | null;
  last: GcTimePoint | null;
  spanFrom: GcSpanFrom | null;
  spanSeconds: number | null;
}

/** Tracks the axis, the JVM start and the earliest/latest timed events of a run. */
export interface RunClock {
  /** Records the JVM start the log states (`jvm_info`); the first stated one wins. */
  learnStart(epochMs: number): void;
  /** Notes an event's time; returns its position on the axis in seconds, or `null`. */
  observe(time: GcTime): number | null;
  startEpochMs(): number | null;
  /** Both clocks of a moment, each derived from the other through the JVM start when missing. */
  resolve(time: GcTime): GcTimePoint;
  /**
   * The span from the first to the last timed event, or from JVM start (uptime 0) when the first
   * event lies within `startWindowSeconds` of it: the log then covers the whole run, and counting
   * the quiet time before the first collection keeps a one-pause run from dividing by ~zero.
   */
  span(startWindowSeconds: number): RunSpan;
}

const finite = (value: number | undefined): value is number => value !== undefined && Number.isFinite(value);

/** Creates a clock; `metaStartEpochMs` is the caller's idea of the JVM start (e.g. from `%t`). */
export function createRunClock(metaStartEpochMs: number | undefined): RunClock {
  let logStart: number | null = null;
  let axis: 'uptime' | 'epoch' | null = null;
  let first: { t: number; time: GcTime } | null = null;
  let last: { t: number; time: GcTime } | null = null;
  const start = (): number | null => logStart ?? (finite(metaStartEpochMs) ? metaStartEpochMs : null);

  const resolve = (time: GcTime): GcTimePoint => {
    const known = start();
    const uptime = finite(time.uptimeSeconds) ? time.uptimeSeconds : null;
    const epoch = finite(time.epochMs) ? time.epochMs : null;
    return {
      uptimeSeconds: uptime ?? (epoch !== null && known !== null ? (epoch - known) / 1000 : null),
      epochMs: epoch ?? (uptime !== null && known !== null ? Math.round(known + uptime * 1000) : null),
    };
  };

  const position = (time: GcTime): number | null => {
    const point = resolve(time);
    if (axis === 'uptime') return point.uptimeSeconds;
    return point.epochMs === null ? null : point.epochMs / 1000;
  };

  return {
    learnStart(epochMs) {
      if (logStart === null && Number.isFinite(epochMs)) logStart = epochMs;
    },
    observe(time) {
      if (logStart === null && finite(time.uptimeSeconds) && finite(time.epochMs)) {
        logStart = Math.round(time.epochMs - time.uptimeSeconds * 1000);
      }
      if (axis === null) {
        if (finite(time.uptimeSeconds)) axis = 'uptime';
        else if (finite(time.epochMs)) axis = 'epoch';
        else return null;
      }
      const t = position(time);
      if (t === null) return null;
      if (first === null || t < first.t) first = { t, time };
      if (last === null || t > last.t) last = { t, time };
      return t;
    },
    startEpochMs: start,
    resolve,
    span(startWindowSeconds) {
      if (first === null || last === null) {
        return { first: null, last: null, spanFrom: null, spanSeconds: null };
      }
      const firstPoint = resolve(first.time);
      const lastPoint = resolve(last.time);
      const lead = firstPoint.uptimeSeconds;
      if (lead !== null && lead >= 0 && lead <= startWindowSeconds) {
        const spanSeconds = axis === 'uptime' ? last.t : last.t - first.t + lead;
        return { first: firstPoint, last: lastPoint, spanFrom: 'jvm_start', spanSeconds };
      }
      return { first: firstPoint, last: lastPoint, spanFrom: 'first_event', spanSeconds: last.t - first.t };
    },
  };
}
