import { describe, expect, it } from 'vitest';
import { createHeapTrend, createLinearFit, type HeapSample } from './report-heap-trend.js';
import type { GcTimePoint } from './report-types.js';
import type { GcTime } from './types.js';

const byUptime = (time: GcTime): GcTimePoint => ({
  uptimeSeconds: time.uptimeSeconds ?? null,
  epochMs: time.epochMs ?? null,
});

const sample = (t: number, afterBytes: number, full = false): HeapSample => ({
  t,
  time: { uptimeSeconds: t },
  afterBytes,
  full,
});

describe('createLinearFit', () => {
  it('fits an exact line', () => {
    const fit = createLinearFit();
    fit.add(0, 100);
    fit.add(1, 300);
    fit.add(2, 500);
    expect(fit.count).toBe(3);
    expect(fit.slope()).toBe(200);
  });

  it('matches the least-squares slope of scattered points', () => {
    const fit = createLinearFit();
    // x mean 2.5, y mean 36: Sxy = 9 - 2 + 7 - 18 = -4, Sxx = 5 -> slope -0.8.
    for (const [x, y] of [
      [1, 30],
      [2, 40],
      [3, 50],
      [4, 24],
    ] as const)
      fit.add(x, y);
    expect(fit.slope()).toBeCloseTo(-0.8, 12);
  });

  it('stays accurate at epoch-sized x', () => {
    const fit = createLinearFit();
    const base = 1_735_689_600;
    for (let i = 0; i < 100; i++) fit.add(base + i * 60, 1e9 + i * 60 * 1000);
    expect(fit.slope()).toBeCloseTo(1000, 6);
  });

  it('has no slope with one point or one distinct x', () => {
    const fit = createLinearFit();
    fit.add(5, 1);
    expect(fit.slope()).toBeNull();
    fit.add(5, 2);
    expect(fit.slope()).toBeNull();
  });
});

describe('createHeapTrend', () => {
  it('reports min, max, last, the ratio of max and the latest points oldest first', () => {
    const trend = createHeapTrend(3);
    [40, 10, 30, 20, 50].forEach((after, i) => trend.add(sample(i, after)));
    const summary = trend.summary(100, byUptime);
    expect(summary).toMatchObject({
      count: 5,
      minBytes: 10,
      maxBytes: 50,
      lastBytes: 50,
      lastRatioOfMax: 0.5,
    });
    expect(summary.points).toEqual([
      { uptimeSeconds: 2, epochMs: null, afterBytes: 30 },
      { uptimeSeconds: 3, epochMs: null, afterBytes: 20 },
      { uptimeSeconds: 4, epochMs: null, afterBytes: 50 },
    ]);
  });

  it('fits on full-GC samples once there are two, else on all samples', () => {
    const trend = createHeapTrend(20);
    trend.add(sample(0, 1000, true));
    trend.add(sample(1800, 9000));
    const early = trend.summary(null, byUptime);
    expect(early.slopeBasis).toBe('all');
    expect(early.slopeBytesPerHour).toBe(16_000);
    trend.add(sample(3600, 1500, true));
    const later = trend.summary(null, byUptime);
    expect(later.slopeBasis).toBe('full_gc');
    expect(later.slopeBytesPerHour).toBe(500);
    expect(later.lastRatioOfMax).toBeNull();
  });

  it('leaves untimed samples out of the fit but not out of the figures', () => {
    const trend = createHeapTrend(2);
    trend.add({ t: null, time: {}, afterBytes: 7, committedBytes: 64, full: false });
    const summary = trend.summary(0, byUptime);
    expect(summary).toMatchObject({
      count: 1,
      lastBytes: 7,
      lastCommittedBytes: 64,
      slopeBytesPerHour: null,
    });
    expect(summary.slopeBasis).toBeNull();
    expect(summary.lastRatioOfMax).toBeNull();
  });

  it('is empty before any sample', () => {
    expect(createHeapTrend(20).summary(100, byUptime)).toEqual({
      count: 0,
      minBytes: null,
      maxBytes: null,
      lastBytes: null,
      lastCommittedBytes: null,
      lastRatioOfMax: null,
      slopeBytesPerHour: null,
      slopeBasis: null,
      points: [],
    });
  });
});
