import { describe, expect, it } from 'vitest';
import { parseAll, only } from './unified-test-support.js';

// Lines marked "(corpus)" are copied from GCViewer's unified-jvm-logging samples, "(fixture)" from
// test/fixtures/gclogs/unified, "(synthetic)" are shapes built from those for one case; unmarked
// lines are corpus or fixture lines (some with their decorators shortened).

describe('start lines and unrelated lines', () => {
  it.each([
    '[0.318s][info][gc,start      ] GC(12) Pause Young (G1 Evacuation Pause)',
    '[245ms][info][gc,start    ] GC(6) Pause Young (Normal) (G1 Evacuation Pause)',
    '[0.295s][info][gc] GC(6) Concurrent Cycle',
    '[0.298s][info][gc,marking   ] GC(6) Concurrent Mark (0.298s)',
    '[0.127s][info][gc,marking     ] GC(19) Concurrent Mark Abort',
    '[1.205s][info][gc,start] GC(0) Garbage Collection (Metadata GC Threshold)',
    '[1.492s][info][gc,start    ] GC(0) Pause Init Mark (unload classes)',
    '[0.321s][info][gc,heap       ] GC(12) Eden regions: 1->0(1)',
    '[0.290s][info][gc,phases      ] GC(3) Phase 4: Move objects 2.391ms',
    '[0.321s][info][safepoint     ] Total time for which application threads were stopped: 0.0027879 seconds',
    '[1.957s][info][gc,stats    ] Pause Init Mark (G)                1516 us',
    '[29.628s][info][gc            ] Cancelling concurrent GC: Allocation Failure',
  ])('%s', (line) => {
    expect(parseAll([line])).toEqual({ events: [], parseErrors: 0, lines: 1 });
  });
});
describe('JVM facts', () => {
  it.each([
    ['[0.018s][info][gc] Using G1', { collector: 'G1' }],
    ['[0.017s][info][gc] Using Parallel', { collector: 'Parallel' }],
    ['Using Serial', { collector: 'Serial' }],
    ['[0.020s][info][gc] Using Concurrent Mark Sweep', { collector: 'CMS' }],
    ['[0.995s][info][gc] Using The Z Garbage Collector', { collector: 'ZGC' }],
    ['[gc] Using Shenandoah', { collector: 'Shenandoah' }],
    ['[0.005s][info][gc] Using Epsilon', { collector: 'Epsilon' }],
    [
      '[0.007s][info][gc,init] Version: 17.0.15+6-Debian-1deb12u1 (release)',
      { jvmVersion: '17.0.15+6-Debian-1deb12u1' },
    ],
    ['[0.007s][info][gc,init] Heap Max Capacity: 96M', { maxHeapBytes: 96 * 1024 ** 2 }],
    ['[0.006s][info][gc,init] Max Capacity: 96M', { maxHeapBytes: 96 * 1024 ** 2 }],
    [
      '[0.022s][info][gc,heap,coops] Heap address: 0x00000000f8000000, size: 128 MB, Compressed Oops mode: 32-bit',
      { maxHeapBytes: 128 * 1024 ** 2 },
    ],
    [
      // (synthetic) JDK 11 gc+heap=debug shape
      '[0.010s][debug][gc,heap] Minimum heap 8388608  Initial heap 134217728  Maximum heap 2147483648',
      { maxHeapBytes: 2147483648 },
    ],
    // (synthetic) a plain `Maximum heap size` line
    ['[0.010s][info][gc] Maximum heap size: 4G', { maxHeapBytes: 4 * 1024 ** 3 }],
  ])('%s', (line, facts) => {
    expect(only(line, 'jvm_info')).toMatchObject(facts);
  });

  it('ignores per-cycle capacity lines and worker lines', () => {
    expect(
      parseAll([
        '[201.658s][info][gc,heap] GC(25) Max Capacity: 3954M(100%)',
        '[0.200s][info][gc,task] GC(0) Using 4 workers of 4 for evacuation',
      ]).events,
    ).toEqual([]);
  });

  it('infers the collector from events when the Using line was rotated away', () => {
    const { events } = parseAll([
      '[gc] GC(0) Pause Init Mark (unload classes) 0.018ms',
      '[gc] GC(0) Pause Final Mark (unload classes) 0.153ms',
    ]);
    expect(events.filter((e) => e.kind === 'jvm_info')).toEqual([
      { kind: 'jvm_info', collector: 'Shenandoah' },
    ]);
  });
});
describe('parse errors', () => {
  it.each([
    ['a bad duration', 'GC(3) Pause Young (Allocation Failure) 74M->10M(92M) 7.2xms'],
    ['a heap but no duration', '[1.481s][info][gc] GC(0) Pause Full (System.gc()) 10M->1M(128M)'],
    ['a truncated concurrent heap', 'GC(0) Concurrent cleanup 23M->13M(96M'],
    ['an unbalanced cause', 'GC(1) Pause Young (Allocation Failure 14M->12M(128M) 6.529ms'],
    ['a bad heap size', 'GC(1) Pause Young (Allocation Failure) 14Q->12M(128M) 6.529ms'],
    ['a stall without duration', '[201.511s][info][gc] Allocation Stall (main)'],
    [
      'two lines run together',
      '[0.401s][info][gc] GC(10) Pause Young (Allocation Failure) 63M->63M(123M) 6.081ms[0.014s][info][os,cpu] CPU:total 4',
    ],
  ])('counts %s', (_name, line) => {
    expect(parseAll([line])).toEqual({ events: [], parseErrors: 1, lines: 1 });
  });

  it('never throws on garbage and counts every line', () => {
    const garbage = [
      '',
      '[',
      '[[[',
      ']',
      'GC(',
      'GC(12',
      'GC(x) Pause',
      'GC(1)',
      'GC(1) Pause ',
      '\u0000\uffff',
      '[0.1s]'.repeat(5000),
      'GC(1) Pause Young ((((( 1ms',
    ];
    const result = parseAll(garbage);
    expect(result.lines).toBe(garbage.length);
    expect(result.events.filter((e) => e.kind === 'pause')).toEqual([]);
  });

  it('accepts CRLF line endings', () => {
    expect(
      only('[0.202s][info][gc] GC(0) Pause Young (G1 Evacuation Pause) 14M->12M(128M) 6.529ms\r', 'pause')
        .durationSeconds,
    ).toBeCloseTo(0.006529, 9);
  });
});
