/**
 * The working area of a container: a private root folder on the host. Its `/tmp`, data folder,
 * `/root`, `/var` and every other path are plain folders of the root, so they belong to the
 * container alone; system folders of the host (`/usr`, `/etc`, `/opt`, and the top-level links
 * into `/usr`) are bound read-only into it when the container's processes start (see sandbox.ts).
 */
import { accessSync, constants, lstatSync, readlinkSync, statSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { isAbsolute, join, posix } from 'node:path';

/** A host folder bound into container roots. */
export interface BindMount {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

/** Top-level host entries a container root mirrors (links are copied, folders bound read-only). */
export const SYSTEM_ENTRIES = ['usr', 'etc', 'opt', 'bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];

/** What the host's top-level system entries are: links to copy and folders to bind. */
export interface HostLayout {
  links: Map<string, string>;
  binds: BindMount[];
}

/** Reads the host layout for `entries` (missing ones are skipped). */
export function readHostLayout(entries: readonly string[] = SYSTEM_ENTRIES): HostLayout {
  const links = new Map<string, string>();
  const binds: BindMount[] = [];
  for (const name of entries) {
    const path = `/${name}`;
    try {
      const st = lstatSync(path);
      if (st.isSymbolicLink()) links.set(name, readlinkSync(path));
      else if (st.isDirectory()) binds.push({ hostPath: path, containerPath: path, readOnly: true });
    } catch {
      // Not present on this host (e.g. /lib32): nothing to mirror.
    }
  }
  return { links, binds };
}

const PRIVATE_DIRS = ['tmp', 'root', 'home', 'var/tmp', 'var/log', 'run', 'dev', 'proc', 'sys'];

/** One container's private root folder and how container paths map onto the host. */
export class WorkArea {
  private ready: Promise<void> | undefined;

  constructor(
    /** Host folder that is the container's `/`. */
    readonly root: string,
    private readonly layout: HostLayout,
    /** Extra mounts (data folder, shared NAS folders). */
    readonly mounts: BindMount[],
    private readonly hostname: string,
    /** More private folders to create (the data folder). */
    private readonly extraDirs: string[] = [],
  ) {}

  /** Every bind of a process start: system folders first, then the container's own mounts. */
  get binds(): BindMount[] {
    return [...this.layout.binds, ...this.mounts];
  }

  /** Host file bound over the container's `/etc/hosts` (the pod name resolves locally). */
  get hostsFile(): string {
    return join(this.root, '..', 'etc-hosts');
  }

  /** Creates the folder skeleton once. */
  ensure(): Promise<void> {
    this.ready ??= this.create();
    return this.ready;
  }

  private async create(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    for (const dir of [...PRIVATE_DIRS, ...this.extraDirs])
      await mkdir(join(this.root, dir), { recursive: true });
    await chmod(join(this.root, 'tmp'), 0o1777);
    await chmod(join(this.root, 'var/tmp'), 0o1777);
    for (const [name, target] of this.layout.links) {
      await symlink(target, join(this.root, name)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
    }
    for (const b of this.binds) await mkdir(join(this.root, b.containerPath), { recursive: true });
    const hosts = `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t${this.hostname}\n`;
    await writeFile(this.hostsFile, hosts);
  }

  /**
   * The host path behind a container path, following the mirrored top-level links and the binds
   * (the longest bound prefix wins), as the container's processes would see it.
   */
  hostPath(containerPath: string): string {
    let path = posix.normalize(posix.join('/', containerPath));
    for (let hops = 0; hops < 8; hops++) {
      const first = path.split('/')[1] ?? '';
      const link = this.layout.links.get(first);
      if (link === undefined) break;
      const rest = path.slice(first.length + 1);
      path = posix.normalize(isAbsolute(link) ? `${link}${rest}` : `/${link}${rest}`);
    }
    const bind = this.binds
      .filter((b) => path === b.containerPath || path.startsWith(`${b.containerPath}/`))
      .sort((a, b) => b.containerPath.length - a.containerPath.length)[0];
    if (bind) return join(bind.hostPath, path.slice(bind.containerPath.length));
    return join(this.root, path);
  }

  /** Removes the area; refuses while anything is mounted below it (a bind must never be deleted through). */
  async remove(): Promise<void> {
    const base = join(this.root, '..');
    const mountinfo = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
    const mounted = mountinfo
      .split('\n')
      .map((line) => line.split(' ')[4] ?? '')
      .some((point) => point === base || point.startsWith(`${base}/`));
    if (mounted) throw new Error(`refusing to remove ${base}: something is mounted below it`);
    await rm(base, { recursive: true, force: true });
  }
}

/** Finds an executable like execvp would inside the area: a path, or a name looked up in PATH. */
export function resolveExecutable(
  hostPath: (containerPath: string) => string,
  command: string,
  workingDir: string,
  pathVar: string,
): { ok: true } | { ok: false; why: string } {
  const runnable = (containerPath: string): boolean => {
    const host = hostPath(containerPath);
    try {
      accessSync(host, constants.X_OK);
      return statSync(host).isFile();
    } catch {
      return false;
    }
  };
  if (command.includes('/')) {
    const full = posix.isAbsolute(command) ? command : posix.join(workingDir, command);
    if (runnable(full)) return { ok: true };
    return { ok: false, why: `exec: "${command}": stat ${command}: no such file or directory` };
  }
  for (const dir of pathVar.split(':').filter(Boolean)) {
    if (runnable(posix.join(dir, command))) return { ok: true };
  }
  return { ok: false, why: `exec: "${command}": executable file not found in $PATH` };
}
