import { describe, expect, it } from 'vitest';
import { createJdk8Parser } from './jdk8.js';
import type { GcEvent, GcLogParser } from './types.js';

// Shenandoah-on-JDK-8 lines from GCViewer's test resources (not in the shared corpus):
// src/test/resources/openjdk/SampleOpenJdk1_8_0-171-ShenandoahBeginning.txt and SampleOpenJdk1_8_0-332.txt.

function run(lines: readonly string[], parser: GcLogParser = createJdk8Parser()): GcEvent[] {
  const events = lines.flatMap((line) => parser.push(line));
  return [...events, ...parser.end()];
}

const G = 1024 ** 3;

describe('createJdk8Parser: Shenandoah', () => {
  it('reads pauses, multi-line pauses and concurrent phases (SampleOpenJdk1_8_0-171-ShenandoahBeginning)', () => {
    const parser = createJdk8Parser();
    const events = run(
      [
        'CommandLine flags: -XX:GCLogFileSize=1048576 -XX:InitialHeapSize=274877906944 -XX:InitialTenuringThreshold=2 -XX:+LogVMOutput -XX:+ManagementServer -XX:MaxHeapSize=274877906944 -XX:MaxTenuringThreshold=2 -XX:NumberOfGCLogFiles=10 -XX:+PrintGC -XX:+PrintGCDetails -XX:+PrintGCTimeStamps -XX:+UnlockDiagnosticVMOptions -XX:+UseGCLogFileRotation -XX:+UseNUMA -XX:+UseNUMAInterleaving -XX:+UseShenandoahGC',
        'Concurrent marking triggered. Free: 78624M, Free Threshold: 78643M; Allocated: 78624M, Alloc Threshold: 0M',
        '25.465: [Pause Init Mark, 43.460 ms]',
        '25.508: [Concurrent marking 178G->184G(256G), 3685.818 ms]',
        '29.197: [Pause Final MarkTotal Garbage: 44620M',
        'Immediate Garbage: 3296M, 103 regions (20% of total)',
        'Garbage to be collected: 12532M (28% of total), 396 regions',
        'Live objects to be evacuated: 139M',
        'Live/garbage ratio in collected regions: 1%',
        ' 184G->181G(256G), 4.730 ms]',
        '29.202: [Concurrent evacuation 181G->182G(256G), 19.154 ms]',
        '29.222: [Pause Init Update Refs, 0.314 ms]',
        '29.222: [Concurrent update references  182G->184G(256G), 2188.225 ms]',
        '31.417: [Pause Final Update Refs 184G->172G(256G), 3.659 ms]',
        '31.420: [Concurrent reset bitmaps 172G->172G(256G), 1.735 ms]',
      ],
      parser,
    );
    const summary = events.map((e) =>
      e.kind === 'pause'
        ? [e.type, e.durationSeconds]
        : e.kind === 'concurrent'
          ? [e.phase, e.durationSeconds]
          : [e.kind],
    );
    expect(summary).toEqual([
      ['jvm_info'],
      ['init_mark', 0.04346],
      ['marking', 3.685818],
      ['final_mark', 0.00473],
      ['evacuation', 0.019154],
      ['init_update_refs', 0.000314],
      ['update_references', 2.188225],
      ['final_update_refs', 0.003659],
      ['reset_bitmaps', 0.001735],
    ]);
    expect(events[3]).toMatchObject({
      uptimeSeconds: 29.197,
      heap: { beforeBytes: 184 * G, afterBytes: 181 * G },
    });
    expect(parser.stats.parseErrors).toBe(0);
  });

  it('skips the start announcements of -XX:+PrintGCDetails (SampleOpenJdk1_8_0-332)', () => {
    const events = run([
      '2022-08-17T16:20:47.685+0800: 2.469: [Pause Init Mark (process weakrefs), start]',
      '    Using 2 of 2 workers for init marking',
      '2022-08-17T16:20:47.688+0800: 2.472: [Pause Init Mark (process weakrefs), 3.341 ms]',
      '2022-08-17T16:20:48.561+0800: 3.344: [Concurrent cleanup, start]',
      '2022-08-17T16:20:48.561+0800: 3.344: [Concurrent cleanup 1613M->1361M(1636M), 0.092 ms]',
    ]);
    expect(events.filter((e) => e.kind === 'pause' || e.kind === 'concurrent')).toEqual([
      expect.objectContaining({
        kind: 'pause',
        type: 'init_mark',
        cause: '',
        durationSeconds: 0.003341,
        uptimeSeconds: 2.472,
      }),
      expect.objectContaining({ kind: 'concurrent', phase: 'cleanup', durationSeconds: 0.000092 }),
    ]);
  });
});
