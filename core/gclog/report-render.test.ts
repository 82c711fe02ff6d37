import { describe, expect, it } from 'vitest';
import { createGcRunAccumulator } from './report-accumulator.js';
import { renderGcReport } from './report-render.js';
import { buildGcReport } from './report.js';
import type { GcHeapDump, GcRunSummary } from './report-types.js';
import type { GcEvent } from './types.js';

const MIB = 1024 * 1024;
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const ESC = '\u001b[';

function run(pod: string, events: readonly GcEvent[], options = {}): GcRunSummary {
  const accumulator = createGcRunAccumulator({ pod, format: 'unified', files: [`gc-${pod}.log`] }, options);
  for (const event of events) accumulator.add(event);
  return accumulator.summary();
}

function render(runs: GcRunSummary[], dumps: GcHeapDump[] = [], color = false): string {
  const report = buildGcReport({ namespace: 'uat', service: 'pay', runs, dumps, generatedAtMs: NOW });
  return renderGcReport(report, { color, timeZone: 'UTC' });
}

const busy = run('pay-1', [
  { kind: 'pause', uptimeSeconds: 1, type: 'full', cause: 'Allocation Failure', durationSeconds: 0.5 },
]);

describe('renderGcReport colours', () => {
  it('uses no escape codes when colour is off', () => {
    expect(render([busy])).not.toContain(ESC);
  });

  it('colours the severity words and bolds headings when colour is on', () => {
    const text = render([busy], [], true);
    expect(text).toContain(`${ESC}31mCRITICAL${ESC}0m`);
    expect(text).toContain(`${ESC}33mwarn${ESC}0m: 1 full GC in the last run`);
    expect(text).toContain(`${ESC}1mpay-1${ESC}0m`);
  });
});

describe('renderGcReport of sparse data', () => {
  it('says when there is nothing to report', () => {
    expect(render([])).toBe(
      'GC report uat/pay  OK\ngenerated 2025-06-01 12:00:00 +00:00, 0 pod(s)\n\nno GC logs or heap dumps found',
    );
  });

  it('prints unknowns, ZGC cycles, promotion, estimated percentiles and dumps of unknown pods', () => {
    const zgc = run(
      'pay-2',
      [
        { kind: 'jvm_info', collector: 'ZGC' },
        { kind: 'pause', type: 'mark_start', cause: '', durationSeconds: 0.0001 },
        { kind: 'pause', type: 'mark_start', cause: '', durationSeconds: 0.0003 },
        { kind: 'pause', type: 'mark_start', cause: '', durationSeconds: 0.0002 },
        { kind: 'cycle', cause: 'Warmup', heap: { beforeBytes: 100 * MIB, afterBytes: 40 * MIB } },
      ],
      { exactPercentileCap: 2 },
    );
    const young = run('pay-3', [
      {
        kind: 'pause',
        uptimeSeconds: 10,
        type: 'young',
        cause: 'Allocation Failure',
        durationSeconds: 0.05,
        heap: {
          beforeBytes: 64 * MIB,
          afterBytes: 16 * MIB,
          youngBeforeBytes: 60 * MIB,
          youngAfterBytes: 4 * MIB,
        },
      },
    ]);
    const dumps: GcHeapDump[] = [
      {
        pod: 'pay-4',
        file: 'pay-4.phd',
        sizeBytes: 3 * MIB,
        mtimeMs: NOW - 86_400_000 * 3,
        format: 'phd',
        complete: true,
      },
      { file: 'dump-odd.hprof', sizeBytes: 512, mtimeMs: NOW - 60_000, format: 'hprof', complete: false },
    ];
    expect(render([zgc, young], dumps)).toMatchInlineSnapshot(`
      "GC report uat/pay  WARN
      generated 2025-06-01 12:00:00 +00:00, 3 pod(s)

      pay-2  OK

        run            gc-pay-2.log, unified
        collector      ZGC
        JVM start      unknown
        span           unknown (no timed events)
        GC overhead    unknown
        pauses         3, total 600 µs, max 300 µs
        full GCs       0
        heap after GC  min 40.0 MiB, last 40.0 MiB, max 40.0 MiB
        heap trend     slope unknown  ▄
        allocation     rate unknown (0 B between collections)
        cycles         1, total 0 s
        other          allocation stalls 0 (0 s), to-space exhausted 0, parse errors 0

        type        cause  count   total      p50      p99     max
        mark_start  -          3  600 µs  ~200 µs  ~300 µs  300 µs

      pay-3  OK

        run            gc-pay-3.log, unified
        collector      unknown
        JVM start      unknown
        span           10s from JVM start to uptime 10s
        GC overhead    0.50% (throughput 99.5%)
        pauses         1, total 50.0 ms, max 50.0 ms
        full GCs       0
        heap after GC  min 16.0 MiB, last 16.0 MiB, max 16.0 MiB
        heap trend     slope unknown  ▄
        allocation     6.4 MiB/s (64.0 MiB in the span), promotion 819.2 KiB/s
        other          allocation stalls 0 (0 s), to-space exhausted 0, parse errors 0

        type   cause               count    total      p50      p99      max
        young  Allocation Failure      1  50.0 ms  50.0 ms  50.0 ms  50.0 ms

      pay-4  WARN
        warn: heap dump pay-4.phd (3.0 MiB) written 3d 0h ago

        no GC log found

        heap dumps
          file          size  written                     format  state
          pay-4.phd  3.0 MiB  2025-05-29 12:00:00 +00:00  phd     complete

      heap dumps of unknown pods
        file             size  written                     format  state
        dump-odd.hprof  512 B  2025-06-01 11:59:00 +00:00  hprof   incomplete"
    `);
  });
});
