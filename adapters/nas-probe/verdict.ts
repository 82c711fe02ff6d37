import type { ProbeOp } from './protocol.js';
import type { ProbeOutcome } from './runner.js';
import type { ProbeTarget } from './targets.js';

/**
 * The verdict on one mount, worst first: NOT-MOUNTED, HUNG (no answer, or a soft mount gave up
 * with EIO/ETIMEDOUT), STALE (ESTALE, or ENOTCONN: the client's connection or FUSE daemon is
 * gone), READ-ONLY, FULL, ERROR (anything else, e.g. EACCES), SLOW, OK. OK and SLOW are healthy.
 */
export type NasVerdict = 'NOT-MOUNTED' | 'HUNG' | 'STALE' | 'READ-ONLY' | 'FULL' | 'ERROR' | 'SLOW' | 'OK';

const ORDER: readonly NasVerdict[] = [
  'NOT-MOUNTED',
  'HUNG',
  'STALE',
  'READ-ONLY',
  'FULL',
  'ERROR',
  'SLOW',
  'OK',
];

export interface VerdictThresholds {
  timeoutMs: number;
  slowMs: number;
  minFreePercent: number;
}

/** One operation as `opsctl nas check -o json` shows it. */
export interface CheckedOp {
  op: ProbeOp;
  ok: boolean;
  /** Absent when the operation did not answer. */
  ms?: number;
  errno?: string;
}

/** The checked state of one mount (`opsctl nas check -o json`, `mounts[]`). */
export interface MountCheck {
  path: string;
  verdict: NasVerdict;
  healthy: boolean;
  mounted: boolean;
  source: string;
  fstype: string;
  options: string;
  mountPoint: string;
  readOnly: boolean;
  ops: CheckedOp[];
  space?: {
    sizeBytes: number;
    availBytes: number;
    files: number;
    filesFree: number;
    availPercent: number;
    filesFreePercent?: number;
  };
  /** What was found, with numbers. */
  reasons: string[];
  /** What to do. */
  hints: string[];
}

/** Judges one probe of a target. Pure. */
export function judgeMount(
  target: ProbeTarget,
  outcome: ProbeOutcome | undefined,
  t: VerdictThresholds,
): MountCheck {
  const check: MountCheck = {
    path: target.path,
    verdict: 'OK',
    healthy: true,
    mounted: target.mounted,
    source: target.source,
    fstype: target.fstype,
    options: target.options,
    mountPoint: target.mountPoint,
    readOnly: target.readOnly,
    ops: [],
    reasons: [],
    hints: [],
  };
  const found = new Set<NasVerdict>();
  const flag = (verdict: NasVerdict, reason: string, hints: string[]): void => {
    found.add(verdict);
    check.reasons.push(reason);
    for (const hint of hints) if (!check.hints.includes(hint)) check.hints.push(hint);
  };
  if (!target.mounted || outcome === undefined) {
    flag('NOT-MOUNTED', notMountedReason(target), notMountedHints(target));
  } else {
    if (target.readOnly)
      flag('READ-ONLY', `${target.mountPoint} is mounted read-only (ro)`, readOnlyHints(target.mountPoint));
    judgeOps(check, target, outcome, t, flag);
    judgeSpace(check, outcome, t, flag);
  }
  check.verdict = ORDER.find((v) => found.has(v)) ?? 'OK';
  check.healthy = check.verdict === 'OK' || check.verdict === 'SLOW';
  return check;
}

type Flag = (verdict: NasVerdict, reason: string, hints: string[]) => void;

function judgeOps(
  check: MountCheck,
  target: ProbeTarget,
  outcome: ProbeOutcome,
  t: VerdictThresholds,
  flag: Flag,
): void {
  const path = target.path;
  for (const r of outcome.results) {
    check.ops.push({ op: r.op, ok: r.ok, ms: round(r.durationMs), ...(r.errno ? { errno: r.errno } : {}) });
    if (r.ok) {
      if (r.durationMs > t.slowMs)
        flag('SLOW', `${r.op} took ${formatMs(r.durationMs)} (slow above ${formatMs(t.slowMs)})`, [
          `the server or network is overloaded: nfsstat -c; grep -A3 ' ${path} ' /proc/self/mountstats`,
        ]);
      continue;
    }
    const what = `${r.op} failed with ${r.code ?? r.errno}`;
    switch (r.errno) {
      case 'ENOENT':
        flag('NOT-MOUNTED', `${path} does not exist (${r.code})`, notMountedHints(target));
        break;
      case 'EIO':
      case 'ETIMEDOUT':
        flag('HUNG', `${what}: the server did not answer and the soft mount gave up`, hungHints(path));
        break;
      case 'ESTALE':
      case 'ENOTCONN':
        flag('STALE', `${what}: the mount lost its connection or its export`, [
          `remount it: umount -l ${path} && mount ${path}`,
          'for a FUSE mount, its daemon has died: restart it',
        ]);
        break;
      case 'EROFS':
        flag('READ-ONLY', `${what}: the NAS refuses writes`, readOnlyHints(path));
        break;
      case 'ENOSPC':
      case 'EDQUOT':
        flag('FULL', `${what}: no space or quota left`, fullHints(path));
        break;
      case 'EACCES':
      case 'other':
      case 'timeout':
      case undefined:
        flag('ERROR', `${what}${r.message ? ` (${r.message})` : ''}`, [
          `check permissions and the mount: ls -ld ${path}; mount | grep ' ${path} '`,
        ]);
    }
  }
  if (outcome.hungOp !== undefined) {
    check.ops.push({ op: outcome.hungOp, ok: false, errno: 'timeout' });
    flag('HUNG', `${outcome.hungOp} did not answer within ${formatMs(t.timeoutMs)}`, hungHints(path));
  } else if (outcome.childError !== undefined && !outcome.complete) {
    flag('ERROR', `the probe could not run: ${outcome.childError}`, ['run again; see the log for the cause']);
  }
}

function judgeSpace(check: MountCheck, outcome: ProbeOutcome, t: VerdictThresholds, flag: Flag): void {
  const s = outcome.space;
  if (!s || s.sizeBytes <= 0) return;
  const availPercent = (100 * s.availBytes) / s.sizeBytes;
  check.space = {
    sizeBytes: s.sizeBytes,
    availBytes: s.availBytes,
    files: s.files,
    filesFree: s.filesFree,
    availPercent: round(availPercent),
  };
  if (availPercent < t.minFreePercent)
    flag(
      'FULL',
      `${formatBytes(s.availBytes)} free of ${formatBytes(s.sizeBytes)} (${availPercent.toFixed(1)}%, below ${t.minFreePercent}%)`,
      fullHints(check.path),
    );
  if (s.files > 0) {
    const filesFreePercent = (100 * s.filesFree) / s.files;
    check.space.filesFreePercent = round(filesFreePercent);
    if (filesFreePercent < t.minFreePercent)
      flag(
        'FULL',
        `${s.filesFree} inodes free of ${s.files} (${filesFreePercent.toFixed(1)}%, below ${t.minFreePercent}%)`,
        [
          `many small files: find ${check.path} -xdev -type f | cut -d/ -f1-5 | sort | uniq -c | sort -n | tail`,
        ],
      );
  }
}

function notMountedReason(target: ProbeTarget): string {
  if (target.mountPoint === '') return `nothing is mounted at ${target.path}`;
  return `nothing is mounted at ${target.path}: it is a folder on ${target.fstype} ${target.mountPoint}`;
}

function notMountedHints(target: ProbeTarget): string[] {
  return [
    `mount it: mount ${target.path} (see /etc/fstab), or check the PersistentVolume of the pod`,
    'check the path: opsctl config show (nas.root, nas.health.paths)',
  ];
}

function hungHints(path: string): string[] {
  return [
    "check the NAS server and the network to it; dmesg | grep -i 'not responding'",
    `hard mounts block every process that touches ${path} until the server answers: ps -eo pid,stat,cmd | grep ' D'`,
  ];
}

function readOnlyHints(path: string): string[] {
  return [
    `check the export and the mount options: mount | grep ' ${path} '; a client remounts read-only after errors (dmesg)`,
    `remount read-write once the cause is fixed: mount -o remount,rw ${path}`,
  ];
}

function fullHints(path: string): string[] {
  return [
    'free the files of pods that are gone: opsctl clean-logs <namespace>',
    `find what is big: du -xh --max-depth=3 ${path} | sort -h | tail -20`,
  ];
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** `1.2 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** `850 ms`, `3.2 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
