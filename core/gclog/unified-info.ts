/**
 * JVM facts from unified-logging messages without a GC id: the collector (`Using G1`), the JVM
 * version (`[gc,init] Version: 17.0.15+6 (release)`) and the maximum heap (`Heap Max Capacity`,
 * ZGC `Max Capacity`, JDK 9-16 `Heap address: ..., size: 128 MB`), plus what the event lines
 * themselves tell about the collector when the header was rotated away.
 */
import type { GcCollector, GcEvent } from './types.js';
import { parseSizeToBytes } from './units.js';

/** What a header line taught, before it becomes a `jvm_info` event. */
export interface JvmFacts {
  collector?: GcCollector;
  jvmVersion?: string;
  maxHeapBytes?: number;
}

const USING = new Map<string, GcCollector>([
  ['Using G1', 'G1'],
  ['Using Parallel', 'Parallel'],
  ['Using Serial', 'Serial'],
  ['Using Concurrent Mark Sweep', 'CMS'],
  ['Using The Z Garbage Collector', 'ZGC'],
  ['Using Shenandoah', 'Shenandoah'],
  ['Using Epsilon', 'Epsilon'],
]);

const HEAP_ADDRESS_SIZE = /, size: (\d+) MB/;
/**
 * JDK 11 `gc,heap` debug `Minimum heap 8388608  Initial heap 134217728  Maximum heap 2147483648`,
 * or a `Maximum heap size: 4G` line.
 */
const MAXIMUM_HEAP = /Maximum heap(?: size)?:? (\S+)$/;

function sizeFact(text: string): JvmFacts | undefined {
  const bytes = parseSizeToBytes(text);
  return Number.isNaN(bytes) ? undefined : { maxHeapBytes: bytes };
}

/** Facts from a message without a GC id; undefined when it carries none. */
export function parseJvmFacts(message: string): JvmFacts | undefined {
  const trimmed = message.trimEnd();
  const collector = USING.get(trimmed);
  if (collector) return { collector };
  if (trimmed.startsWith('Version: ')) {
    const version = trimmed.slice('Version: '.length).replace(/ \(.*\)$/, '');
    return version ? { jvmVersion: version } : undefined;
  }
  if (trimmed.startsWith('Heap Max Capacity: ')) return sizeFact(trimmed.slice(19));
  if (trimmed.startsWith('Max Capacity: ')) return sizeFact(trimmed.slice(14));
  if (trimmed.startsWith('Heap address: ')) {
    const match = HEAP_ADDRESS_SIZE.exec(trimmed);
    return match ? { maxHeapBytes: Number(match[1]) * 1024 * 1024 } : undefined;
  }
  if (trimmed.startsWith('Minimum heap ') || trimmed.startsWith('Maximum heap')) {
    const match = MAXIMUM_HEAP.exec(trimmed);
    return match ? sizeFact(match[1] ?? '') : undefined;
  }
  return undefined;
}

/** G1-only spellings of the young pause kinds and causes. */
const G1_ONLY_CAUSE = /^G1 /;

/**
 * The collector an event betrays, for logs whose `Using ...` line is gone (rotated files);
 * undefined when the event is common to several collectors.
 */
export function inferCollector(event: GcEvent): GcCollector | undefined {
  switch (event.kind) {
    case 'cycle':
      return 'ZGC';
    case 'allocation_stall':
      return 'ZGC';
    case 'to_space_exhausted':
      return 'G1';
    case 'pause':
      switch (event.type) {
        case 'init_mark':
        case 'final_mark':
        case 'init_update_refs':
        case 'final_update_refs':
        case 'final_roots':
        case 'degenerated':
          return 'Shenandoah';
        case 'mark_start':
        case 'mark_end':
        case 'relocate_start':
          return 'ZGC';
        case 'mixed':
        case 'cleanup':
          return 'G1';
        case 'full':
          return event.cause === 'Ergonomics' ? 'Parallel' : undefined;
        case 'young':
        case 'initial_mark':
        case 'remark':
        case 'other':
          return G1_ONLY_CAUSE.test(event.cause) ? 'G1' : undefined;
      }
      return undefined;
    case 'concurrent':
      return event.phase === 'abortable_preclean' || event.phase === 'sweep' ? 'CMS' : undefined;
    case 'jvm_info':
      return undefined;
  }
}
