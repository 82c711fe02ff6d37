import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createJdk8Parser } from './jdk8.js';
import type { GcCollector, GcEvent, GcLogParser, GcPauseEvent } from './types.js';

// Real JDK 8 logs from GCViewer's test resources (see shared/corpus/gclogs/gcviewer/SOURCE.md).
const CORPUS = new URL('../../../shared/corpus/gclogs/gcviewer/openjdk/', import.meta.url);
const FILES = readdirSync(CORPUS)
  .filter((name) => name.startsWith('SampleSun1_8_0'))
  .sort();

function parseFile(name: string, parser: GcLogParser = createJdk8Parser()): GcEvent[] {
  const lines = readFileSync(new URL(name, CORPUS), 'utf8').split(/\r?\n/);
  return lines.flatMap((line) => parser.push(line));
}

function pauses(events: readonly GcEvent[]): GcPauseEvent[] {
  return events.filter((e): e is GcPauseEvent => e.kind === 'pause');
}

function countByType(events: readonly GcEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of pauses(events)) counts[p.type] = (counts[p.type] ?? 0) + 1;
  return counts;
}

function sumSeconds(events: readonly GcEvent[]): number {
  return pauses(events).reduce((sum, p) => sum + p.durationSeconds, 0);
}

function collectors(events: readonly GcEvent[]): (GcCollector | undefined)[] {
  return events
    .filter((e) => e.kind === 'jvm_info' && e.collector !== undefined)
    .map((e) => (e.kind === 'jvm_info' ? e.collector : undefined));
}

const K = 1024;

describe('JDK 8 corpus', () => {
  it('has the JDK 8 samples', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(FILES)('parses %s without parse errors', (name) => {
    const parser = createJdk8Parser();
    const events = [...parseFile(name, parser), ...parser.end()];
    expect(parser.stats.parseErrors).toBe(0);
    // Two files hold only a header and rotation banners; every other one has pauses.
    if (!name.includes('RollingLogfile') && !name.includes('Part7'))
      expect(pauses(events).length).toBeGreaterThan(0);
  });

  it('Parallel: SampleSun1_8_0ParallelPrintGCID', () => {
    // Cross-checked with grep/awk: `grep -c 'secs] \[Times'` = 5 records, `grep -c '\[Full GC'` = 2,
    // and awk over the ", N secs] [Times" fields sums to 1.8638591 s.
    const events = parseFile('SampleSun1_8_0ParallelPrintGCID.txt');
    expect(collectors(events)).toEqual(['Parallel']);
    expect(countByType(events)).toEqual({ young: 3, full: 2 });
    expect(sumSeconds(events)).toBeCloseTo(1.8638591, 7);
    expect(pauses(events)[4]).toMatchObject({
      gcId: 4,
      uptimeSeconds: 97.301,
      type: 'full',
      cause: 'System.gc()',
      durationSeconds: 0.4555626,
      heap: {
        beforeBytes: 204182 * K,
        afterBytes: 203813 * K,
        committedBytes: 9306112 * K,
        youngBeforeBytes: 105989 * K,
        youngAfterBytes: 0,
      },
    });
  });

  it('CMS: SampleSun1_8_0Series-Part1', () => {
    // Cross-checked with grep/awk: 71 lines hold `ParNew:` (3 of them scavenges nested in a
    // "CMS Final Remark"), 3 `CMS-initial-mark`, 3 `CMS-remark`. Summing the last ", N secs]" of
    // each outermost record (young lines without "CMS Final Remark" 0.7118354 + initial marks
    // 0.0194955 + remarks 0.0868240) gives the safepoint total 0.8181549 s, which the parser must
    // keep although it reports each nested scavenge as its own young pause. 15 lines match
    // `CMS-concurrent-[a-z-]*: ` and their wall times sum to 6.082 s.
    const events = parseFile('SampleSun1_8_0Series-Part1.txt');
    expect(collectors(events)).toEqual(['CMS']);
    expect(countByType(events)).toEqual({ young: 71, initial_mark: 3, remark: 3 });
    expect(sumSeconds(events)).toBeCloseTo(0.8181549, 7);
    const concurrent = events.filter((e) => e.kind === 'concurrent');
    expect(concurrent).toHaveLength(15);
    expect(concurrent.reduce((s, e) => s + e.durationSeconds, 0)).toBeCloseTo(6.082, 6);
    expect(pauses(events)[0]).toEqual({
      kind: 'pause',
      epochMs: Date.parse('2016-04-14T22:30:09.108+02:00'),
      uptimeSeconds: 1.053,
      type: 'young',
      cause: 'Allocation Failure',
      durationSeconds: 0.0146984,
      heap: {
        beforeBytes: 218496 * K,
        afterBytes: 25704 * K,
        committedBytes: 791936 * K,
        youngBeforeBytes: 218496 * K,
        youngAfterBytes: 25704 * K,
      },
    });
  });

  it('CMS: a rotation chain fed to one parser equals the manually merged file', () => {
    const parser = createJdk8Parser();
    const parts = [1, 2, 3, 4, 5, 6, 7].flatMap((n) =>
      parseFile(`SampleSun1_8_0Series-Part${n}.txt`, parser),
    );
    const merged = parseFile('SampleSun1_8_0Series-ManuallyMerged.txt');
    expect(pauses(parts)).toHaveLength(536);
    expect(pauses(parts)).toEqual(pauses(merged));
    expect(parser.stats.parseErrors).toBe(0);
  });

  it('G1: SampleSun1_8_0G1PrintGCID', () => {
    // Cross-checked with grep/awk: 5 `[GC pause` (one "(young) (initial-mark)"), 1 `[GC remark`,
    // 1 `[GC cleanup`; their last ", N secs]" fields sum to 0.0354645 s; 2 `concurrent-*-end,` lines.
    const events = parseFile('SampleSun1_8_0G1PrintGCID.txt');
    expect(collectors(events)).toEqual(['G1']);
    expect(countByType(events)).toEqual({ young: 5, remark: 1, cleanup: 1 });
    expect(sumSeconds(events)).toBeCloseTo(0.0354645, 7);
    expect(
      events.filter((e) => e.kind === 'concurrent').map((e) => e.kind === 'concurrent' && e.phase),
    ).toEqual(['root_region_scan', 'mark']);
    // #3, the initial-mark pause: "[Eden: 5120.0K(5120.0K)->0.0B(13312.0K) Survivors: 1024.0K->1024.0K
    // Heap: 23040.5K(32768.0K)->23040.5K(65536.0K)]".
    expect(pauses(events)[3]).toMatchObject({
      gcId: 3,
      type: 'young',
      durationSeconds: 0.0037303,
      heap: {
        beforeBytes: 23040.5 * K,
        afterBytes: 23040.5 * K,
        committedBytes: 65536 * K,
        youngBeforeBytes: 6144 * K,
        youngAfterBytes: 1024 * K,
      },
    });
  });
});
