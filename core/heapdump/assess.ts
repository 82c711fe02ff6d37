/**
 * The verdict on a heap dump file from its first and last bytes: which format, when it was
 * taken, and whether it was written to the end. Pure; the adapter reads the bytes and adds the
 * "still growing" check, which needs two looks at the file.
 */
import {
  hprofHasEndRecord,
  isHprofTailComplete,
  parseHprofHeader,
  startsLikeHprof,
  type HprofVersion,
} from './hprof.js';
import { isPhdTailComplete, parsePhdHeader } from './phd.js';

/** Bytes to read from the start of a file: the longest header we parse fits. */
export const HEAD_BYTES = 32;
/** Bytes to read from the end of a file: one HPROF HEAP_DUMP_END record. */
export const TAIL_BYTES = 9;

/** `hprof_gz` is `jcmd <pid> GC.heap_dump -gz=N` output (or any gzip file in a dump's place). */
export type HeapDumpFormat = 'hprof' | 'hprof_gz' | 'phd' | 'unknown';

/**
 * How completeness was judged: `end-record` from the file's own trailer; `size-stable` when the
 * format has no usable trailer (HPROF 1.0.1, gzip) so only "not growing" could be checked.
 */
export type CompletenessCheck = 'end-record' | 'size-stable';

export interface HeapDumpVerdict {
  format: HeapDumpFormat;
  /** Dump time from the HPROF header (ms since the epoch); PHD and gzip do not carry it. */
  createdEpochMs?: number;
  hprofVersion?: HprofVersion;
  complete: boolean;
  check: CompletenessCheck;
  /** Why the dump is not complete. */
  reason?: string;
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** True when the bytes start with the gzip magic 1f 8b (RFC 1952). */
export function isGzip(head: Uint8Array): boolean {
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/**
 * Judges a dump from `head` (its first HEAD_BYTES or fewer when the file is shorter), `tail`
 * (its last TAIL_BYTES) and its size. Unrecognised or empty files are `unknown` and incomplete.
 */
export function assessHeapDump(head: Uint8Array, tail: Uint8Array, sizeBytes: number): HeapDumpVerdict {
  if (sizeBytes === 0) {
    return { format: 'unknown', complete: false, check: 'end-record', reason: 'empty file' };
  }
  const hprof = parseHprofHeader(head);
  if (hprof) {
    const base = {
      format: 'hprof',
      createdEpochMs: hprof.createdEpochMs,
      hprofVersion: hprof.version,
    } as const;
    if (!hprofHasEndRecord(hprof.version)) return { ...base, complete: true, check: 'size-stable' };
    if (sizeBytes >= hprof.headerBytes + TAIL_BYTES && isHprofTailComplete(tail)) {
      return { ...base, complete: true, check: 'end-record' };
    }
    return { ...base, complete: false, check: 'end-record', reason: 'no HEAP_DUMP_END record at the end' };
  }
  if (startsLikeHprof(head)) {
    return { format: 'hprof', complete: false, check: 'end-record', reason: 'truncated HPROF header' };
  }
  if (isGzip(head)) return { format: 'hprof_gz', complete: true, check: 'size-stable' };
  if (parsePhdHeader(head)) {
    return isPhdTailComplete(tail)
      ? { format: 'phd', complete: true, check: 'end-record' }
      : { format: 'phd', complete: false, check: 'end-record', reason: 'no end-of-dump tag at the end' };
  }
  return {
    format: 'unknown',
    complete: false,
    check: 'end-record',
    reason: sizeBytes < HEAD_BYTES ? 'too short for a heap dump header' : 'not an HPROF, gzip or PHD file',
  };
}
