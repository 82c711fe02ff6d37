/**
 * What one file or folder in a service folder is, as `classifyNasEntry` reports it.
 */
import type { JvmStart } from './jvm-start.js';

/**
 * The kinds of entries in `<nas-root>/<namespace>/<service>/`.
 * - `gc_log`: the file a JVM writes now (also JDK 8 `<file>.<n>.current`);
 * - `gc_log_archive`: a rotated GC log (`<file>.<n>`);
 * - `heap_dump`: `.hprof`, `.hprof.gz` or OpenJ9 `.phd`;
 * - `heap_dump_aux`: OpenJ9 javacore, snap trace, system or JIT dump written with a heap dump;
 * - `heap_dump_dir`: a folder named like a heap dump (OpenJ9 reads `-XX:HeapDumpPath` as a folder);
 * - `logs_dir`, `app_log`: the logs folder and a log file directly in it;
 * - `log_archive_dir`, `log_archive_file`: an archive folder in the logs folder and what is in it;
 * - `config`: Spring `application*`; `tmp`, `tools`: those folders and everything in them;
 * - `other`: anything else (never guessed from a substring).
 */
export type NasEntryKind =
  | 'gc_log'
  | 'gc_log_archive'
  | 'heap_dump'
  | 'heap_dump_aux'
  | 'heap_dump_dir'
  | 'app_log'
  | 'logs_dir'
  | 'log_archive_dir'
  | 'log_archive_file'
  | 'config'
  | 'tmp'
  | 'tools'
  | 'other';

/** Heap dump file formats, by extension. */
export type HeapDumpFormat = 'hprof' | 'hprof_gz' | 'phd';

/** One classified entry. Optional fields are present only when the name says so. */
export interface NasEntry {
  readonly kind: NasEntryKind;
  /** Path relative to the service folder, `/`-separated, without empty segments. */
  readonly relPath: string;
  /** The last segment of `relPath`. */
  readonly name: string;
  /** The pod that wrote the entry, when the name allows exactly one reading. */
  readonly pod?: string;
  /**
   * The name carries a pod but cannot say where the pod name ends (`logs/gw-7c9-x2x7q-error.log`
   * reads as pod `gw`, `gw-7c9` or `gw-7c9-x2x7q`): decide with `matchOwnerPod` and the live pods.
   */
  readonly needsLivePods?: boolean;
  /** The `{start}` stamp in the name (for GC logs the JVM start time `%t`). */
  readonly jvmStart?: JvmStart;
  /**
   * The rotation index of a GC log (`.0`, `.07`, `.12`). Rotation is cyclic in both UL and
   * JDK 8 logging, so the index does not order a chain: modification times do.
   */
  readonly rotation?: number;
  /** JDK 8 `<file>.<n>.current`: the file the JVM writes now. */
  readonly current?: boolean;
  /** HotSpot's `.<n>` on the second and later heap dumps of one JVM. */
  readonly sequence?: number;
  /** Heap dump format, from the extension. */
  readonly format?: HeapDumpFormat;
  /**
   * Identifies one JVM run's GC log chain: the path without the rotation suffix (so it contains
   * pod, start stamp and base name). `x.log`, `x.log.0`, `x.log.1` share it.
   */
  readonly chainKey?: string;
}

/** The `kind` label of `opsctl_nas_usage_bytes`. */
export type NasUsageKind = 'gc' | 'dump' | 'log' | 'archive' | 'tools' | 'other';

const USAGE_KIND: Readonly<Record<NasEntryKind, NasUsageKind>> = {
  gc_log: 'gc',
  gc_log_archive: 'gc',
  heap_dump: 'dump',
  heap_dump_aux: 'dump',
  heap_dump_dir: 'dump',
  app_log: 'log',
  logs_dir: 'log',
  log_archive_dir: 'archive',
  log_archive_file: 'archive',
  tools: 'tools',
  config: 'other',
  tmp: 'other',
  other: 'other',
};

/** Maps an entry kind to the `kind` label of `opsctl_nas_usage_bytes`. */
export function nasUsageKind(kind: NasEntryKind): NasUsageKind {
  return USAGE_KIND[kind];
}

/**
 * Kinds no cleanup may remove (shared/DESIGN.md): Spring config, `tmp/` and its content, and the
 * logs folder and archive folders themselves (their files are not protected).
 */
export function isProtectedKind(kind: NasEntryKind): boolean {
  return kind === 'config' || kind === 'tmp' || kind === 'logs_dir' || kind === 'log_archive_dir';
}
