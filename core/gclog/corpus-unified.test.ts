import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GcEvent, GcPauseEvent } from './types.js';
import { createUnifiedParser } from './unified.js';

/*
 * Every real unified-logging file we have: GCViewer's samples (JDK 9-17, see SOURCE.md in the
 * corpus) and our JDK 17 fixtures (see test/fixtures/gclogs/unified/README.md). The expected
 * figures were counted independently of the parser with grep/awk, for example
 *   grep -cE ' Pause .*ms$' FILE                                   (pause summary lines)
 *   grep -E ' Pause .*ms$' FILE | grep -oE '[0-9]+[.,][0-9]+ms$' | tr , . | awk '{s+=$1} END {print s}'
 * and, where Serial/CMS nest a Full GC inside a young collection, by subtracting the inner lines.
 */
const CORPUS = new URL(
  '../../../shared/corpus/gclogs/gcviewer/openjdk/unified-jvm-logging/',
  import.meta.url,
);
const FIXTURES = new URL('../../test/fixtures/gclogs/unified/', import.meta.url);
const MB = 1024 * 1024;

interface Parsed {
  events: GcEvent[];
  pauses: GcPauseEvent[];
  lines: number;
  parseErrors: number;
  fileLines: number;
}

function parseFile(dir: URL, name: string): Parsed {
  const text = readFileSync(new URL(name, dir), 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const parser = createUnifiedParser();
  const events = lines.flatMap((line) => parser.push(line));
  events.push(...parser.end());
  const pauses = events.filter((e): e is GcPauseEvent => e.kind === 'pause');
  return { events, pauses, ...parser.stats, fileLines: lines.length };
}

const corpus = (name: string): Parsed => parseFile(CORPUS, name);
const fixture = (name: string): Parsed => parseFile(FIXTURES, name);

function countBy(items: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
}

const pauseTypes = (p: Parsed): Record<string, number> => countBy(p.pauses.map((e) => e.type));
const pauseMs = (p: Parsed): number => p.pauses.reduce((sum, e) => sum + e.durationSeconds, 0) * 1e3;
const kinds = (p: Parsed): Record<string, number> => countBy(p.events.map((e) => e.kind));
const pauseWithId = (p: Parsed, gcId: number): GcPauseEvent | undefined =>
  p.pauses.find((e) => e.gcId === gcId);

describe('every unified-logging file parses without errors', () => {
  const files = [
    ...readdirSync(CORPUS)
      .filter((name) => name.endsWith('.txt'))
      .map((name) => [CORPUS, name] as const),
    ...readdirSync(FIXTURES)
      .filter((name) => name.endsWith('.log'))
      .map((name) => [FIXTURES, name] as const),
  ];

  it('finds the 21 corpus samples and 5 fixtures', () => {
    expect(files).toHaveLength(26);
  });

  it.each(files)('%s%s', (dir, name) => {
    const parsed = parseFile(dir, name);
    expect(parsed.parseErrors).toBe(0);
    expect(parsed.lines).toBe(parsed.fileLines);
  });
});

describe('G1', () => {
  it('sample-ujl-g1-gc-defaults.txt (JDK 11, -Xlog:gc)', () => {
    const p = corpus('sample-ujl-g1-gc-defaults.txt');
    // grep -cE ' Pause .*ms$' = 10; awk sum = 38.150 ms; grep -c 'To-space exhausted' = 3
    expect(p.pauses).toHaveLength(10);
    expect(pauseMs(p)).toBeCloseTo(38.15, 6);
    expect(pauseTypes(p)).toEqual({ young: 5, initial_mark: 1, remark: 1, cleanup: 1, full: 1, mixed: 1 });
    expect(kinds(p).to_space_exhausted).toBe(3);
    expect(pauseWithId(p, 14)).toEqual({
      kind: 'pause',
      gcId: 14,
      type: 'full',
      cause: 'Allocation Failure',
      durationSeconds: 0.014918,
      heap: { beforeBytes: 128 * MB, afterBytes: 8 * MB, committedBytes: 28 * MB },
      uptimeSeconds: 0.337,
    });
    expect(p.events.filter((e) => e.kind === 'concurrent')).toMatchObject([
      { gcId: 6, phase: 'concurrent_cycle', durationSeconds: 0.042463 },
    ]);
  });

  it('sample-ujl-g1-gc-all,safepoint,os+cpu.txt (JDK 11, -Xlog:gc*)', () => {
    const p = corpus('sample-ujl-g1-gc-all,safepoint,os+cpu.txt');
    // 13 pause summaries (10 'Pause Young'), 44.411 ms; start lines are not counted
    expect(p.pauses).toHaveLength(13);
    expect(pauseMs(p)).toBeCloseTo(44.411, 6);
    expect(pauseTypes(p)).toEqual({ young: 10, initial_mark: 1, remark: 1, cleanup: 1 });
    expect(p.pauses.find((e) => e.type === 'cleanup')).toMatchObject({
      gcId: 6,
      durationSeconds: 0.000367,
      heap: { beforeBytes: 114 * MB, afterBytes: 70 * MB, committedBytes: 128 * MB },
    });
    expect(p.events.filter((e) => e.kind === 'jvm_info')).toEqual([
      { kind: 'jvm_info', collector: 'G1', uptimeSeconds: 0.022 },
      { kind: 'jvm_info', maxHeapBytes: 128 * MB, uptimeSeconds: 0.022 },
    ]);
  });

  it('sample-ujl-jdk17-full-concurrent-cycle-g1-gc-all-safepont,os-cpu.txt (time + uptimemillis)', () => {
    const p = corpus('sample-ujl-jdk17-full-concurrent-cycle-g1-gc-all-safepont,os-cpu.txt');
    // 9 pause summaries, 58.304 ms; 8 concurrent summaries, 178.136 ms
    expect(p.pauses).toHaveLength(9);
    expect(pauseMs(p)).toBeCloseTo(58.304, 6);
    expect(pauseTypes(p)).toEqual({ young: 7, remark: 1, cleanup: 1 });
    const phases = p.events.filter((e) => e.kind === 'concurrent');
    expect(phases).toHaveLength(8);
    expect(phases.reduce((s, e) => s + e.durationSeconds, 0) * 1e3).toBeCloseTo(178.136, 6);
    expect(phases.at(-1)).toMatchObject({ phase: 'concurrent_cycle', durationSeconds: 0.077704 });
    expect(pauseWithId(p, 6)).toMatchObject({
      epochMs: Date.UTC(2022, 0, 29, 16, 34, 51, 654),
      uptimeSeconds: 0.245,
    });
  });

  it('jdk17-g1-gc-all-time-uptime-level-tags.log (fixture)', () => {
    const p = fixture('jdk17-g1-gc-all-time-uptime-level-tags.log');
    // 64 summaries, 82.449 ms: (Normal) 37 + (Concurrent Start) 7 + (Prepare Mixed) 3 young, (Mixed) 2
    expect(p.pauses).toHaveLength(64);
    expect(pauseMs(p)).toBeCloseTo(82.449, 6);
    expect(pauseTypes(p)).toEqual({ young: 47, mixed: 2, remark: 7, cleanup: 7, full: 1 });
    expect(pauseWithId(p, 35)).toMatchObject({
      type: 'full',
      cause: 'System.gc()',
      durationSeconds: 0.004967,
      heap: { beforeBytes: 32 * MB, afterBytes: 27 * MB, committedBytes: 64 * MB },
    });
    expect(p.events.filter((e) => e.kind === 'jvm_info')).toMatchObject([
      { collector: 'G1', startEpochMs: Date.UTC(2026, 10, 22, 0, 6, 21, 887) - 5 },
      { jvmVersion: '17.0.15+6-Debian-1deb12u1' },
      { maxHeapBytes: 64 * MB },
    ]);
  });
});

describe('Parallel', () => {
  it('sample-ujl-parallel-gc-defaults.txt', () => {
    const p = corpus('sample-ujl-parallel-gc-defaults.txt');
    // 11 summaries (grep -c 'Pause Full' = 6), 83.841 ms; consecutive Full GCs are not nested
    expect(p.pauses).toHaveLength(11);
    expect(pauseMs(p)).toBeCloseTo(83.841, 6);
    expect(pauseTypes(p)).toEqual({ young: 5, full: 6 });
    expect(pauseWithId(p, 3)).toMatchObject({
      cause: 'Ergonomics',
      heap: { beforeBytes: 94 * MB, afterBytes: 30 * MB },
    });
  });

  it('sample-ujl-parallel-gc-all,safepoint,os+cpu.txt', () => {
    const p = corpus('sample-ujl-parallel-gc-all,safepoint,os+cpu.txt');
    expect(p.pauses).toHaveLength(8);
    expect(pauseMs(p)).toBeCloseTo(63.721, 6);
    expect(pauseTypes(p)).toEqual({ young: 4, full: 4 });
  });

  it('jdk17-parallel-gc-all-many-decorators.log (fixture)', () => {
    const p = fixture('jdk17-parallel-gc-all-many-decorators.log');
    // 55 summaries (52 young, 3 full), 56.995 ms
    expect(p.pauses).toHaveLength(55);
    expect(pauseMs(p)).toBeCloseTo(56.995, 6);
    expect(pauseTypes(p)).toEqual({ young: 52, full: 3 });
    expect(pauseWithId(p, 35)).toMatchObject({
      cause: 'Ergonomics',
      durationSeconds: 0.008505,
      uptimeSeconds: 0.117444416,
      epochMs: 1795305992410,
    });
  });
});

describe('Serial', () => {
  it('sample-ujl-serial-gc-defaults.txt: nested Full GCs are reported once', () => {
    const p = corpus('sample-ujl-serial-gc-defaults.txt');
    // 11 summaries of which 3 'Pause Full' sit inside the following 'Pause Young' -> 8 pauses;
    // time = sum of the 8 'Pause Young' lines: 66.124 ms
    expect(p.pauses).toHaveLength(8);
    expect(pauseMs(p)).toBeCloseTo(66.124, 6);
    expect(pauseTypes(p)).toEqual({ young: 5, full: 3 });
    expect(pauseWithId(p, 2)).toMatchObject({
      type: 'full',
      cause: 'Allocation Failure',
      durationSeconds: 0.007236,
      heap: { beforeBytes: 74 * MB, afterBytes: 10 * MB, committedBytes: 92 * MB },
    });
    expect(pauseWithId(p, 3)).toBeUndefined();
  });

  it('sample-ujl-serial-gc-all,safepoint,os+cpu.txt', () => {
    const p = corpus('sample-ujl-serial-gc-all,safepoint,os+cpu.txt');
    // young 9.814 + 10.926 + outer young of the nested full 7.118 = 27.858 ms
    expect(pauseTypes(p)).toEqual({ young: 2, full: 1 });
    expect(pauseMs(p)).toBeCloseTo(27.858, 6);
  });

  it('jdk17-serial-gc-no-decorators.log (fixture): JDK 17 does not nest', () => {
    const p = fixture('jdk17-serial-gc-no-decorators.log');
    // 77 summaries (72 young, 5 full), 52.765 ms, no clock decorators at all
    expect(p.pauses).toHaveLength(77);
    expect(pauseMs(p)).toBeCloseTo(52.765, 6);
    expect(pauseTypes(p)).toEqual({ young: 72, full: 5 });
    expect(p.pauses.every((e) => e.uptimeSeconds === undefined && e.epochMs === undefined)).toBe(true);
    expect(pauseWithId(p, 41)).toMatchObject({ type: 'full', durationSeconds: 0.002831 });
  });
});

describe('CMS', () => {
  it('sample-ujl-cms-gc-defaults.txt', () => {
    const p = corpus('sample-ujl-cms-gc-defaults.txt');
    // 6 summaries, 31.415 ms; 5 concurrent summaries, 19.895 ms
    expect(pauseMs(p)).toBeCloseTo(31.415, 6);
    expect(pauseTypes(p)).toEqual({ young: 3, initial_mark: 1, remark: 1, full: 1 });
    expect(pauseWithId(p, 22)).toMatchObject({
      type: 'full',
      durationSeconds: 0.009775,
      heap: { beforeBytes: 125 * MB, afterBytes: 31 * MB, committedBytes: 150 * MB },
    });
    const phases = p.events.filter((e) => e.kind === 'concurrent');
    expect(phases.map((e) => e.phase)).toEqual(['mark', 'preclean', 'abortable_preclean', 'sweep', 'reset']);
    expect(phases.reduce((s, e) => s + e.durationSeconds, 0) * 1e3).toBeCloseTo(19.895, 6);
  });

  it('sample-ujl-cms-gc-all,safepoint,os+cpu.txt: nested Full GCs', () => {
    const p = corpus('sample-ujl-cms-gc-all,safepoint,os+cpu.txt');
    // 12 summaries, 86.992 ms; the inner Full GC(5) 9.509 ms and GC(10) 15.029 ms are dropped
    expect(p.pauses).toHaveLength(10);
    expect(pauseMs(p)).toBeCloseTo(86.992 - 9.509 - 15.029, 6);
    expect(pauseTypes(p)).toEqual({ young: 5, initial_mark: 2, remark: 1, full: 2 });
    expect(pauseWithId(p, 9)).toMatchObject({ type: 'full', durationSeconds: 0.015238 });
  });
});

describe('ZGC', () => {
  it('sample-ujl-zgc-gc-all.txt: pauses from gc,phases, the cycle from the summary', () => {
    const p = corpus('sample-ujl-zgc-gc-all.txt');
    // 1.279 + 0.695 + 0.679 = 2.653 ms
    expect(pauseTypes(p)).toEqual({ mark_start: 1, mark_end: 1, relocate_start: 1 });
    expect(pauseMs(p)).toBeCloseTo(2.653, 6);
    expect(p.events.filter((e) => e.kind === 'cycle')).toEqual([
      {
        kind: 'cycle',
        gcId: 0,
        cause: 'Metadata GC Threshold',
        heap: { beforeBytes: 10620 * MB, afterBytes: 8800 * MB },
        uptimeSeconds: 1.221,
      },
    ]);
    expect(kinds(p).concurrent).toBe(7);
  });

  it('sample-ujl-zgc-gc-default.txt: decimal-comma uptimes', () => {
    const p = corpus('sample-ujl-zgc-gc-default.txt');
    const cycles = p.events.filter((e) => e.kind === 'cycle');
    expect(cycles.map((e) => e.cause)).toEqual([
      'Metadata GC Threshold',
      'Warmup',
      'Proactive',
      'Allocation Rate',
      'System.gc()',
    ]);
    expect(cycles.map((e) => e.uptimeSeconds)).toEqual([1.221, 2.048, 2.607, 3.167, 3.742]);
    expect(cycles[4]?.heap).toEqual({ beforeBytes: 10124 * MB, afterBytes: 5020 * MB });
  });

  it('sample-ujl-zgc-gc-other.txt: allocation stalls', () => {
    const p = corpus('sample-ujl-zgc-gc-other.txt');
    // grep -c 'Allocation Stall' = 7, sum 85.245 ms; relocation stalls are not allocation stalls
    const stalls = p.events.filter((e) => e.kind === 'allocation_stall');
    expect(stalls).toHaveLength(7);
    expect(stalls.reduce((s, e) => s + e.durationSeconds, 0) * 1e3).toBeCloseTo(85.245, 6);
    expect(pauseMs(p)).toBeCloseTo(0.025, 6);
  });

  it('jdk17-zgc-gc-all-uptimemillis-tags.log (fixture)', () => {
    const p = fixture('jdk17-zgc-gc-all-uptimemillis-tags.log');
    // 72 pause summaries, 0.472 ms; 24 'Allocation Stall (' lines, 104.781 ms; 24 cycles
    expect(pauseTypes(p)).toEqual({ mark_start: 24, mark_end: 24, relocate_start: 24 });
    expect(pauseMs(p)).toBeCloseTo(0.472, 6);
    const stalls = p.events.filter((e) => e.kind === 'allocation_stall');
    expect(stalls.reduce((s, e) => s + e.durationSeconds, 0) * 1e3).toBeCloseTo(104.781, 6);
    const cycles = p.events.filter((e) => e.kind === 'cycle');
    expect(cycles).toHaveLength(24);
    expect(cycles[0]).toMatchObject({
      cause: 'Allocation Stall',
      heap: { beforeBytes: 64 * MB, afterBytes: 36 * MB },
      uptimeSeconds: 0.137,
    });
    expect(p.events.filter((e) => e.kind === 'jvm_info')).toMatchObject([
      { jvmVersion: '17.0.15+6-Debian-1deb12u1' },
      { maxHeapBytes: 64 * MB },
      { collector: 'ZGC' },
    ]);
  });
});

describe('Shenandoah', () => {
  it('Sample-ujl-shenandoah-jdk17.txt', () => {
    const p = corpus('Sample-ujl-shenandoah-jdk17.txt');
    // 4 pause summaries, 1.719 ms; 13 concurrent summaries, 487.973 ms; gc,stats table ignored
    expect(pauseTypes(p)).toEqual({ init_mark: 1, final_mark: 1, init_update_refs: 1, final_update_refs: 1 });
    expect(pauseMs(p)).toBeCloseTo(1.719, 6);
    const phases = p.events.filter((e) => e.kind === 'concurrent');
    expect(phases).toHaveLength(13);
    expect(phases.reduce((s, e) => s + e.durationSeconds, 0) * 1e3).toBeCloseTo(487.973, 6);
  });

  it('Sample-ujl-shenandoah-jdk11-PauseDegeneratedGc.txt', () => {
    const p = corpus('Sample-ujl-shenandoah-jdk11-PauseDegeneratedGc.txt');
    expect(p.pauses).toEqual([
      expect.objectContaining({
        gcId: 165,
        type: 'degenerated',
        cause: 'Outside of Cycle',
        durationSeconds: 0.011373,
        heap: { beforeBytes: 119 * MB, afterBytes: 56 * MB, committedBytes: 124 * MB },
      }),
    ]);
  });

  it('SampleShenandoahSeveralSystemGC.txt: 438 full pauses with decimal commas', () => {
    const p = corpus('SampleShenandoahSeveralSystemGC.txt');
    // grep -c 'Pause Full.*ms$' = 438, awk sum 3108.638 ms
    expect(pauseTypes(p)).toEqual({ full: 438 });
    expect(pauseMs(p)).toBeCloseTo(3108.638, 6);
  });

  it('jdk17-shenandoah-gc-tags-only.log (fixture)', () => {
    const p = fixture('jdk17-shenandoah-gc-tags-only.log');
    // grep -c per 'Pause <type>.*ms$': 133, 132, 124, 124, 8, 2 = 523, 12.867 ms
    expect(pauseTypes(p)).toEqual({
      init_mark: 133,
      final_mark: 132,
      init_update_refs: 124,
      final_update_refs: 124,
      final_roots: 8,
      degenerated: 2,
    });
    expect(pauseMs(p)).toBeCloseTo(12.867, 6);
    expect(pauseWithId(p, 29)).toMatchObject({ type: 'degenerated', durationSeconds: 0.001989 });
  });
});
