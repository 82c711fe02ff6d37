/**
 * `/proc/<pid>/mountinfo` (proc_pid_mountinfo(5)): which file systems are mounted where, with
 * their type, source and options. Reading it never contacts an NFS server, so it is how opsctl
 * finds the mounts to probe. Pure: the caller reads the file.
 *
 * A line: `36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue`
 * (mount ID, parent ID, major:minor, root, mount point, per-mount options, optional fields up
 * to a single `-`, then fs type, source and super-block options). Paths escape space, tab,
 * newline and backslash as three-digit octal (`\040`).
 */

/** One mount as mountinfo describes it. */
export interface MountInfo {
  readonly mountId: number;
  readonly parentId: number;
  /** `major:minor` of the file system: bind mounts of one NFS export share it. */
  readonly device: string;
  /** The folder of the file system mounted here (`/` unless a bind mount of a subfolder). */
  readonly root: string;
  readonly mountPoint: string;
  /** Per-mount options (`rw`, `nosuid`, `relatime`). */
  readonly mountOptions: readonly string[];
  /** Propagation fields (`shared:21`, `master:1`). */
  readonly optionalFields: readonly string[];
  /** `nfs4`, `cifs`, `fuse.sshfs`, `tmpfs`... */
  readonly fstype: string;
  /** `server:/export`, `//host/share`, the bindfs source folder... */
  readonly source: string;
  /** Super-block options: for NFS `vers=4.1,hard,proto=tcp,timeo=600,retrans=2...`. */
  readonly superOptions: readonly string[];
}

/** Decodes the octal escapes mountinfo writes in paths (`\040` is a space). */
export function unescapeMountPath(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Parses one line; undefined for a line that is not in the mountinfo format. */
export function parseMountInfoLine(line: string): MountInfo | undefined {
  const fields = line.trim().split(' ');
  const dash = fields.indexOf('-', 6);
  if (dash < 0 || fields.length < dash + 3) return undefined;
  const [id, parent, device, root, mountPoint, options] = fields;
  const mountId = Number(id);
  const parentId = Number(parent);
  if (!Number.isInteger(mountId) || !Number.isInteger(parentId) || !/^\d+:\d+$/.test(device ?? '')) {
    return undefined;
  }
  return {
    mountId,
    parentId,
    device: device!,
    root: unescapeMountPath(root!),
    mountPoint: unescapeMountPath(mountPoint!),
    mountOptions: splitOptions(options!),
    optionalFields: fields.slice(6, dash),
    fstype: fields[dash + 1]!,
    source: unescapeMountPath(fields[dash + 2]!),
    superOptions: splitOptions(fields[dash + 3] ?? ''),
  };
}

/** Parses the whole file; lines that do not parse are counted, not thrown on. */
export function parseMountInfo(text: string): { mounts: MountInfo[]; badLines: number } {
  const mounts: MountInfo[] = [];
  let badLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const mount = parseMountInfoLine(line);
    if (mount) mounts.push(mount);
    else badLines++;
  }
  return { mounts, badLines };
}

/** True when `fstype` matches one of the patterns (`*` matches any characters). */
export function matchesFstype(fstype: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    if (!pattern.includes('*')) return pattern === fstype;
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return new RegExp(`^${source}$`).test(fstype);
  });
}

/** Which mounts are NAS mounts to watch. */
export interface NasMountFilter {
  /** Mount types to watch (`nfs4`, `fuse.*`). */
  readonly fstypes: readonly string[];
  /** Mount points to skip, as regular expressions. */
  readonly excludeMountpoints: readonly string[];
}

/**
 * The mounts to watch: matching types, not excluded, the visible one where mounts are stacked
 * on one mount point, and one mount point per file system (kubelet mounts one NFS export once
 * per pod volume; probing each copy would only multiply the load). Sorted by mount point.
 */
export function selectNasMounts(mounts: readonly MountInfo[], filter: NasMountFilter): MountInfo[] {
  const excluded = filter.excludeMountpoints.map((source) => new RegExp(source));
  const visible = new Map<string, MountInfo>();
  // Later lines are mounted later: on a shared mount point the last one is what paths reach.
  for (const mount of mounts) visible.set(mount.mountPoint, mount);
  const perFileSystem = new Map<string, MountInfo>();
  for (const mount of visible.values()) {
    if (!matchesFstype(mount.fstype, filter.fstypes)) continue;
    if (excluded.some((re) => re.test(mount.mountPoint))) continue;
    const key = `${mount.device} ${mount.root}`;
    const kept = perFileSystem.get(key);
    if (kept === undefined || compareMountPoints(mount.mountPoint, kept.mountPoint) < 0) {
      perFileSystem.set(key, mount);
    }
  }
  return [...perFileSystem.values()].sort((a, b) => byText(a.mountPoint, b.mountPoint));
}

/**
 * The mount that holds `path` (an absolute, normalised path): the longest mount point equal to
 * it or above it, the last mounted where several share one. Undefined only without a `/` mount.
 */
export function findContainingMount(mounts: readonly MountInfo[], path: string): MountInfo | undefined {
  let best: MountInfo | undefined;
  for (const mount of mounts) {
    const point = mount.mountPoint;
    const holds = point === '/' || path === point || path.startsWith(point + '/');
    if (holds && (best === undefined || point.length >= best.mountPoint.length)) best = mount;
  }
  return best;
}

/** True when the mount is read-only (per-mount or super-block `ro`). */
export function isReadOnlyMount(mount: MountInfo): boolean {
  return mount.mountOptions.includes('ro') || mount.superOptions.includes('ro');
}

/** Options that say how a NAS mount behaves when the server is slow or gone, in this order. */
const LABEL_OPTIONS = ['hard', 'soft', 'softerr', 'vers', 'proto', 'timeo', 'retrans'] as const;

/**
 * The `options` label of `opsctl_nas_mount_info`: `ro`/`rw`, then hard/soft, vers, proto, timeo
 * and retrans as the kernel shows them (`rw,hard,vers=4.1,proto=tcp,timeo=600,retrans=2`).
 * Addresses and sizes are left out: they are noise on a dashboard.
 */
export function mountOptionsLabel(mount: MountInfo): string {
  const all = [...mount.mountOptions, ...mount.superOptions];
  const parts = [isReadOnlyMount(mount) ? 'ro' : 'rw'];
  for (const key of LABEL_OPTIONS) {
    const option = all.find((o) => o === key || o.startsWith(`${key}=`));
    if (option !== undefined) parts.push(option);
  }
  return parts.join(',');
}

function splitOptions(text: string): string[] {
  return text === '' ? [] : text.split(',');
}

/** Shorter first, then by text: the representative of a file system is stable across reads. */
function compareMountPoints(a: string, b: string): number {
  return a.length - b.length || byText(a, b);
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
