/**
 * Numeric suffixes the JVM appends to a configured file name.
 * - GC log rotation: Unified Logging archives `<file>.<n>`, zero-padded to the digits of
 *   `filecount - 1` (openjdk `logFileOutput.cpp`); JDK 8 `-XX:+UseGCLogFileRotation` names every
 *   file `<file>.<n>` and the one being written `<file>.<n>.current`.
 * - Heap dumps: HotSpot appends `.<n>` to the second and later dumps of one JVM
 *   (openjdk `heapDumper.cpp`).
 * Nine digits at most: more is no JVM's doing, and the number stays exact.
 */

const CURRENT = '.current';
const MAX_DIGITS = 9;

/** A name split into the configured base and its rotation suffix. */
export interface RotationSuffix {
  readonly base: string;
  readonly rotation: number;
  readonly current: boolean;
}

/** Splits `<base>.<n>` or `<base>.<n>.current`; undefined when the name has no such suffix. */
export function splitRotation(name: string): RotationSuffix | undefined {
  const current = name.endsWith(CURRENT);
  const split = splitSequence(current ? name.slice(0, -CURRENT.length) : name);
  return split === undefined ? undefined : { base: split.base, rotation: split.sequence, current };
}

/** Splits `<base>.<n>`; undefined when the name has no such suffix. */
export function splitSequence(name: string): { base: string; sequence: number } | undefined {
  // String scanning, not a regex: this runs for every name no pattern matched as is.
  const dot = name.lastIndexOf('.');
  const digits = name.length - dot - 1;
  if (dot < 1 || digits < 1 || digits > MAX_DIGITS) return undefined;
  let sequence = 0;
  for (let i = dot + 1; i < name.length; i++) {
    const code = name.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return undefined;
    sequence = sequence * 10 + code;
  }
  return { base: name.slice(0, dot), sequence };
}
