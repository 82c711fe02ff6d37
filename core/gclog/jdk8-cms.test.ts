import { describe, expect, it } from 'vitest';
import { createJdk8Parser } from './jdk8.js';
import type { GcEvent, GcLogParser, GcPauseEvent } from './types.js';

// CMS records copied from the GCViewer sample logs in shared/corpus/gclogs/gcviewer/openjdk/
// (file named in each test); the promotion-failure record comes from GCViewer's JDK 7 sample
// src/test/resources/openjdk/SampleSun1_7_0CMS_PrintTenuringDistributionPromotionFailure.txt,
// because no JDK 8 sample in the corpus has one (JDK 7 and 8 print it the same way).

function run(lines: readonly string[], parser: GcLogParser = createJdk8Parser()): GcEvent[] {
  const events = lines.flatMap((line) => parser.push(line));
  return [...events, ...parser.end()];
}

function pauses(events: readonly GcEvent[]): GcPauseEvent[] {
  return events.filter((e): e is GcPauseEvent => e.kind === 'pause');
}

const K = 1024;

describe('createJdk8Parser: CMS', () => {
  it('reads a ParNew pause whose generation carries its own stamps (SampleSun1_8_0CmsPrintGcId)', () => {
    const events = run([
      '2022-08-01T17:16:33.170+0000: 0.169: #0: [GC (Allocation Failure) 2022-08-01T17:16:33.171+0000: 0.170: #0: [ParNew: 8678K->1081K(9792K), 0.0088699 secs] 8678K->8064K(31680K), 0.0106548 secs] [Times: user=0.02 sys=0.00, real=0.01 secs]',
    ]);
    expect(events[0]).toEqual({ kind: 'jvm_info', collector: 'CMS' });
    expect(pauses(events)).toEqual([
      {
        kind: 'pause',
        epochMs: Date.parse('2022-08-01T17:16:33.170Z'),
        uptimeSeconds: 0.169,
        gcId: 0,
        type: 'young',
        cause: 'Allocation Failure',
        durationSeconds: 0.0106548,
        heap: {
          beforeBytes: 8678 * K,
          afterBytes: 8064 * K,
          committedBytes: 31680 * K,
          youngBeforeBytes: 8678 * K,
          youngAfterBytes: 1081 * K,
        },
      },
    ]);
  });

  it('reads initial mark, concurrent phases and remark of one cycle (SampleSun1_8_0CmsPrintGcId)', () => {
    const parser = createJdk8Parser();
    const events = run(
      [
        '2022-08-01T17:16:33.198+0000: 0.197: #2: [GC (CMS Initial Mark) [1 CMS-initial-mark: 15645K(21888K)] 18533K(31680K), 0.0010369 secs] [Times: user=0.00 sys=0.00, real=0.00 secs]',
        '2022-08-01T17:16:33.200+0000: 0.199: #2: [CMS-concurrent-mark-start]',
        '2022-08-01T17:16:33.213+0000: 0.212: #2: [CMS-concurrent-mark: 0.005/0.013 secs] [Times: user=0.01 sys=0.01, real=0.02 secs]',
        '2022-08-01T17:16:33.222+0000: 0.221: #2: [CMS-concurrent-preclean: 0.001/0.001 secs] [Times: user=0.00 sys=0.00, real=0.00 secs]',
        '2022-08-01T17:16:33.230+0000: 0.229: #2: [GC (CMS Final Remark) [YG occupancy: 1868 K (9792 K)]2022-08-01T17:16:33.230+0000: 0.230: #2: [Rescan (parallel) , 0.0007821 secs]2022-08-01T17:16:33.231+0000: 0.231: #2: [weak refs processing, 0.0004025 secs]2022-08-01T17:16:33.232+0000: 0.231: #2: [class unloading, 0.0005587 secs]2022-08-01T17:16:33.233+0000: 0.232: #2: [scrub symbol table, 0.0003980 secs]2022-08-01T17:16:33.233+0000: 0.233: #2: [scrub string table, 0.0002950 secs][1 CMS-remark: 41674K(42048K)] 43542K(51840K), 0.0039463 secs] [Times: user=0.01 sys=0.00, real=0.01 secs]',
        '2022-08-01T17:16:33.235+0000: 0.234: #2: [CMS-concurrent-sweep: 0.000/0.000 secs] [Times: user=0.00 sys=0.00, real=0.00 secs]',
        '2022-08-01T17:16:33.254+0000: 0.253: #2: [CMS-concurrent-reset: 0.006/0.018 secs] [Times: user=0.01 sys=0.01, real=0.02 secs]',
      ],
      parser,
    );
    const summary = events
      .filter((e) => e.kind === 'pause' || e.kind === 'concurrent')
      .map((e) => (e.kind === 'pause' ? [e.type, e.cause, e.durationSeconds] : [e.phase, e.durationSeconds]));
    expect(summary).toEqual([
      ['initial_mark', 'CMS Initial Mark', 0.0010369],
      ['mark', 0.013],
      ['preclean', 0.001],
      ['remark', 'CMS Final Remark', 0.0039463],
      ['sweep', 0],
      ['reset', 0.018],
    ]);
    // The phase pauses print occupancy only, not a before->after change.
    expect(pauses(events).every((p) => p.heap === undefined && p.gcId === 2)).toBe(true);
    expect(parser.stats.parseErrors).toBe(0);
  });

  it('splits a scavenge before remark from the remark it is nested in (SampleSun1_8_0Series-Part1)', () => {
    const events = run([
      '2016-04-14T22:30:13.217+0200: 5.161: [GC (CMS Final Remark) [YG occupancy: 152796 K (245760 K)]2016-04-14T22:30:13.217+0200: 5.161: [GC (CMS Final Remark) 5.161: [ParNew: 152796K->9726K(245760K), 0.0090205 secs] 181966K->38896K(791936K), 0.0090755 secs] [Times: user=0.11 sys=0.00, real=0.01 secs] ',
      '5.170: [Rescan (parallel) , 0.0026815 secs]5.173: [weak refs processing, 0.0000261 secs]5.173: [class unloading, 0.0056168 secs]5.178: [scrub symbol table, 0.0046852 secs]5.183: [scrub string table, 0.0004777 secs][1 CMS-remark: 29170K(546176K)] 38896K(791936K), 0.0236219 secs] [Times: user=0.16 sys=0.00, real=0.02 secs] ',
    ]);
    const [young, remark] = pauses(events);
    expect(young).toMatchObject({ type: 'young', cause: 'CMS Final Remark', durationSeconds: 0.0090755 });
    expect(young?.heap).toMatchObject({ beforeBytes: 181966 * K, afterBytes: 38896 * K });
    expect(remark).toMatchObject({ type: 'remark', cause: 'CMS Final Remark' });
    // One safepoint of 0.0236219 s in total: the remark keeps what the nested scavenge did not use.
    expect(remark?.durationSeconds).toBeCloseTo(0.0236219 - 0.0090755, 9);
  });

  it('reads a Full GC with a concurrent phase and a heap dump inside it (SampleSun1_8_0CMS_HeadDumpBeforeFullGc)', () => {
    const parser = createJdk8Parser();
    const events = run(
      [
        '2016-01-11T05:13:23.505-0800: 221063.690: [Full GC (GCLocker Initiated GC) 221063.690: [Heap Dump (before full gc): , 177.2978460 secs]221240.988: [CMS2016-01-11T05:16:23.938-0800: 221244.123: [CMS-concurrent-mark: 10.648/192.322 secs] [Times: user=387.39 sys=31.96, real=192.32 secs]',
        ' (concurrent mode failure): 12450330K->1828689K(12582912K), 17.6949841 secs]221258.683: [Heap Dump (after full gc): , 23.6992554 secs] 16083687K->1828689K(16357824K), [Metaspace: 52813K->52813K(1099776K)], 218.6928810 secs] [Times: user=178.09 sys=26.88, real=218.69 secs]',
      ],
      parser,
    );
    expect(events.map((e) => e.kind)).toEqual([
      'jvm_info',
      'jvm_info',
      'concurrent',
      'pause',
      'to_space_exhausted',
    ]);
    expect(events[2]).toMatchObject({ phase: 'mark', durationSeconds: 192.322, uptimeSeconds: 221244.123 });
    expect(events[3]).toMatchObject({
      type: 'full',
      cause: 'GCLocker Initiated GC',
      durationSeconds: 218.692881,
      heap: { beforeBytes: 16083687 * K, afterBytes: 1828689 * K, committedBytes: 16357824 * K },
    });
    expect(events[4]).toEqual({
      kind: 'to_space_exhausted',
      uptimeSeconds: 221063.69,
      epochMs: Date.parse('2016-01-11T05:13:23.505-08:00'),
    });
    expect(parser.stats.parseErrors).toBe(0);
  });

  it('reads promotion failed escalating to a full collection (GCViewer JDK 7 sample)', () => {
    const parser = createJdk8Parser();
    const events = run(
      [
        '2014-03-12T21:18:26.029-0500: 13295.637: [GC2014-03-12T21:18:26.029-0500: 13295.637: [ParNew (0: promotion failure size = 11863)  (1: promotion failure size = 11883)  (2: promotion failure size = 302386)  (3: promotion failure size = 11863)  (5: promotion failure size = 6769)  (6: promotion failure size = 9280)  (7: promotion failure size = 32770)  (8: promotion failure size = 8370)  (9: promotion failure size = 11880)  (11: promotion failure size = 15811)  (16: promotion failure size = 11863)  (20: promotion failure size = 11883)  (promotion failed)',
        'Desired survivor size 208764928 bytes, new threshold 15 (max 15)',
        '- age   1:  187860912 bytes,  187860912 total',
        ': 6906246K->6819243K(6932288K), 2.7300470 secs]2014-03-12T21:18:28.759-0500: 13298.367: [CMS2014-03-12T21:18:31.372-0500: 13300.980: [CMS-concurrent-sweep: 16.244/20.725 secs] [Times: user=100.59 sys=4.74, real=20.72 secs]',
        ' (concurrent mode failure): 23591969K->23342845K(25165824K), 127.2159440 secs] 30431568K->23342845K(32098112K), [CMS Perm : 137329K->97298K(262912K)], 129.9468220 secs] [Times: user=131.28 sys=0.07, real=129.93 secs]',
      ],
      parser,
    );
    expect(pauses(events)).toEqual([
      expect.objectContaining({
        type: 'full',
        cause: '',
        durationSeconds: 129.946822,
        heap: {
          beforeBytes: 30431568 * K,
          afterBytes: 23342845 * K,
          committedBytes: 32098112 * K,
          youngBeforeBytes: 6906246 * K,
          youngAfterBytes: 6819243 * K,
        },
      }),
    ]);
    expect(events.filter((e) => e.kind === 'to_space_exhausted')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'concurrent')).toEqual([
      expect.objectContaining({ phase: 'sweep', durationSeconds: 20.725 }),
    ]);
    expect(parser.stats.parseErrors).toBe(0);
  });
});
