import { describe, expect, it } from 'vitest';
import { createDurationStats } from './stats.js';

describe('createDurationStats', () => {
  it('is all zero while empty', () => {
    const stats = createDurationStats();
    expect([stats.count, stats.sumSeconds, stats.maxSeconds, stats.quantile(0.5)]).toEqual([0, 0, 0, 0]);
    expect(stats.approximate).toBe(false);
  });

  it('gives nearest-rank percentiles over unsorted input', () => {
    const stats = createDurationStats();
    for (const value of [0.05, 0.01, 0.04, 0.02, 0.03]) stats.add(value);
    expect(stats.count).toBe(5);
    expect(stats.maxSeconds).toBe(0.05);
    // rank ceil(0.5 * 5) = 3 -> third smallest; ceil(0.99 * 5) = 5 -> largest; ceil(0.2 * 5) = 1.
    expect(stats.quantile(0.5)).toBe(0.03);
    expect(stats.quantile(0.99)).toBe(0.05);
    expect(stats.quantile(0.2)).toBe(0.01);
    expect(stats.quantile(0.21)).toBe(0.02);
  });

  it('keeps sorting right when values arrive after a quantile was read', () => {
    const stats = createDurationStats();
    stats.add(3);
    stats.add(1);
    expect(stats.quantile(1)).toBe(3);
    stats.add(2);
    stats.add(0.5);
    expect(stats.quantile(0.5)).toBe(1);
    expect(stats.quantile(0.75)).toBe(2);
  });

  it('returns the one value of a single-value series for every quantile', () => {
    const stats = createDurationStats();
    stats.add(0.0123);
    expect([stats.quantile(0.01), stats.quantile(0.5), stats.quantile(0.99)]).toEqual([
      0.0123, 0.0123, 0.0123,
    ]);
  });

  it('switches to the histogram past the cap and stays within 1% of the exact percentile', () => {
    const stats = createDurationStats(10);
    const values = Array.from({ length: 1000 }, (_, i) => (i + 1) / 1000);
    for (const value of values) stats.add(value);
    expect(stats.approximate).toBe(true);
    expect(stats.count).toBe(1000);
    expect(stats.sumSeconds).toBeCloseTo(500.5, 9);
    expect(stats.maxSeconds).toBe(1);
    const p50 = stats.quantile(0.5);
    const p99 = stats.quantile(0.99);
    expect(Math.abs(p50 - 0.5) / 0.5).toBeLessThan(0.01);
    expect(Math.abs(p99 - 0.99) / 0.99).toBeLessThan(0.01);
    expect(stats.quantile(1)).toBeLessThanOrEqual(1);
  });

  it('clamps histogram estimates to the observed range', () => {
    const stats = createDurationStats(2);
    for (const value of [0.2, 0.2, 0.2, 0.2]) stats.add(value);
    expect(stats.quantile(0.5)).toBe(0.2);
    expect(stats.quantile(0.99)).toBe(0.2);
  });

  it('counts durations beyond the histogram range in its end buckets', () => {
    const stats = createDurationStats(1);
    stats.add(0);
    stats.add(1e-9);
    stats.add(2e6);
    // Sub-microsecond pauses share the first bucket (1 µs .. 1.02 µs) and read as about 1 µs.
    expect(stats.quantile(0.34)).toBeLessThanOrEqual(1.02e-6);
    expect(stats.quantile(0.34)).toBeGreaterThanOrEqual(1e-6);
    expect(stats.quantile(1)).toBe(2e6);
    expect(stats.count).toBe(3);
  });
});
