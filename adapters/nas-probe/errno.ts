/**
 * The `errno` label of `opsctl_nas_probe_errors_total`: the error codes that say something about
 * a NAS (nfs(5): soft mounts fail with EIO or ETIMEDOUT once `retrans` is used up; ESTALE after
 * the export changed under the client; ENOTCONN when a FUSE daemon is gone), `timeout` when the
 * operation did not answer before its deadline, and `other`. A fixed set keeps cardinality low.
 */
export const PROBE_ERRNOS = [
  'timeout',
  'ESTALE',
  'EIO',
  'ETIMEDOUT',
  'ENOTCONN',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'EACCES',
  'ENOENT',
  'other',
] as const;
export type ProbeErrno = (typeof PROBE_ERRNOS)[number];

const ALIASES: Readonly<Record<string, ProbeErrno>> = {
  // A FUSE request cut off by its daemon dying reads as ECONNABORTED: the same dead mount.
  ECONNABORTED: 'ENOTCONN',
  EPERM: 'EACCES',
  ENOTDIR: 'ENOENT',
};

/** Maps a Node error code (`err.code`) to the label value. */
export function classifyErrno(code: string | undefined): ProbeErrno {
  if (code === undefined) return 'other';
  if ((PROBE_ERRNOS as readonly string[]).includes(code)) return code as ProbeErrno;
  return ALIASES[code] ?? 'other';
}
