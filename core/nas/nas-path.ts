/**
 * Paths on the NAS: `<nas-root>/<namespace>/<service>/<relPath>`. Pure string work on POSIX
 * paths; nothing is resolved on disk, so `..` is refused rather than followed.
 */

/** Where a NAS path sits. */
export interface NasPath {
  /** Kubernetes namespace (a DNS-1123 label). */
  readonly namespace: string;
  /** The service folder name. */
  readonly service: string;
  /** Path inside the service folder, `/`-separated; `''` for the service folder itself. */
  readonly relPath: string;
}

const NAMESPACE = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Splits a path under the NAS root; undefined when it is outside the root, above a service
 * folder, or not plain: a `.` or `..` segment anywhere, a NUL, a namespace that is no Kubernetes
 * namespace name (so `lost+found` and `.snapshot` at the root are skipped), or a service folder
 * name that is hidden or contains `..`. Repeated and trailing slashes are ignored.
 * @default nasRoot '/mnt'
 */
export function parseNasPath(path: string, nasRoot = '/mnt'): NasPath | undefined {
  if (path.includes('\0') || nasRoot.includes('\0') || nasRoot === '') return undefined;
  const root = collapseSlashes(nasRoot).replace(/\/$/, '');
  const full = collapseSlashes(path);
  if (!full.startsWith(`${root}/`)) return undefined;
  const segments = full
    .slice(root.length + 1)
    .split('/')
    .filter((s) => s !== '');
  const [namespace, service, ...rest] = segments;
  if (namespace === undefined || service === undefined) return undefined;
  if (segments.some((s) => s === '.' || s === '..')) return undefined;
  if (!NAMESPACE.test(namespace) || service.startsWith('.') || service.includes('..')) return undefined;
  return { namespace, service, relPath: rest.join('/') };
}

function collapseSlashes(path: string): string {
  return path.replace(/\/{2,}/g, '/');
}
