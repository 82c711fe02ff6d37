import { describe, expect, it } from 'vitest';
import { buildGcReport, createGcRunAccumulator, renderGcReport } from './report.js';
import type { GcHeapDump, GcRunSummary } from './report-types.js';
import type { GcEvent } from './types.js';

const MIB = 1024 * 1024;
/** 2025-01-01T00:00:00Z. */
const T0 = Date.UTC(2025, 0, 1);

/** What a test run looks like. */
interface RunSpec {
  pod: string;
  startMs: number;
  /** Seconds between young pauses. */
  every?: number;
  pauses?: number;
  pauseSeconds?: number;
  fullGcs?: number;
  afterMiB?: number;
  maxHeapMiB?: number;
}

/** A G1 run: young pauses every `every` seconds, then `fullGcs` full GCs, logged from JVM start. */
function buildRun(spec: RunSpec): GcRunSummary {
  const stamp = new Date(spec.startMs).toISOString().slice(0, 19).replace('T', '_').replaceAll(':', '-');
  const accumulator = createGcRunAccumulator({
    pod: spec.pod,
    format: 'unified',
    files: [`gc-${spec.pod}-${stamp}.log`],
  });
  const every = spec.every ?? 10;
  const after = (spec.afterMiB ?? 300) * MIB;
  const events: GcEvent[] = [
    {
      kind: 'jvm_info',
      uptimeSeconds: 0.004,
      epochMs: spec.startMs + 4,
      collector: 'G1',
      jvmVersion: '17.0.15+6',
      maxHeapBytes: (spec.maxHeapMiB ?? 1024) * MIB,
    },
  ];
  const pauses = spec.pauses ?? 10;
  for (let i = 1; i <= pauses; i++) {
    const heap = {
      beforeBytes: after + 400 * MIB,
      afterBytes: after + (i % 4) * MIB,
      committedBytes: 1024 * MIB,
    };
    const seconds = (spec.pauseSeconds ?? 0.02) * (1 + (i % 5) / 10);
    events.push({
      kind: 'pause',
      uptimeSeconds: i * every,
      type: 'young',
      cause: 'G1 Evacuation Pause',
      durationSeconds: seconds,
      heap,
    });
  }
  for (let i = 1; i <= (spec.fullGcs ?? 0); i++) {
    const heap = { beforeBytes: after + 500 * MIB, afterBytes: after };
    events.push({
      kind: 'pause',
      uptimeSeconds: pauses * every + i,
      type: 'full',
      cause: 'G1 Compaction Pause',
      durationSeconds: 0.8,
      heap,
    });
  }
  events.push({ kind: 'concurrent', uptimeSeconds: pauses * every, phase: 'mark', durationSeconds: 0.15 });
  for (const event of events) accumulator.add(event);
  return accumulator.summary();
}

const HOUR = 3_600_000;
const NOW = T0 + 48 * HOUR;

function dump(pod: string | undefined, file: string, mtimeMs: number, complete = true): GcHeapDump {
  return {
    ...(pod === undefined ? {} : { pod }),
    file,
    sizeBytes: 900 * MIB,
    mtimeMs,
    format: 'hprof',
    complete,
  };
}

function report(runs: GcRunSummary[], dumps: GcHeapDump[] = []) {
  return buildGcReport({ namespace: 'prod', service: 'order', runs, dumps, generatedAtMs: NOW });
}

describe('buildGcReport grouping', () => {
  it('sorts pods by name, runs and dumps newest first, and keeps pod-less dumps apart', () => {
    const older = buildRun({ pod: 'order-b', startMs: T0 });
    const newer = buildRun({ pod: 'order-b', startMs: T0 + 24 * HOUR });
    const other = buildRun({ pod: 'order-a', startMs: T0 });
    const built = report(
      [older, other, newer],
      [
        dump('order-b', 'dump-order-b-%t.hprof', T0 + HOUR),
        dump('order-c', 'dump-order-c-%t.hprof', T0 + 2 * HOUR),
        dump('order-b', 'dump-order-b-2.hprof', T0 + 30 * HOUR),
        dump(undefined, 'dump-strange.hprof', T0),
      ],
    );
    expect(built.pods.map((pod) => pod.pod)).toEqual(['order-a', 'order-b', 'order-c']);
    expect(built.pods[1]!.runs).toEqual([newer, older]);
    expect(built.pods[1]!.dumps.map((d) => d.file)).toEqual([
      'dump-order-b-2.hprof',
      'dump-order-b-%t.hprof',
    ]);
    expect(built.pods[2]!.runs).toEqual([]);
    expect(built.unattributedDumps).toEqual([
      { file: 'dump-strange.hprof', sizeBytes: 900 * MIB, mtimeMs: T0, format: 'hprof', complete: true },
    ]);
    expect(built).toMatchObject({
      schemaVersion: 1,
      namespace: 'prod',
      service: 'order',
      generatedAtMs: NOW,
    });
  });

  it('orders runs without a known start by their file names', () => {
    const summary = (file: string): GcRunSummary => {
      const accumulator = createGcRunAccumulator({ pod: 'p', format: 'jdk8', files: [file] });
      accumulator.add({ kind: 'pause', uptimeSeconds: 5, type: 'young', cause: '', durationSeconds: 0.01 });
      return accumulator.summary();
    };
    const first = summary('gc-p-2025-01-01_08-00-00.log');
    const second = summary('gc-p-2025-01-02_08-00-00.log');
    expect(report([first, second]).pods[0]!.runs).toEqual([second, first]);
  });

  it('reports nothing for nothing', () => {
    expect(report([])).toEqual({
      schemaVersion: 1,
      namespace: 'prod',
      service: 'order',
      generatedAtMs: NOW,
      severity: 'ok',
      pods: [],
      unattributedDumps: [],
    });
  });
});

describe('buildGcReport verdicts', () => {
  const verdictOf = (runs: GcRunSummary[], dumps: GcHeapDump[] = []) => report(runs, dumps).pods[0]!.verdict;
  const codes = (runs: GcRunSummary[], dumps: GcHeapDump[] = []) =>
    verdictOf(runs, dumps).reasons.map((r) => [r.code, r.severity]);

  it('is ok for a healthy run', () => {
    // 10 pauses of about 24 ms over 100 s: 0.24% overhead.
    expect(verdictOf([buildRun({ pod: 'p', startMs: T0 })])).toEqual({ severity: 'ok', reasons: [] });
  });

  it('warns above 10% overhead and is critical above 30%', () => {
    const warn = buildRun({ pod: 'p', startMs: T0, every: 1, pauseSeconds: 0.1 });
    const critical = buildRun({ pod: 'p', startMs: T0, every: 1, pauseSeconds: 0.3 });
    expect(warn.overheadPercent).toBeCloseTo(12, 10);
    expect(verdictOf([warn])).toEqual({
      severity: 'warn',
      reasons: [{ code: 'gc_overhead', severity: 'warn', message: 'GC overhead 12.0% > 10%' }],
    });
    expect(critical.overheadPercent).toBeCloseTo(36, 10);
    expect(codes([critical])).toEqual([['gc_overhead', 'critical']]);
  });

  it('honours threshold overrides', () => {
    const warn = buildRun({ pod: 'p', startMs: T0, every: 1, pauseSeconds: 0.1 });
    const built = buildGcReport(
      { namespace: 'prod', service: 'order', runs: [warn], dumps: [], generatedAtMs: NOW },
      { thresholds: { overheadWarnPercent: 20 } },
    );
    expect(built.severity).toBe('ok');
  });

  it('judges full GCs of the newest run only', () => {
    const oldRun = buildRun({ pod: 'p', startMs: T0, fullGcs: 3 });
    const newRun = buildRun({ pod: 'p', startMs: T0 + HOUR, fullGcs: 2 });
    expect(codes([oldRun])).toEqual([['full_gc', 'warn']]);
    expect(verdictOf([oldRun, newRun]).reasons[0]!.message).toBe('2 full GCs in the last run');
    expect(codes([oldRun, buildRun({ pod: 'p', startMs: T0 + HOUR })])).toEqual([]);
  });

  it('warns when heap after GC exceeds 90% of max', () => {
    const run = buildRun({ pod: 'p', startMs: T0, afterMiB: 940 });
    // Last young pause (i = 10) leaves 940 + 2 MiB of 1 GiB.
    expect(run.heapAfterGc.lastRatioOfMax).toBe(942 / 1024);
    expect(verdictOf([run]).reasons).toEqual([
      {
        code: 'heap_after_gc',
        severity: 'warn',
        message: 'heap after GC 92.0% of max (942.0 MiB of 1.0 GiB)',
      },
    ]);
  });

  it('is critical for a heap dump of the last day and warns for an older one', () => {
    const run = buildRun({ pod: 'p', startMs: T0 });
    expect(verdictOf([run], [dump('p', 'dump-p-%t.hprof', NOW - 2 * HOUR, false)]).reasons).toEqual([
      {
        code: 'heap_dump',
        severity: 'critical',
        message: 'heap dump dump-p-%t.hprof (900.0 MiB, incomplete) written 2h 0m ago',
      },
    ]);
    expect(
      codes([run], [dump('p', 'a.hprof', NOW - 30 * HOUR), dump('p', 'b.hprof', NOW - 40 * HOUR)]),
    ).toEqual([['heap_dump', 'warn']]);
  });

  it('puts critical reasons first and takes the worst pod as the report severity', () => {
    const bad = buildRun({ pod: 'b', startMs: T0, every: 1, pauseSeconds: 0.3, fullGcs: 1 });
    const built = report([buildRun({ pod: 'a', startMs: T0 }), bad]);
    expect(built.pods.map((pod) => pod.verdict.severity)).toEqual(['ok', 'critical']);
    expect(built.pods[1]!.verdict.reasons.map((r) => r.severity)).toEqual(['critical', 'warn']);
    expect(built.severity).toBe('critical');
  });
});

describe('GcReport as JSON', () => {
  it('survives a JSON round trip unchanged, with every field present', () => {
    const built = report(
      [buildRun({ pod: 'p', startMs: T0, fullGcs: 1 }), buildRun({ pod: 'q', startMs: T0 })],
      [dump('p', 'dump-p-%t.hprof', NOW - HOUR), dump(undefined, 'x.hprof', T0)],
    );
    expect(JSON.parse(JSON.stringify(built))).toStrictEqual(built);
    const run = built.pods[0]!.runs[0]!;
    expect(Object.keys(run)).toEqual([
      'pod',
      'format',
      'files',
      'collector',
      'jvmVersion',
      'maxHeapBytes',
      'jvmStartEpochMs',
      'eventCount',
      'invalidEvents',
      'firstEvent',
      'lastEvent',
      'spanFrom',
      'spanSeconds',
      'pauses',
      'fullGcCount',
      'concurrent',
      'cycles',
      'overheadPercent',
      'throughputPercent',
      'allocation',
      'heapAfterGc',
      'allocationStalls',
      'toSpaceExhaustedCount',
      'parseErrors',
    ]);
    expect(run.jvmStartEpochMs).toBe(T0);
  });

  it('keeps unknown values as null rather than dropping them', () => {
    const accumulator = createGcRunAccumulator({ pod: 'p', format: 'openj9', files: [] });
    const built = report([accumulator.summary()]);
    const text = JSON.stringify(built);
    expect(JSON.parse(text)).toStrictEqual(built);
    expect(text).toContain('"spanSeconds":null');
    expect(text).toContain('"slopeBytesPerHour":null');
  });
});

describe('renderGcReport of a realistic report', () => {
  it('prints an aligned plain-text report', () => {
    const built = report(
      [
        buildRun({ pod: 'order-7d9f8-abcde', startMs: T0 + 30 * HOUR, every: 30, pauses: 40, fullGcs: 2 }),
        buildRun({ pod: 'order-7d9f8-abcde', startMs: T0, every: 60, pauses: 20 }),
        buildRun({ pod: 'order-7d9f8-xyz12', startMs: T0 + 40 * HOUR, pauses: 12, afterMiB: 120 }),
      ],
      [dump('order-7d9f8-abcde', 'dump-order-7d9f8-abcde-%t.hprof', T0 + 29 * HOUR)],
    );
    expect(renderGcReport(built, { color: false, timeZone: 'Asia/Shanghai' })).toMatchInlineSnapshot(`
      "GC report prod/order  CRITICAL
      generated 2025-01-03 08:00:00 +08:00, 2 pod(s)

      order-7d9f8-abcde  CRITICAL
        critical: heap dump dump-order-7d9f8-abcde-%t.hprof (900.0 MiB) written 19h 0m ago
        warn: 2 full GCs in the last run

        run            gc-order-7d9f8-abcde-2025-01-02_06-00-00.log, unified
        collector      G1, JVM 17.0.15+6, max heap 1.0 GiB
        JVM start      2025-01-02 14:00:00 +08:00
        span           20m 2s from JVM start to 2025-01-02 14:20:02 +08:00
        GC overhead    0.21% (throughput 99.8%)
        pauses         42, total 2.56 s, max 800 ms
        full GCs       2
        heap after GC  min 300.0 MiB, last 300.0 MiB (29.3% of max), max 303.0 MiB
        heap trend     0 B/h (after full GCs)  █▁▃▆█▁▃▆█▁▃▆█▁▃▆█▁▁▁
        allocation     14.3 MiB/s (16.8 GiB in the span)
        concurrent     mark 150 ms (1x)
        other          allocation stalls 0 (0 s), to-space exhausted 0, parse errors 0

        type   cause                count   total      p50      p99      max
        full   G1 Compaction Pause      2  1.60 s   800 ms   800 ms   800 ms
        young  G1 Evacuation Pause     40  960 ms  24.0 ms  28.0 ms  28.0 ms

        earlier runs
          JVM start                     span  pauses  overhead  full GCs  collector  file
          2025-01-01 08:00:00 +08:00  20m 0s      20     0.04%         0  G1         gc-order-7d9f8-abcde-2025-01-01_00-00-00.log

        heap dumps
          file                                  size  written                     format  state
          dump-order-7d9f8-abcde-%t.hprof  900.0 MiB  2025-01-02 13:00:00 +08:00  hprof   complete

      order-7d9f8-xyz12  OK

        run            gc-order-7d9f8-xyz12-2025-01-02_16-00-00.log, unified
        collector      G1, JVM 17.0.15+6, max heap 1.0 GiB
        JVM start      2025-01-03 00:00:00 +08:00
        span           2m 0s from JVM start to 2025-01-03 00:02:00 +08:00
        GC overhead    0.24% (throughput 99.8%)
        pauses         12, total 286 ms, max 28.0 ms
        full GCs       0
        heap after GC  min 120.0 MiB, last 120.0 MiB (11.7% of max), max 123.0 MiB
        heap trend     -7.6 MiB/h (all collections)  ▃▆█▁▃▆█▁▃▆█▁
        allocation     40.9 MiB/s (4.8 GiB in the span)
        concurrent     mark 150 ms (1x)
        other          allocation stalls 0 (0 s), to-space exhausted 0, parse errors 0

        type   cause                count   total      p50      p99      max
        young  G1 Evacuation Pause     12  286 ms  24.0 ms  28.0 ms  28.0 ms"
    `);
  });
});
