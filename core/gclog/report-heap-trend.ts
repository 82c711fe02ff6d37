/**
 * Heap-after-GC trend of one run in bounded memory: min/max/last, a ring of the latest samples
 * and streaming least-squares fits (over all samples and over full-GC samples only).
 */

import type { GcHeapAfterGcTrend, GcTimePoint } from './report-types.js';
import type { GcTime } from './types.js';

/** One collection's outcome, as the accumulator hands it over. */
export interface HeapSample {
  /** Position on the run's time axis in seconds, `null` when the event had no usable time. */
  t: number | null;
  time: GcTime;
  afterBytes: number;
  committedBytes?: number;
  /** True for a full GC: its "after" is the live set. */
  full: boolean;
}

/** Streaming simple linear regression (Welford-style co-moments, stable for epoch-sized x). */
export interface LinearFit {
  readonly count: number;
  add(x: number, y: number): void;
  /** dy/dx, `null` with fewer than two distinct x. */
  slope(): number | null;
}

/** Creates an empty fit. */
export function createLinearFit(): LinearFit {
  let n = 0;
  let meanX = 0;
  let meanY = 0;
  let sxx = 0;
  let sxy = 0;
  return {
    get count() {
      return n;
    },
    add(x, y) {
      n++;
      const dx = x - meanX;
      meanX += dx / n;
      meanY += (y - meanY) / n;
      sxx += dx * (x - meanX);
      sxy += dx * (y - meanY);
    },
    slope() {
      return n >= 2 && sxx > 0 ? sxy / sxx : null;
    },
  };
}

/** Accumulates heap samples; `summary` resolves the kept points' clocks at the end. */
export interface HeapTrend {
  add(sample: HeapSample): void;
  summary(maxHeapBytes: number | null, resolve: (time: GcTime) => GcTimePoint): GcHeapAfterGcTrend;
}

/** Full-GC samples needed before the slope is fitted on them instead of on every sample. */
const MIN_FULL_GC_FIT = 2;

/** Creates an empty trend keeping the latest `pointsCap` samples. */
export function createHeapTrend(pointsCap: number): HeapTrend {
  const ring: HeapSample[] = [];
  let next = 0;
  let count = 0;
  let min: number | null = null;
  let max: number | null = null;
  let last: number | null = null;
  let lastCommitted: number | null = null;
  const allFit = createLinearFit();
  const fullFit = createLinearFit();

  const latestPoints = (): HeapSample[] =>
    ring.length < pointsCap ? [...ring] : [...ring.slice(next), ...ring.slice(0, next)];

  return {
    add(sample) {
      count++;
      min = min === null ? sample.afterBytes : Math.min(min, sample.afterBytes);
      max = max === null ? sample.afterBytes : Math.max(max, sample.afterBytes);
      last = sample.afterBytes;
      if (sample.committedBytes !== undefined) lastCommitted = sample.committedBytes;
      if (sample.t !== null) {
        allFit.add(sample.t, sample.afterBytes);
        if (sample.full) fullFit.add(sample.t, sample.afterBytes);
      }
      if (pointsCap <= 0) return;
      if (ring.length < pointsCap) ring.push(sample);
      else ring[next] = sample;
      next = (next + 1) % pointsCap;
    },
    summary(maxHeapBytes, resolve) {
      const fit = fullFit.count >= MIN_FULL_GC_FIT && fullFit.slope() !== null ? fullFit : allFit;
      const slope = fit.slope();
      return {
        count,
        minBytes: min,
        maxBytes: max,
        lastBytes: last,
        lastCommittedBytes: lastCommitted,
        lastRatioOfMax: last !== null && maxHeapBytes ? last / maxHeapBytes : null,
        slopeBytesPerHour: slope === null ? null : slope * 3600,
        slopeBasis: slope === null ? null : fit === fullFit ? 'full_gc' : 'all',
        points: latestPoints().map((sample) => ({ ...resolve(sample.time), afterBytes: sample.afterBytes })),
      };
    },
  };
}
