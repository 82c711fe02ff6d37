import { describe, expect, it } from 'vitest';
import { createJdk8Parser } from './jdk8.js';
import type { GcEvent, GcLogParser, GcPauseEvent } from './types.js';

// G1 records copied from the GCViewer sample logs in shared/corpus/gclogs/gcviewer/openjdk/ (file
// named in each test). Shapes the corpus lacks come from other public real logs, named where used.

function run(lines: readonly string[], parser: GcLogParser = createJdk8Parser()): GcEvent[] {
  const events = lines.flatMap((line) => parser.push(line));
  return [...events, ...parser.end()];
}

function pauses(events: readonly GcEvent[]): GcPauseEvent[] {
  return events.filter((e): e is GcPauseEvent => e.kind === 'pause');
}

const K = 1024;
const M = 1024 * K;

describe('createJdk8Parser: G1', () => {
  it('reads a multi-line young pause with its Eden/Heap line (SampleSun1_8_0G1PrintGCID)', () => {
    const parser = createJdk8Parser();
    const events = run(
      [
        '2022-08-01T17:17:33.375+0000: 0.163: #0: [GC pause (G1 Evacuation Pause) (young), 0.0087570 secs]',
        '   [Parallel Time: 5.2 ms, GC Workers: 2]',
        '      [GC Worker Start (ms): Min: 164.8, Avg: 164.9, Max: 165.0, Diff: 0.2]',
        '      [Ext Root Scanning (ms): Min: 1.2, Avg: 1.3, Max: 1.4, Diff: 0.2, Sum: 2.5]',
        '      [Update RS (ms): Min: 0.0, Avg: 0.0, Max: 0.0, Diff: 0.0, Sum: 0.0]',
        '         [Processed Buffers: Min: 0, Avg: 0.0, Max: 0, Diff: 0, Sum: 0]',
        '      [Scan RS (ms): Min: 0.0, Avg: 0.0, Max: 0.0, Diff: 0.0, Sum: 0.0]',
        '      [Code Root Scanning (ms): Min: 0.0, Avg: 0.0, Max: 0.0, Diff: 0.0, Sum: 0.0]',
        '      [Object Copy (ms): Min: 3.2, Avg: 3.2, Max: 3.3, Diff: 0.0, Sum: 6.5]',
        '      [Termination (ms): Min: 0.0, Avg: 0.0, Max: 0.0, Diff: 0.0, Sum: 0.0]',
        '         [Termination Attempts: Min: 1, Avg: 1.0, Max: 1, Diff: 0, Sum: 2]',
        '      [GC Worker Other (ms): Min: 0.1, Avg: 0.1, Max: 0.1, Diff: 0.0, Sum: 0.1]',
        '      [GC Worker Total (ms): Min: 4.5, Avg: 4.6, Max: 4.7, Diff: 0.2, Sum: 9.3]',
        '      [GC Worker End (ms): Min: 169.5, Avg: 169.5, Max: 169.5, Diff: 0.0]',
        '   [Code Root Fixup: 0.0 ms]',
        '   [Code Root Purge: 0.0 ms]',
        '   [Clear CT: 0.9 ms]',
        '   [Other: 2.7 ms]',
        '      [Choose CSet: 0.0 ms]',
        '      [Ref Proc: 0.7 ms]',
        '      [Ref Enq: 0.0 ms]',
        '      [Redirty Cards: 0.8 ms]',
        '      [Humongous Register: 0.0 ms]',
        '      [Humongous Reclaim: 0.0 ms]',
        '      [Free CSet: 0.0 ms]',
        '   [Eden: 7168.0K(7168.0K)->0.0B(4096.0K) Survivors: 0.0B->1024.0K Heap: 7168.0K(32768.0K)->6664.5K(32768.0K)]',
        ' [Times: user=0.01 sys=0.00, real=0.01 secs]',
      ],
      parser,
    );
    expect(pauses(events)).toEqual([
      {
        kind: 'pause',
        epochMs: Date.parse('2022-08-01T17:17:33.375Z'),
        uptimeSeconds: 0.163,
        gcId: 0,
        type: 'young',
        cause: 'G1 Evacuation Pause',
        durationSeconds: 0.008757,
        heap: {
          beforeBytes: 7168 * K,
          afterBytes: 6664.5 * K,
          committedBytes: 32768 * K,
          youngBeforeBytes: 7168 * K,
          youngAfterBytes: 1024 * K,
        },
      },
    ]);
    expect(events[0]).toEqual({ kind: 'jvm_info', collector: 'G1' });
    expect(parser.stats).toEqual({ lines: 27, parseErrors: 0 });
  });

  it('reports to-space exhaustion and keeps initial-mark pauses young (GCViewer JDK 7 sample)', () => {
    // src/test/resources/openjdk/SampleSun1_7_0_G1_young_initial_mark_to_space_exhausted_original_order.txt
    const events = run([
      '438.543: [GC pause (young) (to-space exhausted) (initial-mark), 0.1156890 secs]',
      '   [Eden: 1024.0K(255.0M)->0.0B(256.0M) Survivors: 1024.0K->0.0B Heap: 4964.4M(5120.0M)->4964.4M(5120.0M)]',
      ' [Times: user=0.22 sys=0.00, real=0.12 secs]',
    ]);
    expect(events.slice(1)).toEqual([
      expect.objectContaining({ kind: 'pause', type: 'young', cause: '', durationSeconds: 0.115689 }),
      { kind: 'to_space_exhausted', uptimeSeconds: 438.543 },
    ]);
  });

  it('takes concurrent lines out of a pause they interrupt (SampleSun1_8_0G1HumongousMixed)', () => {
    const events = run([
      '2015-05-01T11:26:29.687+0200: 160770.873: [GC pause (G1 Humongous Allocation) (young)2015-05-01T11:26:29.701+0200: 160770.887: [GC concurrent-root-region-scan-end, 0.0157002 secs]',
      '2015-05-01T11:26:29.701+0200: 160770.887: [GC concurrent-mark-start]',
      ', 0.0470136 secs]',
      '   [Root Region Scan Waiting: 14.6 ms]',
      '   [Eden: 16.0M(1552.0M)->0.0B(1536.0M) Survivors: 80.0M->96.0M Heap: 29.9G(32.0G)->29.9G(32.0G)]',
      ' [Times: user=0.26 sys=0.00, real=0.05 secs]',
    ]);
    expect(events.filter((e) => e.kind !== 'jvm_info')).toEqual([
      expect.objectContaining({ kind: 'concurrent', phase: 'root_region_scan', durationSeconds: 0.0157002 }),
      expect.objectContaining({
        kind: 'pause',
        uptimeSeconds: 160770.873,
        type: 'young',
        cause: 'G1 Humongous Allocation',
        durationSeconds: 0.0470136,
        heap: expect.objectContaining({ youngBeforeBytes: 96 * M, youngAfterBytes: 96 * M }) as unknown,
      }),
    ]);
  });

  it('reads the concurrent cycle, remark and cleanup (SampleSun1_8_0G1_ConcurrentCycle)', () => {
    const parser = createJdk8Parser();
    const events = run(
      [
        '0.302: [GC concurrent-root-region-scan-start]',
        '0.302: [GC concurrent-root-region-scan-end, 0.0001729 secs]',
        '0.302: [GC concurrent-mark-start]',
        '0.303: [GC concurrent-mark-end, 0.0011728 secs]',
        '0.303: [GC remark 0.303: [GC ref-proc, 0.0000700 secs], 0.0010462 secs]',
        ' [Times: user=0.00 sys=0.00, real=0.00 secs] ',
        '0.304: [GC cleanup 75M->25M(103M), 0.0004412 secs]',
        ' [Times: user=0.00 sys=0.00, real=0.00 secs] ',
        '0.305: [GC concurrent-cleanup-start]',
        '0.305: [GC concurrent-cleanup-end, 0.0000950 secs]',
      ],
      parser,
    );
    expect(events.filter((e) => e.kind !== 'jvm_info')).toEqual([
      { kind: 'concurrent', uptimeSeconds: 0.302, phase: 'root_region_scan', durationSeconds: 0.0001729 },
      { kind: 'concurrent', uptimeSeconds: 0.303, phase: 'mark', durationSeconds: 0.0011728 },
      { kind: 'pause', uptimeSeconds: 0.303, type: 'remark', cause: '', durationSeconds: 0.0010462 },
      {
        kind: 'pause',
        uptimeSeconds: 0.304,
        type: 'cleanup',
        cause: '',
        durationSeconds: 0.0004412,
        heap: { beforeBytes: 75 * M, afterBytes: 25 * M, committedBytes: 103 * M },
      },
      { kind: 'concurrent', uptimeSeconds: 0.305, phase: 'cleanup', durationSeconds: 0.000095 },
    ]);
    expect(parser.stats.parseErrors).toBe(0);
  });

  it('reads decimal commas (SampleSun1_8_0G1extended-remark)', () => {
    const events = run([
      '2015-10-02T17:14:13.272+0200: 400,737: [GC remark 2015-10-02T17:14:13.273+0200: 400,737: [Finalize Marking, 0,0008144 secs] 2015-10-02T17:14:13.273+0200: 400,738: [GC ref-proc, 0,0066596 secs] 2015-10-02T17:14:13.280+0200: 400,745: [Unloading, 0,0904835 secs], 0,1005220 secs]',
      ' [Times: user=0,18 sys=0,00, real=0,10 secs]',
    ]);
    expect(pauses(events)).toEqual([
      {
        kind: 'pause',
        epochMs: Date.parse('2015-10-02T17:14:13.272+02:00'),
        uptimeSeconds: 400.737,
        type: 'remark',
        cause: '',
        durationSeconds: 0.100522,
      },
    ]);
  });

  it('reads concurrent string deduplication (SampleSun1_8_0G1StringDeduplication)', () => {
    const events = run([
      '2019-07-08T14:47:32.753+0200: 1069.416: [GC concurrent-string-deduplication, 31.4K->7128.0B(24.5K), avg 67.3%, 0.0009256 secs]',
      '   [Last Exec: 0.0009256 secs, Idle: 0.7833251 secs, Blocked: 1/0.0043273 secs]',
      '      [Inspected:             619]',
    ]);
    expect(events.filter((e) => e.kind === 'concurrent')).toEqual([
      expect.objectContaining({
        phase: 'string_deduplication',
        durationSeconds: 0.0009256,
        uptimeSeconds: 1069.416,
      }),
    ]);
  });

  it('completes a Full GC with the Eden line that follows it', () => {
    // Real JDK 8 output quoted in a public blog post (2021-08-18); the header line is shortened.
    const events = run([
      'CommandLine flags: -XX:InitialHeapSize=419430400 -XX:MaxHeapSize=419430400 -XX:+UseG1GC',
      '2021-08-18T18:08:36.265+0800: [Full GC (Allocation Failure)  350M->267M(400M), 0.0477492 secs]',
      '   [Eden: 0.0B(20480.0K)->0.0B(20480.0K) Survivors: 0.0B->0.0B Heap: 350.8M(400.0M)->267.8M(400.0M)], [Metaspace: 3255K->3255K(1056768K)]',
      ' [Times: user=0.05 sys=0.00, real=0.05 secs] ',
    ]);
    expect(pauses(events)).toEqual([
      expect.objectContaining({
        epochMs: Date.parse('2021-08-18T18:08:36.265+08:00'),
        type: 'full',
        cause: 'Allocation Failure',
        durationSeconds: 0.0477492,
        heap: {
          beforeBytes: Math.round(350.8 * M),
          afterBytes: Math.round(267.8 * M),
          committedBytes: 400 * M,
          youngBeforeBytes: 0,
          youngAfterBytes: 0,
        },
      }),
    ]);
  });

  it('reads -XX:+PrintGC output without details', () => {
    // Real JDK 8 G1 output quoted in a public course write-up (2020-10-25, -XX:+PrintGC -XX:+PrintGCDateStamps).
    const parser = createJdk8Parser();
    const events = run(
      [
        '2020-10-25T19:27:28.076-0800: [GC remark, 0.0012588 secs]',
        '2020-10-25T19:27:28.078-0800: [GC cleanup 240M->240M(512M), 0.0006091 secs]',
        '2020-10-25T19:27:28.120-0800: [GC pause (G1 Evacuation Pause) (young)-- 415M->318M(512M), 0.0219464 secs]',
        '2020-10-25T19:27:28.143-0800: [GC pause (G1 Evacuation Pause) (mixed) 323M->293M(512M), 0.0064696 secs]',
      ],
      parser,
    );
    expect(
      events.filter((e) => e.kind !== 'jvm_info').map((e) => (e.kind === 'pause' ? e.type : e.kind)),
    ).toEqual(['remark', 'cleanup', 'young', 'to_space_exhausted', 'mixed']);
    expect(pauses(events)[3]?.heap).toEqual({
      beforeBytes: 323 * M,
      afterBytes: 293 * M,
      committedBytes: 512 * M,
    });
    expect(parser.stats.parseErrors).toBe(0);
  });

  it('emits a pause whose Eden line never came when the file ends (SampleSun1_8_0G1PrintGCID)', () => {
    const parser = createJdk8Parser();
    const pushed = parser.push(
      '2022-08-01T17:17:33.389+0000: 0.177: #1: [GC pause (G1 Evacuation Pause) (young), 0.0071813 secs]',
    );
    expect(pauses(pushed)).toEqual([]);
    expect(pauses(parser.end())).toEqual([expect.objectContaining({ gcId: 1, durationSeconds: 0.0071813 })]);
  });
});
