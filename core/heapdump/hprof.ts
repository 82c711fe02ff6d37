/**
 * HPROF heap dump header and trailer checks on a few bytes, never on the heap itself.
 *
 * Format (HotSpot `src/hotspot/share/services/heapDumper.cpp`, format comment): a NUL-terminated
 * `JAVA PROFILE 1.0.x` string, u4 identifier size, u4 high + u4 low word of the dump time in ms
 * since the epoch, all big-endian; then records `u1 tag, u4 µs since header time, u4 length`.
 * Segmented dumps (1.0.2) end with an empty HEAP_DUMP_END record (tag 0x2C). HotSpot 8 writes
 * 1.0.1 (one unsegmented HEAP_DUMP record, no end record) below a 2 GB used heap; JDK 17 always
 * writes 1.0.2 with the end record (checked with -Xmx8m Serial and -Xmx32m G1 OOM dumps, and
 * `jcmd GC.heap_dump`).
 */

const MAGIC_PREFIX = 'JAVA PROFILE ';
/** Longest version string we accept, so garbage without a NUL is rejected quickly. */
const MAX_MAGIC_LENGTH = 24;
/** Record tag of HPROF_HEAP_DUMP_END. */
export const HPROF_HEAP_DUMP_END = 0x2c;
/** Bytes of the trailing HEAP_DUMP_END record: tag, u4 time, u4 length 0. */
export const HPROF_END_RECORD_BYTES = 9;

/** The known versions; others (Android's 1.0.3 is known, future ones are not) pass as strings. */
export type HprofVersion = '1.0.1' | '1.0.2' | '1.0.3' | (string & Record<never, never>);

export interface HprofHeader {
  /** The part after `JAVA PROFILE `, e.g. `1.0.2`. */
  version: HprofVersion;
  /** Size of object identifiers in bytes: 4 or 8 in practice. */
  idSize: number;
  /** When the dump was started, in ms since the epoch (the writer's clock). */
  createdEpochMs: number;
  /** Offset of the first record, i.e. the header length. */
  headerBytes: number;
}

/**
 * Parses the HPROF header from the first bytes of a file (32 are enough), or returns undefined
 * when they are not an HPROF header.
 */
export function parseHprofHeader(head: Uint8Array): HprofHeader | undefined {
  const nul = head.subarray(0, MAX_MAGIC_LENGTH + 1).indexOf(0);
  if (nul < 0) return undefined;
  const magic = asciiOf(head.subarray(0, nul));
  if (magic === undefined || !magic.startsWith(MAGIC_PREFIX)) return undefined;
  const version = magic.slice(MAGIC_PREFIX.length);
  if (!/^\d+\.\d+\.\d+$/.test(version)) return undefined;
  const fieldsAt = nul + 1;
  if (head.length < fieldsAt + 12) return undefined;
  const view = new DataView(head.buffer, head.byteOffset + fieldsAt, 12);
  const idSize = view.getUint32(0);
  if (idSize === 0 || idSize > 8) return undefined;
  const createdEpochMs = view.getUint32(4) * 2 ** 32 + view.getUint32(8);
  return { version, idSize, createdEpochMs, headerBytes: fieldsAt + 12 };
}

/**
 * True when the bytes begin like an HPROF file (`JAVA PROFILE`, or a prefix of it when fewer
 * bytes exist) even if the header is not complete yet: a dump whose writer just started.
 */
export function startsLikeHprof(head: Uint8Array): boolean {
  const length = Math.min(head.length, MAGIC_PREFIX.length - 1);
  if (length === 0) return false;
  for (let i = 0; i < length; i++) {
    if (head[i] !== MAGIC_PREFIX.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * True when the last 9 bytes are an HPROF HEAP_DUMP_END record (tag 0x2C, any time, length 0),
 * which is how every segmented dump ends once fully written. Pass at least the file's last 9
 * bytes; only those are looked at.
 */
export function isHprofTailComplete(tail: Uint8Array): boolean {
  if (tail.length < HPROF_END_RECORD_BYTES) return false;
  const end = tail.subarray(tail.length - HPROF_END_RECORD_BYTES);
  const view = new DataView(end.buffer, end.byteOffset, HPROF_END_RECORD_BYTES);
  return view.getUint8(0) === HPROF_HEAP_DUMP_END && view.getUint32(5) === 0;
}

/**
 * Whether a dump of this version is expected to end with HEAP_DUMP_END. 1.0.1 dumps (JDK 8 and
 * earlier below 2 GB of heap) have no end record, so only size stability can tell.
 */
export function hprofHasEndRecord(version: HprofVersion): boolean {
  return version !== '1.0.1';
}

/** Printable ASCII only, else undefined (a binary file that happens to contain a NUL). */
function asciiOf(bytes: Uint8Array): string | undefined {
  let text = '';
  for (const byte of bytes) {
    if (byte < 0x20 || byte > 0x7e) return undefined;
    text += String.fromCharCode(byte);
  }
  return text;
}
