import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createOpenJ9Parser } from './openj9.js';
import type { GcEvent, GcLogParser, GcPauseEvent } from './types.js';

// Real IBM J9 R28 (Java 8) verbose GC logs from GCViewer's test resources
// (see shared/corpus/gclogs/gcviewer/SOURCE.md).
const CORPUS = new URL('../../../shared/corpus/gclogs/gcviewer/ibm/', import.meta.url);
const FILES = readdirSync(CORPUS).sort();

function parseFile(name: string, parser: GcLogParser = createOpenJ9Parser()): GcEvent[] {
  const lines = readFileSync(new URL(name, CORPUS), 'utf8').split(/\r?\n/);
  return [...lines.flatMap((line) => parser.push(line)), ...parser.end()];
}

function pauses(events: readonly GcEvent[]): GcPauseEvent[] {
  return events.filter((e): e is GcPauseEvent => e.kind === 'pause');
}

describe('OpenJ9 corpus', () => {
  it('has the IBM samples', () => {
    expect(FILES).toHaveLength(5);
  });

  it.each(FILES)('parses %s without parse errors, one pause per <exclusive-end>', (name) => {
    const parser = createOpenJ9Parser();
    const events = parseFile(name, parser);
    const text = readFileSync(new URL(name, CORPUS), 'utf8');
    expect(parser.stats.parseErrors).toBe(0);
    expect(pauses(events)).toHaveLength(text.split('<exclusive-end').length - 1);
    expect(events).toContainEqual({
      kind: 'jvm_info',
      jvmVersion: 'R28_Java8_GA_20150116_2030_B231420_CMPRSS',
    });
  });

  it('gencon scavenges: SampleIBMJ9_R28_af_scavenge_full_header', () => {
    // Cross-checked with grep/awk: 2 `<exclusive-end`, both inside `<cycle-start type="scavenge">`,
    // their durationms sum to 47.096 ms (25.388 + 21.708).
    const events = parseFile('SampleIBMJ9_R28_af_scavenge_full_header.txt');
    expect(events[1]).toEqual({
      kind: 'jvm_info',
      startEpochMs: Date.parse('2015-12-31T15:22:43.002Z'),
      collector: 'gencon',
      maxHeapBytes: 512 * 1024 * 1024,
    });
    const found = pauses(events);
    expect(found.map((p) => [p.type, p.cause])).toEqual([
      ['young', 'Allocation Failure'],
      ['young', 'Allocation Failure'],
    ]);
    expect(found.reduce((s, p) => s + p.durationSeconds, 0)).toBeCloseTo(0.047096, 9);
    // Second pause: gc-start mem-info free=401690672 total=536870912, nursery free=0
    // total=134217728; gc-end mem-info free=455264856, nursery free=53574184.
    expect(found[1]).toMatchObject({
      epochMs: Date.parse('2015-12-31T15:22:48.229Z'),
      uptimeSeconds: 5.227,
      gcId: 16,
      heap: {
        beforeBytes: 536870912 - 401690672,
        afterBytes: 536870912 - 455264856,
        committedBytes: 536870912,
        youngBeforeBytes: 134217728,
        youngAfterBytes: 134217728 - 53574184,
      },
    });
  });

  it('global collections: allocation failure, System.gc() and a concurrent final', () => {
    // Cross-checked with grep/awk: one `<exclusive-end` per file, durationms 1255.648, 97.756 and
    // 1182.375; the first two hold `<cycle-start type="global">`, the third only
    // `<gc-start type="global">` after `<concurrent-collection-start>`.
    const byFile = [
      'SampleIBMJ9_R28_af_global.txt',
      'SampleIBMJ9_R28_sys_global.txt',
      'SampleIBMJ9_R28_concurrent_collection.txt',
    ].map((name) => pauses(parseFile(name)));
    expect(byFile.map((p) => p.map((e) => [e.type, e.cause, e.durationSeconds]))).toEqual([
      [['full', 'Allocation Failure', 1.255648]],
      [['full', 'System.gc()', 0.097756]],
      [['full', 'Concurrent Final', 1.182375]],
    ]);
    // af_global: gc-start mem-info free=322121728 total=6442450944, gc-end free=4911161608.
    expect(byFile[0]?.[0]?.heap).toEqual({
      beforeBytes: 6442450944 - 322121728,
      afterBytes: 6442450944 - 4911161608,
      committedBytes: 6442450944,
    });
  });
});
