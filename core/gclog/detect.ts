/**
 * Tells which GC log format a file is written in from its first few KB, in the spirit of
 * GCViewer's `DataReaderFactory` sniffing, but accepting any unified-logging decorator set
 * (including none) and OpenJ9 heads without the `<?xml` prolog (rotated files).
 */
import type { GcLogFormat } from './types.js';

/** OpenJ9 `-Xverbosegclog` XML elements that open a file or a record. */
const OPENJ9_MARKERS = [
  '<?xml',
  '<verbosegc',
  '<initialized',
  '<exclusive-start',
  '<cycle-start',
  '<gc-start',
  '<af-start',
  '<concurrent-kickoff',
];

/** Unified logging tag decorations: `][gc`, `][safepoint`, or a line starting with `[gc`. */
const UNIFIED_TAGS = /\]\[(?:gc|safepoint)[\],\s]|^\[(?:gc|safepoint)[\],\s]/m;

/** Any decorated line whose message is a GC event (`[0.202s][info] GC(0) Pause Young ...`). */
const UNIFIED_DECORATED_GC_LINE = /^(?:\[[^\]\n]*\])+ ?GC\(\d+\) /m;

/** A unified log written with `-Xlog:gc:file:none`: bare `Using G1` / `GC(0) Pause ...` lines. */
const UNIFIED_UNDECORATED = /^(?:Using [A-Z]\w*|GC\(\d+\) [A-Z])/m;

/** JDK 8 `-XX:+PrintGCDetails` records and the header HotSpot 8 writes at the top of the file. */
const JDK8_MARKERS =
  /\[GC[ (]|\[Full GC|\[GC pause|^CommandLine flags: |^(?:OpenJDK|Java HotSpot\(TM\)) 64-Bit Server VM/m;

/**
 * The format of a GC log given its head (the first few KB). Undefined when the text matches
 * none of them (empty file, application log, unknown JVM).
 */
export function detectGcLogFormat(head: string): GcLogFormat | undefined {
  if (OPENJ9_MARKERS.some((marker) => head.includes(marker))) return 'openj9';
  if (UNIFIED_TAGS.test(head) || UNIFIED_DECORATED_GC_LINE.test(head)) return 'unified';
  if (JDK8_MARKERS.test(head)) return 'jdk8';
  if (UNIFIED_UNDECORATED.test(head)) return 'unified';
  return undefined;
}
