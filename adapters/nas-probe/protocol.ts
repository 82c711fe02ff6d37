/**
 * Messages between a probe child and its parent. One child probes one folder once: it runs the
 * operations in order and reports each as it starts and ends, so the parent can put a deadline
 * on every operation without ever touching the NAS itself.
 */

/** The probe operations, in the order a child runs them. */
export const PROBE_OPS = ['stat', 'statfs', 'readdir', 'write'] as const;
export type ProbeOp = (typeof PROBE_OPS)[number];

/** Space and inodes as statfs(2) reports them (node_exporter's filesystem semantics). */
export interface FsSpace {
  sizeBytes: number;
  /** Free to unprivileged users (`f_bavail`). */
  availBytes: number;
  /** Free including the root reserve (`f_bfree`). */
  freeBytes: number;
  files: number;
  filesFree: number;
}

/** Parent to child: probe this folder once. */
export interface ProbeRequest {
  type: 'probe';
  path: string;
  /** Also create, fsync, rename and remove `.opsctl-probe-<host>` there. */
  write: boolean;
  /** The readdir probe reads at most this many entries of the folder. */
  readdirLimit: number;
}

export type ProbeChildMessage =
  | { type: 'ready' }
  | { type: 'begin'; op: ProbeOp }
  | { type: 'ok'; op: ProbeOp; durationMs: number; space?: FsSpace; entries?: number }
  | { type: 'fail'; op: ProbeOp; durationMs: number; code: string; message: string }
  | { type: 'done' };
