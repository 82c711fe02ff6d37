import { describe, expect, it } from 'vitest';
import { createJdk8Parser } from './jdk8.js';
import type { GcEvent, GcLogParser } from './types.js';

// Lines are copied from the GCViewer sample logs in shared/corpus/gclogs/gcviewer/openjdk/
// (file named above each test) unless stated otherwise.

function run(lines: readonly string[], parser: GcLogParser = createJdk8Parser()): GcEvent[] {
  const events = lines.flatMap((line) => parser.push(line));
  return [...events, ...parser.end()];
}

const K = 1024;

describe('createJdk8Parser: header', () => {
  it('reads version, max heap and collector from the header lines (SampleSun1_8_0CmsPrintGcId)', () => {
    const events = run([
      'OpenJDK 64-Bit Server VM (25.342-b07) for linux-amd64 JRE (1.8.0_342-b07), built on Jul 16 2022 09:19:19 by "openjdk" with gcc 4.4.7 20120313 (Red Hat 4.4.7-23)',
      'Memory: 4k page, physical 2097152k(2094644k free), swap 3145728k(3145728k free)',
      'CommandLine flags: -XX:InitialHeapSize=33554432 -XX:MaxHeapSize=536870912 -XX:MaxNewSize=174485504 -XX:MaxTenuringThreshold=6 -XX:OldPLABSize=16 -XX:+PrintGC -XX:+PrintGCDateStamps -XX:+PrintGCDetails -XX:+PrintGCID -XX:+PrintGCTimeStamps -XX:+UseCompressedClassPointers -XX:+UseCompressedOops -XX:+UseConcMarkSweepGC -XX:+UseParNewGC',
    ]);
    expect(events).toEqual([
      { kind: 'jvm_info', jvmVersion: '1.8.0_342-b07' },
      { kind: 'jvm_info', collector: 'CMS', maxHeapBytes: 536870912 },
    ]);
  });

  it('ignores a disabled collector flag (SampleSun1_8_0G1StringDeduplication, shortened flag list)', () => {
    const events = run([
      'CommandLine flags: -XX:MaxHeapSize=7516192768 -XX:+UseG1GC -XX:+UseGCLogFileRotation -XX:-UseParallelGC -XX:+UseStringDeduplication',
    ]);
    expect(events).toEqual([{ kind: 'jvm_info', collector: 'G1', maxHeapBytes: 7516192768 }]);
  });
});

describe('createJdk8Parser: line endings', () => {
  it('reads a header and a record that kept their CR (SampleSun1_8_0Parallel_Apple, CRLF added)', () => {
    const events = run([
      'CommandLine flags: -XX:InitialHeapSize=268435456 -XX:MaxHeapSize=4294967296 -XX:+PrintGC -XX:+PrintGCDateStamps -XX:+PrintGCDetails -XX:+PrintGCTimeStamps -XX:+UseCompressedClassPointers -XX:+UseCompressedOops -XX:+UseParallelGC\r',
      '2015-07-22T14:53:42.655-0100: 1.807: [GC (Allocation Failure) [PSYoungGen: 65536K->10746K(76288K)] 65536K->17546K(251392K), 0.0263911 secs] [Times: user=0.08 sys=0.02, real=0.03 secs]\r',
    ]);
    expect(events[0]).toEqual({ kind: 'jvm_info', collector: 'Parallel', maxHeapBytes: 4294967296 });
    expect(events.at(-1)).toMatchObject({ kind: 'pause', durationSeconds: 0.0263911 });
  });
});

describe('createJdk8Parser: Parallel', () => {
  it('reads a young pause with date, uptime and GC id (SampleSun1_8_0ParallelPrintGCID)', () => {
    const parser = createJdk8Parser();
    const events = run(
      [
        '2022-07-26T21:00:40.750+0800: 3.117: #0: [GC (Allocation Failure) [PSYoungGen: 7077888K->222570K(8257536K)] 7077888K->222586K(9306112K), 0.5437135 secs] [Times: user=1.92 sys=0.20, real=0.55 secs] ',
      ],
      parser,
    );
    const epochMs = Date.parse('2022-07-26T21:00:40.750+08:00');
    expect(events).toEqual([
      { kind: 'jvm_info', collector: 'Parallel' },
      { kind: 'jvm_info', startEpochMs: epochMs - 3117 },
      {
        kind: 'pause',
        epochMs,
        uptimeSeconds: 3.117,
        gcId: 0,
        type: 'young',
        cause: 'Allocation Failure',
        durationSeconds: 0.5437135,
        heap: {
          beforeBytes: 7077888 * K,
          afterBytes: 222586 * K,
          committedBytes: 9306112 * K,
          youngBeforeBytes: 7077888 * K,
          youngAfterBytes: 222570 * K,
        },
      },
    ]);
    expect(parser.stats).toEqual({ lines: 1, parseErrors: 0 });
  });

  it('reads a Full GC with old and metaspace generations (SampleSun1_8_0ParallelPrintGCID)', () => {
    const events = run([
      '2022-07-26T21:00:45.231+0800: 7.599: #2: [Full GC (System.gc()) [PSYoungGen: 98289K->0K(8257536K)] [ParOldGen: 32K->98112K(1048576K)] 98321K->98112K(9306112K), [Metaspace: 16471K->16471K(1064960K)], 0.6492397 secs] [Times: user=1.52 sys=0.17, real=0.65 secs] ',
    ]);
    expect(events.filter((e) => e.kind === 'pause')).toEqual([
      expect.objectContaining({
        gcId: 2,
        type: 'full',
        cause: 'System.gc()',
        durationSeconds: 0.6492397,
        heap: {
          beforeBytes: 98321 * K,
          afterBytes: 98112 * K,
          committedBytes: 9306112 * K,
          youngBeforeBytes: 98289 * K,
          youngAfterBytes: 0,
        },
      }),
    ]);
  });

  it('joins a record broken by the tenuring distribution (SampleSun1_8_0Parallel_Tenuring_PrintGCCause)', () => {
    const parser = createJdk8Parser();
    const events = run(
      [
        '2015-07-03T09:35:15.452+0000: 84819.235: [GC (Last ditch collection) ',
        'Desired survivor size 3670016 bytes, new threshold 15 (max 15)',
        '[PSYoungGen: 0K->0K(678400K)] 575536K->575536K(2076672K), 0.0193629 secs] [Times: user=0.06 sys=0.01, real=0.01 secs] ',
      ],
      parser,
    );
    const pauses = events.filter((e) => e.kind === 'pause');
    expect(pauses).toEqual([
      expect.objectContaining({ uptimeSeconds: 84819.235, type: 'young', cause: 'Last ditch collection' }),
    ]);
    expect(pauses[0]?.heap?.afterBytes).toBe(575536 * K);
    expect(parser.stats.parseErrors).toBe(0);
  });

  it('skips PrintHeapAtGC blocks around a pause (SampleSun1_8_0ParallelPrintHeapAtGC)', () => {
    const parser = createJdk8Parser();
    const events = run(
      [
        '{Heap before GC invocations=1 (full 0):',
        ' PSYoungGen      total 154112K, used 26428K [0x460c0000, 0x50cc0000, 0x50cc0000)',
        '  eden space 132096K, 20% used [0x460c0000,0x47a8f098,0x4e1c0000)',
        ' Metaspace total 6598K, used 6492K, reserved 1888K',
        '2.998: [GC (System.gc()) [PSYoungGen: 26428K->4457K(154112K)] 26428K->4461K(502272K), 0.0103603 secs] [Times: user=0.01 sys=0.00, real=0.01 secs] ',
        'Heap after GC invocations=1 (full 0):',
        '  to   space 22016K, 0% used [0x4f740000,0x4f740000,0x50cc0000)',
        '}',
      ],
      parser,
    );
    expect(events.filter((e) => e.kind === 'pause')).toEqual([
      expect.objectContaining({
        uptimeSeconds: 2.998,
        type: 'young',
        cause: 'System.gc()',
        durationSeconds: 0.0103603,
      }),
    ]);
    expect(parser.stats.parseErrors).toBe(0);
  });
});

describe('createJdk8Parser: robustness', () => {
  it('counts a record without a duration as a parse error and goes on', () => {
    // The SampleSun1_8_0ParallelPrintHeapAtGC record twice, the first with its duration cut out.
    const parser = createJdk8Parser();
    const events = run(
      [
        '2.998: [GC (System.gc()) [PSYoungGen: 26428K->4457K(154112K)] 26428K->4461K(502272K)] [Times: user=0.01 sys=0.00, real=0.01 secs] ',
        '2.998: [GC (System.gc()) [PSYoungGen: 26428K->4457K(154112K)] 26428K->4461K(502272K), 0.0103603 secs] [Times: user=0.01 sys=0.00, real=0.01 secs] ',
      ],
      parser,
    );
    expect(events.filter((e) => e.kind === 'pause')).toHaveLength(1);
    expect(parser.stats.parseErrors).toBe(1);
  });

  it('never throws on junk and counts a record cut off at the end', () => {
    const parser = createJdk8Parser();
    const junk = ['', ']]]', '[[', '\u0000\u0001binary', 'Heap', '}', '{', '[GC', '(', ')'];
    expect(() => run(junk, parser)).not.toThrow();
    expect(parser.stats).toEqual({ lines: junk.length, parseErrors: 1 });
  });

  it('emits nothing for rotation banners (SampleSun1_8_0RollingLogfile)', () => {
    const events = run([
      '2016-04-14 22:37:22 GC log file created logs/garbageCollection.log.1',
      '2016-04-14 22:41:41 GC log file has reached the maximum size. Saved as logs/garbageCollection.log.1',
    ]);
    expect(events).toEqual([]);
  });
});
