/**
 * Looks at a heap dump on disk without reading the heap: the first 32 and last 9 bytes, plus two
 * fstat calls a short interval apart to catch a dump that is still being written.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  assessHeapDump,
  HEAD_BYTES,
  TAIL_BYTES,
  type CompletenessCheck,
  type HeapDumpFormat,
} from '../../core/heapdump/assess.js';
import type { HprofVersion } from '../../core/heapdump/hprof.js';
import { ExitCode, OpsError } from '../../core/errors.js';

export interface InspectHeapDumpOptions {
  signal?: AbortSignal;
  /**
   * Wait between the two size/mtime checks; a file that changes meanwhile is still being
   * written. 0 skips the second check.
   * @default 1000
   */
  settleMs?: number;
}

export interface HeapDumpInspection {
  path: string;
  format: HeapDumpFormat;
  sizeBytes: number;
  mtimeMs: number;
  /** Dump time from the HPROF header, ms since the epoch. */
  createdEpochMs?: number;
  hprofVersion?: HprofVersion;
  complete: boolean;
  /** What completeness rests on; see CompletenessCheck. */
  check: CompletenessCheck;
  /** Why the dump is not complete. */
  reason?: string;
}

/** The default wait between the two looks at a dump's size. */
export const DEFAULT_SETTLE_MS = 1000;

/**
 * Inspects one heap dump file. Throws OpsError `E_HEAPDUMP_READ` (with the errno in the message
 * and the fs error as cause) when it cannot be opened or read, `E_ABORTED` when `signal` fires.
 */
export async function inspectHeapDump(
  path: string,
  options: InspectHeapDumpOptions = {},
): Promise<HeapDumpInspection> {
  const { signal, settleMs = DEFAULT_SETTLE_MS } = options;
  throwIfAborted(path, signal);
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const first = await handle.stat();
    if (settleMs > 0) await sleep(settleMs, undefined, signal ? { signal } : undefined);
    const second = settleMs > 0 ? await handle.stat() : first;
    const sizeBytes = second.size;
    const head = await readAt(handle, 0, Math.min(HEAD_BYTES, sizeBytes));
    const tail = await readAt(handle, Math.max(0, sizeBytes - TAIL_BYTES), Math.min(TAIL_BYTES, sizeBytes));
    const verdict = assessHeapDump(head, tail, sizeBytes);
    const inspection: HeapDumpInspection = { path, sizeBytes, mtimeMs: second.mtimeMs, ...verdict };
    if (first.size !== second.size || first.mtimeMs !== second.mtimeMs) {
      inspection.complete = false;
      inspection.reason = `still being written: ${first.size} -> ${second.size} bytes within ${settleMs} ms`;
    }
    return inspection;
  } catch (error) {
    throwIfAborted(path, signal);
    throw readError(path, error);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Reads exactly `length` bytes at `position` (or fewer at end of file), looping on short reads. */
async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

function throwIfAborted(path: string, signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw new OpsError(`inspection of heap dump "${path}" aborted`, {
    code: 'E_ABORTED',
    exitCode: ExitCode.interrupted,
    cause: signal.reason,
  });
}

function readError(path: string, error: unknown): OpsError {
  if (error instanceof OpsError) return error;
  const errno = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EUNKNOWN';
  return new OpsError(`cannot read heap dump "${path}": ${errno}`, {
    code: 'E_HEAPDUMP_READ',
    hints: ['check the file and the NAS mount: opsctl nas check'],
    cause: error,
  });
}
