/**
 * The three header lines a JDK 8 GC log file starts with (repeated in every rotated file):
 * `OpenJDK 64-Bit Server VM (25.342-b07) for linux-amd64 JRE (1.8.0_342-b07), built on ...`,
 * `Memory: 4k page, physical ...` and `CommandLine flags: -XX:MaxHeapSize=536870912 ... -XX:+UseG1GC`.
 */
import type { GcCollector } from './types.js';

/** JVM facts from one header line. */
export interface Jdk8HeaderFacts {
  collector?: GcCollector;
  jvmVersion?: string;
  maxHeapBytes?: number;
}

const VERSION = / VM \(([^)]+)\) for \S+(?: JRE \(([^)]+)\))?/;
const MAX_HEAP = /-XX:MaxHeapSize=(\d+)/;

// Order matters only for odd flag sets; `-XX:-UseParallelGC` (a minus) never selects a collector.
const COLLECTOR_FLAGS: readonly (readonly [string, GcCollector])[] = [
  ['-XX:+UseG1GC', 'G1'],
  ['-XX:+UseConcMarkSweepGC', 'CMS'],
  ['-XX:+UseShenandoahGC', 'Shenandoah'],
  ['-XX:+UseParallelGC', 'Parallel'],
  ['-XX:+UseParallelOldGC', 'Parallel'],
  ['-XX:+UseSerialGC', 'Serial'],
];

/** Facts in `line` when it is a header line, otherwise undefined. */
export function parseHeaderLine(line: string): Jdk8HeaderFacts | undefined {
  if (line.startsWith('CommandLine flags: ')) return parseFlags(line);
  if (line.startsWith('OpenJDK') || line.startsWith('Java HotSpot')) {
    const m = VERSION.exec(line);
    if (!m) return undefined;
    // The JRE version ("1.8.0_342-b07") is what people know; the VM version ("25.342-b07") is
    // the fallback for builds that omit it.
    const jvmVersion = m[2] ?? m[1];
    return jvmVersion === undefined ? undefined : { jvmVersion };
  }
  return undefined;
}

function parseFlags(line: string): Jdk8HeaderFacts {
  const facts: Jdk8HeaderFacts = {};
  const heap = MAX_HEAP.exec(line);
  if (heap?.[1] !== undefined) facts.maxHeapBytes = Number(heap[1]);
  for (const [flag, collector] of COLLECTOR_FLAGS) {
    if (hasFlag(line, flag)) {
      facts.collector = collector;
      break;
    }
  }
  return facts;
}

function hasFlag(line: string, flag: string): boolean {
  const at = line.indexOf(flag);
  if (at === -1) return false;
  // Whole flags only: `-XX:+UseParallelGC` must not match `-XX:+UseParallelGCSomething`.
  const after = line.charAt(at + flag.length);
  return after === '' || after.trim() === '';
}
