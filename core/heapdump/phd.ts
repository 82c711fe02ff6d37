/**
 * OpenJ9 Portable Heap Dump (PHD) header and trailer checks.
 *
 * Layout as written by OpenJ9's `BinaryHeapDumpWriter` (eclipse-openj9/openj9
 * `runtime/rasdump/heapdump.cpp`, writeDumpFileHeader / writeDumpFileTrailer), big-endian:
 * u2 length 18, the ASCII string `portable heap dump` (Java `writeUTF` style), u4 version (6 in
 * current OpenJ9; readers accept 4-6), u4 flags (bit 0: 64-bit), u1 header-start tag 1, ...
 * After the class records the dump ends with the single byte 3 (end-of-dump tag).
 * The header carries no timestamp.
 */

const PHD_MAGIC = 'portable heap dump';
/** Tag byte that closes a complete PHD file. */
export const PHD_END_OF_DUMP_TAG = 0x03;

export interface PhdHeader {
  /** PHD format version (not the JVM version). */
  version: number;
  /** Dump of a 64-bit JVM (flags bit 0). */
  is64Bit: boolean;
}

/** Parses the PHD header from a file's first bytes (28 are enough), or undefined when not PHD. */
export function parsePhdHeader(head: Uint8Array): PhdHeader | undefined {
  const fieldsAt = 2 + PHD_MAGIC.length;
  if (head.length < fieldsAt + 8) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, fieldsAt + 8);
  if (view.getUint16(0) !== PHD_MAGIC.length) return undefined;
  for (let i = 0; i < PHD_MAGIC.length; i++) {
    if (head[2 + i] !== PHD_MAGIC.charCodeAt(i)) return undefined;
  }
  const version = view.getUint32(fieldsAt);
  const flags = view.getUint32(fieldsAt + 4);
  return { version, is64Bit: (flags & 1) === 1 };
}

/**
 * True when the file's last byte is the end-of-dump tag. This is necessary, not sufficient: a
 * truncated file can end in byte 3 by chance (1 in 256), so callers pair it with a size
 * stability check. A missing tag reliably means the dump was cut short.
 */
export function isPhdTailComplete(tail: Uint8Array): boolean {
  return tail.length > 0 && tail[tail.length - 1] === PHD_END_OF_DUMP_TAG;
}
