import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectGcLogFormat } from './detect.js';

const CORPUS = new URL('../../../shared/corpus/gclogs/gcviewer/', import.meta.url);
const FIXTURES = new URL('../../test/fixtures/gclogs/unified/', import.meta.url);
const HEAD_BYTES = 4096;

function headsIn(dir: URL, pattern: RegExp): [string, string][] {
  return readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => [name, readFileSync(new URL(name, dir), 'utf8').slice(0, HEAD_BYTES)]);
}

describe('detectGcLogFormat on the corpus', () => {
  const unified = [
    ...headsIn(new URL('openjdk/unified-jvm-logging/', CORPUS), /\.txt$/),
    ...headsIn(FIXTURES, /\.log$/),
  ];
  const jdk8 = headsIn(new URL('openjdk/', CORPUS), /^SampleSun1_8_0.*\.txt$/);
  const openj9 = headsIn(new URL('ibm/', CORPUS), /\.txt$/);

  it('finds every corpus folder populated', () => {
    expect(unified.length).toBeGreaterThanOrEqual(21 + 5);
    expect(jdk8.length).toBeGreaterThanOrEqual(26);
    expect(openj9.length).toBeGreaterThanOrEqual(5);
  });

  it.each(unified)('unified: %s', (_name, head) => {
    expect(detectGcLogFormat(head)).toBe('unified');
  });

  it.each(jdk8)('jdk8: %s', (_name, head) => {
    expect(detectGcLogFormat(head)).toBe('jdk8');
  });

  it.each(openj9)('openj9: %s', (_name, head) => {
    expect(detectGcLogFormat(head)).toBe('openj9');
  });
});

describe('detectGcLogFormat on single heads', () => {
  it.each([
    [
      'tags-only decoration',
      '[gc] Using G1\n[gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 6M->1M(96M) 1.894ms\n',
      'unified',
    ],
    [
      'os,cpu first, gc later',
      '[0.014s][info][os,cpu] CPU:total 4\n[0.018s][info][gc,heap] Heap region size: 1M\n',
      'unified',
    ],
    [
      'safepoint only',
      '[0.077s][info][safepoint    ] Total time for which application threads were stopped: 0.0000996 seconds\n',
      'unified',
    ],
    [
      'uptimemillis and level, no tags',
      '[12ms][info] GC(3) Pause Remark 46M->46M(138M) 1.314ms\n',
      'unified',
    ],
    [
      'no decorators',
      'Using Serial\nGC(0) Pause Young (Allocation Failure) 12M->1M(46M) 2.416ms\n',
      'unified',
    ],
    ['no decorators, rotated', 'GC(40) Pause Young (Allocation Failure) 44M->44M(46M) 0.018ms\n', 'unified'],
    [
      'JDK 8 without a header',
      '2.345: [GC (Allocation Failure) [PSYoungGen: 7077888K->222570K(8257536K)] 7077888K->222586K(9306112K), 0.5437135 secs]\n',
      'jdk8',
    ],
    ['JDK 8 old-style record', '12.356: [GC 830688K->123K(1310720K), 0.0100 secs]\n', 'jdk8'],
    [
      'JDK 8 full GC',
      '3.1: [Full GC (System.gc()) [PSYoungGen: 1K->0K(2K)] 5K->4K(9K), 0.6492397 secs]\n',
      'jdk8',
    ],
    [
      'JDK 8 header only',
      'OpenJDK 64-Bit Server VM (25.342-b07) for linux-amd64 JRE (1.8.0_342-b07)\nMemory: 4k page\n',
      'jdk8',
    ],
    [
      'OpenJ9 rotated without prolog',
      '<exclusive-start id="9871" timestamp="2016-08-09T14:58:58.343" intervalms="14425.085">\n',
      'openj9',
    ],
  ])('%s', (_name, head, format) => {
    expect(detectGcLogFormat(head)).toBe(format);
  });

  it.each([
    ['empty', ''],
    [
      'application log',
      '2024-05-01 12:00:00.123 INFO 1 --- [main] c.e.Application : Started Application in 3.2 seconds\n',
    ],
    ['JSON', '{"level":"info","msg":"GC done"}\n'],
  ])('undefined for %s', (_name, head) => {
    expect(detectGcLogFormat(head)).toBeUndefined();
  });
});
