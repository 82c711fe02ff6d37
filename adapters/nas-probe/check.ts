import type { ChildProcess } from 'node:child_process';
import type { MountInfo } from '../../core/nas/mountinfo.js';
import type { NasHealthSettings } from './monitor.js';
import { readMountInfo } from './mountinfo-read.js';
import { probeOnce } from './runner.js';
import { planProbeTargets } from './targets.js';
import { judgeMount, type MountCheck } from './verdict.js';

/** What `opsctl nas check -o json` prints. */
export interface NasCheckReport {
  schemaVersion: 1;
  checkedAt: string;
  /** Every mount is OK or SLOW. */
  healthy: boolean;
  timeoutSeconds: number;
  slowSeconds: number;
  mounts: MountCheck[];
}

export interface NasCheckOptions {
  /** Folders to check; empty: the NAS mounts of mountinfo, `health.paths` and the root. */
  paths: readonly string[];
  /** The NAS root (`nas.root`). */
  root: string;
  health: NasHealthSettings;
  /** @default readMountInfo */
  readMounts?: () => Promise<MountInfo[]>;
  /** @default forkProbeChild */
  spawn?: () => ChildProcess;
  /** @default Date.now */
  now?: () => number;
}

/**
 * Probes every folder once, all at once (each in its own process, killed at its deadline),
 * and judges each. Never throws for an unhealthy NAS: the report says so.
 */
export async function checkNas(options: NasCheckOptions): Promise<NasCheckReport> {
  const { health } = options;
  const mounts = await (options.readMounts ?? readMountInfo)();
  const explicit = options.paths.length > 0;
  const targets = planProbeTargets({
    mounts,
    fstypes: health.fstypes,
    excludeMountpoints: health.excludeMountpoints,
    paths: explicit ? [] : health.paths,
    ...(!explicit && health.watchRoot ? { root: options.root } : {}),
    args: options.paths,
    discover: !explicit,
    requireMount: health.requireMount,
  });
  const thresholds = {
    timeoutMs: health.timeoutSeconds * 1000,
    slowMs: health.slowSeconds * 1000,
    minFreePercent: health.minFreePercent,
  };
  const checks = await Promise.all(
    targets.map(async (target) => {
      const outcome = target.mounted
        ? await probeOnce({
            path: target.path,
            write: health.writeProbe,
            timeoutMs: thresholds.timeoutMs,
            ...(options.spawn ? { spawn: options.spawn } : {}),
          })
        : undefined;
      return judgeMount(target, outcome, thresholds);
    }),
  );
  return {
    schemaVersion: 1,
    checkedAt: new Date((options.now ?? Date.now)()).toISOString(),
    healthy: checks.every((c) => c.healthy),
    timeoutSeconds: health.timeoutSeconds,
    slowSeconds: health.slowSeconds,
    mounts: checks,
  };
}
