import { describe, expect, it } from 'vitest';
import {
  createGcRunAccumulator,
  type GcRunAccumulatorOptions,
  type GcRunMeta,
} from './report-accumulator.js';
import type { GcEvent, GcHeapChange, GcPauseEvent, GcPauseType, GcTime } from './types.js';

const M = 1024 * 1024;
const META: GcRunMeta = {
  pod: 'order-7d9f8-abcde',
  format: 'unified',
  files: ['gc-order-7d9f8-abcde-2025-01-01_08-00-00.log', 'gc-order-7d9f8-abcde-2025-01-01_08-00-00.log.0'],
};

function pause(
  time: GcTime,
  type: GcPauseType,
  cause: string,
  durationSeconds: number,
  heap?: GcHeapChange,
): GcPauseEvent {
  return { kind: 'pause', ...time, type, cause, durationSeconds, ...(heap ? { heap } : {}) };
}

function summarize(events: readonly GcEvent[], meta: GcRunMeta = META, options?: GcRunAccumulatorOptions) {
  const accumulator = createGcRunAccumulator(meta, options);
  for (const event of events) accumulator.add(event);
  return accumulator.summary();
}

/** A G1 run logged from JVM start: young pauses with young figures, a remark, a full GC. */
const G1_RUN: GcEvent[] = [
  {
    kind: 'jvm_info',
    uptimeSeconds: 0.005,
    collector: 'G1',
    jvmVersion: '17.0.15+6',
    maxHeapBytes: 1024 * M,
  },
  pause({ uptimeSeconds: 1 }, 'young', 'G1 Evacuation Pause', 0.01, {
    beforeBytes: 100 * M,
    afterBytes: 30 * M,
    committedBytes: 256 * M,
    youngBeforeBytes: 80 * M,
    youngAfterBytes: 0,
  }),
  pause({ uptimeSeconds: 2 }, 'young', 'G1 Evacuation Pause', 0.03, {
    beforeBytes: 130 * M,
    afterBytes: 40 * M,
    youngBeforeBytes: 100 * M,
    youngAfterBytes: 0,
  }),
  { kind: 'concurrent', uptimeSeconds: 2.5, phase: 'mark', durationSeconds: 0.2 },
  pause({ uptimeSeconds: 2.6 }, 'remark', '', 0.002),
  pause({ uptimeSeconds: 3 }, 'young', 'G1 Evacuation Pause', 0.02, {
    beforeBytes: 140 * M,
    afterBytes: 50 * M,
    youngBeforeBytes: 100 * M,
    youngAfterBytes: 0,
  }),
  { kind: 'to_space_exhausted', uptimeSeconds: 3 },
  pause({ uptimeSeconds: 4 }, 'full', 'System.gc()', 0.25, { beforeBytes: 90 * M, afterBytes: 24 * M }),
];

describe('createGcRunAccumulator: a G1 run from JVM start', () => {
  const run = summarize(G1_RUN);

  it('takes JVM facts and the span from uptime 0', () => {
    expect(run).toMatchObject({
      pod: META.pod,
      format: 'unified',
      files: META.files,
      collector: 'G1',
      jvmVersion: '17.0.15+6',
      maxHeapBytes: 1024 * M,
      jvmStartEpochMs: null,
      eventCount: 8,
      invalidEvents: 0,
      spanFrom: 'jvm_start',
      spanSeconds: 4,
      firstEvent: { uptimeSeconds: 0.005, epochMs: null },
      lastEvent: { uptimeSeconds: 4, epochMs: null },
      fullGcCount: 1,
      toSpaceExhaustedCount: 1,
      concurrent: [{ phase: 'mark', count: 1, totalSeconds: 0.2 }],
    });
  });

  it('sums pauses per (type, cause), heaviest first, with exact percentiles', () => {
    expect(run.pauses.count).toBe(5);
    expect(run.pauses.totalSeconds).toBeCloseTo(0.312, 12);
    expect(run.pauses.maxSeconds).toBe(0.25);
    expect(run.pauses.groups.map((g) => [g.type, g.cause, g.count])).toEqual([
      ['full', 'System.gc()', 1],
      ['young', 'G1 Evacuation Pause', 3],
      ['remark', '', 1],
    ]);
    expect(run.pauses.groups[1]).toEqual({
      type: 'young',
      cause: 'G1 Evacuation Pause',
      count: 3,
      totalSeconds: 0.01 + 0.03 + 0.02,
      p50Seconds: 0.02,
      p99Seconds: 0.03,
      maxSeconds: 0.03,
      percentileMethod: 'exact',
    });
  });

  it('computes overhead over the span and throughput as its complement', () => {
    expect(run.overheadPercent).toBeCloseTo((0.312 / 4) * 100, 12);
    expect(run.throughputPercent).toBeCloseTo(100 - 7.8, 12);
  });

  it('derives allocation (from an empty heap at start) and promotion', () => {
    // 100 before the first GC, then 130-30, 140-40, 90-50.
    expect(run.allocation.allocatedBytes).toBe(340 * M);
    expect(run.allocation.allocationRateBytesPerSecond).toBe(85 * M);
    // Young shrank 80/100/100 while the heap shrank 70/90/90: 10 MiB promoted each time.
    expect(run.allocation.promotedBytes).toBe(30 * M);
    expect(run.allocation.promotionRateBytesPerSecond).toBe(7.5 * M);
  });

  it('tracks heap after GC with a slope over all collections', () => {
    const heap = run.heapAfterGc;
    expect(heap).toMatchObject({
      count: 4,
      minBytes: 24 * M,
      maxBytes: 50 * M,
      lastBytes: 24 * M,
      lastCommittedBytes: 256 * M,
      lastRatioOfMax: 24 / 1024,
      slopeBasis: 'all',
    });
    // Least squares over (1,30) (2,40) (3,50) (4,24) MiB: -0.8 MiB/s.
    expect(heap.slopeBytesPerHour).toBeCloseTo(-0.8 * M * 3600, 3);
    expect(heap.points.map((p) => [p.uptimeSeconds, p.afterBytes / M])).toEqual([
      [1, 30],
      [2, 40],
      [3, 50],
      [4, 24],
    ]);
  });
});

describe('createGcRunAccumulator: edge cases', () => {
  it('summarizes a run without events', () => {
    const run = summarize([]);
    expect(run).toMatchObject({
      collector: 'unknown',
      eventCount: 0,
      firstEvent: null,
      lastEvent: null,
      spanFrom: null,
      spanSeconds: null,
      pauses: { count: 0, totalSeconds: 0, maxSeconds: 0, groups: [] },
      overheadPercent: null,
      throughputPercent: null,
      allocation: {
        allocatedBytes: null,
        allocationRateBytesPerSecond: null,
        promotedBytes: null,
        promotionRateBytesPerSecond: null,
      },
      heapAfterGc: { count: 0, lastBytes: null, slopeBytesPerHour: null, points: [] },
    });
  });

  it('reports zero overhead for a log of concurrent phases only, spanning first to last event', () => {
    const run = summarize([
      { kind: 'concurrent', uptimeSeconds: 100, phase: 'mark', durationSeconds: 1.5 },
      { kind: 'concurrent', uptimeSeconds: 250, phase: 'mark', durationSeconds: 0.5 },
      { kind: 'concurrent', uptimeSeconds: 300, phase: 'cleanup', durationSeconds: 0.25 },
    ]);
    expect(run.spanFrom).toBe('first_event');
    expect(run.spanSeconds).toBe(200);
    expect(run.overheadPercent).toBe(0);
    expect(run.throughputPercent).toBe(100);
    expect(run.concurrent).toEqual([
      { phase: 'cleanup', count: 1, totalSeconds: 0.25 },
      { phase: 'mark', count: 2, totalSeconds: 2 },
    ]);
  });

  it('measures a single early pause against its uptime', () => {
    const run = summarize([pause({ uptimeSeconds: 8 }, 'young', 'Allocation Failure', 0.04)]);
    expect(run.spanFrom).toBe('jvm_start');
    expect(run.spanSeconds).toBe(8);
    expect(run.overheadPercent).toBe(0.5);
    expect(run.pauses.groups[0]).toMatchObject({ p50Seconds: 0.04, p99Seconds: 0.04, maxSeconds: 0.04 });
  });

  it('has no overhead for a single pause of a rotated log (zero span)', () => {
    const run = summarize([pause({ uptimeSeconds: 5000 }, 'young', 'Allocation Failure', 0.04)]);
    expect(run.spanFrom).toBe('first_event');
    expect(run.spanSeconds).toBe(0);
    expect(run.overheadPercent).toBeNull();
    expect(run.pauses.count).toBe(1);
  });

  it('handles decimal uptimes of a rotated log', () => {
    const heap = (before: number, after: number) => ({ beforeBytes: before * M, afterBytes: after * M });
    const run = summarize(
      [
        pause({ uptimeSeconds: 100.125 }, 'young', 'Allocation Failure', 0.0125, heap(60, 20)),
        pause({ uptimeSeconds: 100.375 }, 'young', 'Allocation Failure', 0.0375, heap(70, 30)),
        pause({ uptimeSeconds: 100.625 }, 'young', 'Allocation Failure', 0.025, heap(90, 40)),
      ],
      META,
      { startWindowSeconds: 60 },
    );
    expect(run.spanFrom).toBe('first_event');
    expect(run.spanSeconds).toBe(0.5);
    expect(run.overheadPercent).toBeCloseTo(15, 12);
    // Rotated: the heap before the first collection is not counted (unknown start).
    expect(run.allocation.allocatedBytes).toBe(110 * M);
    expect(run.allocation.allocationRateBytesPerSecond).toBe(220 * M);
    expect(run.allocation.promotedBytes).toBeNull();
    expect(run.heapAfterGc.slopeBytesPerHour).toBe(40 * M * 3600);
  });

  it('uses ZGC cycles for heap figures and phase pauses for pause time', () => {
    const cycle = (uptimeSeconds: number, before: number, after: number, cause = 'Allocation Rate') =>
      ({
        kind: 'cycle',
        uptimeSeconds,
        cause,
        heap: { beforeBytes: before * M, afterBytes: after * M },
      }) as const;
    const run = summarize([
      { kind: 'jvm_info', uptimeSeconds: 0.01, collector: 'ZGC', maxHeapBytes: 200 * M },
      pause({ uptimeSeconds: 2 }, 'mark_start', '', 0.0001),
      pause({ uptimeSeconds: 2.1 }, 'mark_end', '', 0.0002),
      pause({ uptimeSeconds: 2.2 }, 'relocate_start', '', 0.0001),
      cycle(2.3, 106, 88, 'Metadata GC Threshold'),
      cycle(4, 150, 90),
      { kind: 'allocation_stall', uptimeSeconds: 4, durationSeconds: 0.125 },
      { kind: 'allocation_stall', uptimeSeconds: 4.5, durationSeconds: 0.375 },
      cycle(5, 190, 185),
    ]);
    expect(run.collector).toBe('ZGC');
    expect(run.pauses.count).toBe(3);
    expect(run.pauses.maxSeconds).toBe(0.0002);
    expect(run.cycles).toEqual({ count: 3, totalSeconds: 0 });
    expect(run.allocationStalls).toEqual({ count: 2, totalSeconds: 0.5 });
    expect(run.fullGcCount).toBe(0);
    expect(run.allocation.allocatedBytes).toBe((106 + 62 + 100) * M);
    expect(run.heapAfterGc).toMatchObject({ count: 3, lastBytes: 185 * M, lastRatioOfMax: 185 / 200 });
  });

  it('adds the duration of generational ZGC cycles', () => {
    const run = summarize([
      { kind: 'cycle', uptimeSeconds: 3, cause: 'Allocation Rate', durationSeconds: 0.1 },
      { kind: 'cycle', uptimeSeconds: 6, cause: 'Allocation Rate', durationSeconds: 0.25 },
    ]);
    expect(run.cycles).toEqual({ count: 2, totalSeconds: 0.35 });
    expect(run.pauses.count).toBe(0);
    expect(run.overheadPercent).toBe(0);
  });
});

describe('createGcRunAccumulator: wall-clock times', () => {
  const start = Date.UTC(2025, 0, 1, 0, 0, 0);

  it('uses the epoch axis when events carry only wall-clock time', () => {
    const run = summarize([
      pause({ epochMs: start + 3_600_000 }, 'young', 'Allocation Failure', 0.5),
      pause({ epochMs: start + 3_610_000 }, 'young', 'Allocation Failure', 0.5),
    ]);
    expect(run.jvmStartEpochMs).toBeNull();
    expect(run.firstEvent).toEqual({ uptimeSeconds: null, epochMs: start + 3_600_000 });
    expect(run.spanFrom).toBe('first_event');
    expect(run.spanSeconds).toBe(10);
    expect(run.overheadPercent).toBe(10);
  });

  it('derives uptimes from the caller-known start and spans from it when close', () => {
    const run = summarize(
      [
        pause({ epochMs: start + 20_000 }, 'young', 'Allocation Failure', 0.5),
        pause({ epochMs: start + 40_000 }, 'young', 'Allocation Failure', 0.5),
      ],
      { ...META, jvmStartEpochMs: start },
    );
    expect(run.jvmStartEpochMs).toBe(start);
    expect(run.firstEvent).toEqual({ uptimeSeconds: 20, epochMs: start + 20_000 });
    expect(run.spanFrom).toBe('jvm_start');
    expect(run.spanSeconds).toBe(40);
    expect(run.heapAfterGc.points).toEqual([]);
  });

  it('prefers the start the log states over the caller one and fills the other clock', () => {
    const logStart = start + 1234;
    const run = summarize(
      [
        { kind: 'jvm_info', collector: 'G1', startEpochMs: logStart },
        pause({ uptimeSeconds: 2 }, 'young', 'G1 Evacuation Pause', 0.01, { beforeBytes: 10, afterBytes: 5 }),
      ],
      { ...META, jvmStartEpochMs: start },
    );
    expect(run.jvmStartEpochMs).toBe(logStart);
    expect(run.lastEvent).toEqual({ uptimeSeconds: 2, epochMs: logStart + 2000 });
    expect(run.heapAfterGc.points).toEqual([{ uptimeSeconds: 2, epochMs: logStart + 2000, afterBytes: 5 }]);
  });

  it('learns the start from an event carrying both clocks', () => {
    const run = summarize([
      pause({ uptimeSeconds: 3.117, epochMs: start + 3117 }, 'young', 'Allocation Failure', 0.5),
      pause({ uptimeSeconds: 13.117 }, 'young', 'Allocation Failure', 0.5),
    ]);
    expect(run.jvmStartEpochMs).toBe(start);
    expect(run.lastEvent).toEqual({ uptimeSeconds: 13.117, epochMs: start + 13_117 });
  });
});

describe('createGcRunAccumulator: robustness and bounds', () => {
  it('counts invalid figures and leaves them out', () => {
    const accumulator = createGcRunAccumulator(META);
    accumulator.add(pause({ uptimeSeconds: 1 }, 'young', 'x', Number.NaN));
    accumulator.add(pause({ uptimeSeconds: 2 }, 'young', 'x', 0.1, { beforeBytes: -1, afterBytes: 5 }));
    accumulator.add({ kind: 'allocation_stall', uptimeSeconds: 3, durationSeconds: -2 });
    accumulator.addParseErrors(4);
    accumulator.addParseErrors(1);
    const run = accumulator.summary();
    expect(run.invalidEvents).toBe(3);
    expect(run.pauses.count).toBe(1);
    expect(run.heapAfterGc.count).toBe(0);
    expect(run.allocationStalls.count).toBe(0);
    expect(run.parseErrors).toBe(5);
  });

  it('folds causes and phases beyond the caps', () => {
    const run = summarize(
      [
        pause({ uptimeSeconds: 1 }, 'young', 'a', 0.1),
        pause({ uptimeSeconds: 2 }, 'young', 'b', 0.1),
        pause({ uptimeSeconds: 3 }, 'young', 'c', 0.1),
        pause({ uptimeSeconds: 4 }, 'young', 'd', 0.1),
        { kind: 'concurrent', uptimeSeconds: 5, phase: 'mark', durationSeconds: 1 },
        { kind: 'concurrent', uptimeSeconds: 6, phase: 'sweep', durationSeconds: 1 },
      ],
      META,
      { maxPauseGroups: 2, maxConcurrentPhases: 1 },
    );
    expect(run.pauses.groups.map((g) => [g.cause, g.count])).toEqual([
      ['(other)', 2],
      ['a', 1],
      ['b', 1],
    ]);
    expect(run.concurrent.map((p) => p.phase)).toEqual(['mark', 'other']);
  });

  it('keeps only the latest trend points and estimates percentiles of huge groups', () => {
    const events: GcEvent[] = [];
    for (let i = 1; i <= 150_000; i++) {
      const heap = { beforeBytes: 200 * M, afterBytes: (i % 100) * M };
      events.push(
        pause({ uptimeSeconds: i }, 'young', 'G1 Evacuation Pause', (i % 1000) / 1e4 + 0.001, heap),
      );
    }
    const run = summarize(events, META, { trendPoints: 5 });
    const group = run.pauses.groups[0]!;
    expect(group.count).toBe(150_000);
    expect(group.percentileMethod).toBe('histogram');
    // 150 pauses of each of 0.1 ms .. 100.9 ms: exact p50 = 50.9 ms, p99 = 99.9 ms.
    expect(Math.abs(group.p50Seconds - 0.0509) / 0.0509).toBeLessThan(0.01);
    expect(Math.abs(group.p99Seconds - 0.0999) / 0.0999).toBeLessThan(0.01);
    expect(group.maxSeconds).toBeCloseTo(0.1009, 12);
    expect(run.heapAfterGc.points.map((p) => p.uptimeSeconds)).toEqual([
      149_996, 149_997, 149_998, 149_999, 150_000,
    ]);
  });
});
