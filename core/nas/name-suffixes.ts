/**
 * Numeric suffixes the JVM appends to a configured file name.
 * - GC log rotation: Unified Logging archives `<file>.<n>`, zero-padded to the digits of
 *   `filecount - 1` (openjdk `logFileOutput.cpp`); JDK 8 `-XX:+UseGCLogFileRotation` names every
 *   file `<file>.<n>` and the one being written `<file>.<n>.current`.
 * - Heap dumps: HotSpot appends `.<n>` to the second and later dumps of one JVM
 *   (openjdk `heapDumper.cpp`).
 * Nine digits at most: more is no JVM's doing, and the number stays exact.
 */

const ROTATION = /^([\s\S]+)\.(\d{1,9})(\.current)?$/;
const SEQUENCE = /^([\s\S]+)\.(\d{1,9})$/;

/** A name split into the configured base and its rotation suffix. */
export interface RotationSuffix {
  readonly base: string;
  readonly rotation: number;
  readonly current: boolean;
}

/** Splits `<base>.<n>` or `<base>.<n>.current`; undefined when the name has no such suffix. */
export function splitRotation(name: string): RotationSuffix | undefined {
  const m = ROTATION.exec(name);
  if (m === null) return undefined;
  return { base: m[1]!, rotation: Number(m[2]), current: m[3] !== undefined };
}

/** Splits `<base>.<n>`; undefined when the name has no such suffix. */
export function splitSequence(name: string): { base: string; sequence: number } | undefined {
  const m = SEQUENCE.exec(name);
  if (m === null) return undefined;
  return { base: m[1]!, sequence: Number(m[2]) };
}
