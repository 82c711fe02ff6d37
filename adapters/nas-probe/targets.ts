import { resolve } from 'node:path';
import {
  findContainingMount,
  isReadOnlyMount,
  matchesFstype,
  mountOptionsLabel,
  selectNasMounts,
  type MountInfo,
  type NasMountFilter,
} from '../../core/nas/mountinfo.js';

/**
 * Why a folder is probed: a NAS mount found in mountinfo, a configured folder
 * (`nas.health.paths`), the NAS root, or a path given to `opsctl nas check`.
 */
export type TargetOrigin = 'mount' | 'path' | 'root' | 'arg';

/** A folder to probe, with what mountinfo says about it. */
export interface ProbeTarget {
  /** The folder (the `mountpoint` label). */
  path: string;
  origins: TargetOrigin[];
  /** The folder is itself a mount point. */
  isMountPoint: boolean;
  /** The folder is mounted as its origin requires; an unmounted folder is not probed. */
  mounted: boolean;
  /** Of the mount holding the folder (empty without one). */
  source: string;
  fstype: string;
  /** The `options` label (`rw,hard,vers=4.1,proto=tcp,timeo=600,retrans=2`). */
  options: string;
  /** The holding mount's own mount point. */
  mountPoint: string;
  readOnly: boolean;
}

export interface TargetPlanInput extends NasMountFilter {
  mounts: readonly MountInfo[];
  /** Configured folders (`nas.health.paths`). */
  paths: readonly string[];
  /** The NAS root, when it is watched. */
  root?: string;
  /** Folders given on the command line: these must be mounts. */
  args?: readonly string[];
  /** Watch the NAS mounts found in mountinfo. @default true */
  discover?: boolean;
  /** Configured folders and the root must be mount points or on a watched mount. */
  requireMount: boolean;
}

/**
 * Every folder to probe, deduplicated by path and sorted: the NAS mounts of mountinfo, then the
 * configured folders, the root and command-line paths, each with the mount that holds it.
 * A configured folder is probed wherever it is (the demo NAS is a plain folder) unless
 * `requireMount`; a command-line path is "not mounted" unless it is a mount point or on a
 * mount of a watched type (an NFS mount that went away leaves an empty local folder behind).
 */
export function planProbeTargets(input: TargetPlanInput): ProbeTarget[] {
  const targets = new Map<string, ProbeTarget>();
  const discovered = input.discover === false ? [] : selectNasMounts(input.mounts, input);
  for (const mount of discovered) {
    targets.set(mount.mountPoint, {
      ...describe(mount.mountPoint, mount),
      origins: ['mount'],
      mounted: true,
    });
  }
  const add = (raw: string, origin: TargetOrigin, strict: boolean): void => {
    const path = resolve(raw);
    const existing = targets.get(path);
    if (existing) {
      if (!existing.origins.includes(origin)) existing.origins.push(origin);
      if (strict && !onWatchedMount(existing, input)) existing.mounted = false;
      return;
    }
    const target = {
      ...describe(path, findContainingMount(input.mounts, path)),
      origins: [origin],
      mounted: true,
    };
    target.mounted = !strict || onWatchedMount(target, input);
    targets.set(path, target);
  };
  for (const path of input.paths) add(path, 'path', input.requireMount);
  if (input.root !== undefined) add(input.root, 'root', input.requireMount);
  for (const path of input.args ?? []) add(path, 'arg', true);
  return [...targets.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function describe(path: string, mount: MountInfo | undefined): Omit<ProbeTarget, 'origins' | 'mounted'> {
  return {
    path,
    isMountPoint: mount?.mountPoint === path,
    source: mount?.source ?? '',
    fstype: mount?.fstype ?? '',
    options: mount ? mountOptionsLabel(mount) : '',
    mountPoint: mount?.mountPoint ?? '',
    readOnly: mount ? isReadOnlyMount(mount) : false,
  };
}

function onWatchedMount(target: Omit<ProbeTarget, 'origins' | 'mounted'>, filter: NasMountFilter): boolean {
  return target.isMountPoint || (target.fstype !== '' && matchesFstype(target.fstype, filter.fstypes));
}
