/**
 * How container processes are isolated. With `mount-namespace` (needs root and util-linux) each
 * working area gets a holder process, like a pod's pause container: it lives in a private mount
 * and UTS namespace where the host's system folders are bound read-only into the area's root
 * (plus /dev, /proc and /sys, and the runtime's extra mounts), `/etc/hosts` names the pod, and the
 * hostname is the pod name. Every process of the container enters those namespaces (`nsenter`)
 * and the root (`unshare --root --wd`), so it sees the area as `/`: its /tmp, data folder, /root
 * and /var are its own, and what it writes elsewhere fails on read-only folders.
 * Not isolated: the network (same host ports and interfaces), the PID namespace (processes see
 * and can signal each other and the host's), users (everything runs as the simulator's user,
 * root), and /dev, /proc and /sys are the host's. It keeps tests and demos apart; it is not a
 * security boundary. With `none`, processes run on the host with the area as working directory
 * and TMPDIR/HOME/DATA_DIR inside it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkArea } from './work-area.js';

/** The isolation a runtime uses. */
export type Isolation = 'mount-namespace' | 'none';

/** Whether private mount namespaces work here (root with unshare, nsenter and mount). */
export function probeIsolation(): Isolation {
  const probe = spawnSync('unshare', ['--mount', '--uts', '--propagation', 'private', 'true'], {
    stdio: 'ignore',
    timeout: 5000,
  });
  const nsenter = spawnSync('nsenter', ['--version'], { stdio: 'ignore', timeout: 5000 });
  return probe.status === 0 && nsenter.status === 0 ? 'mount-namespace' : 'none';
}

let pdeathsig: boolean | undefined;

/**
 * Whether `setpriv --pdeathsig` is available: processes started through it are killed by the
 * kernel when the simulator's process dies, so even a crashed simulator leaves no container
 * process behind (children they forked are only caught by close()).
 */
function hasPdeathsig(): boolean {
  pdeathsig ??=
    spawnSync('setpriv', ['--help'], { encoding: 'utf8', timeout: 5000 }).stdout?.includes('--pdeathsig') ??
    false;
  return pdeathsig;
}

/** Prefixes argv so the process dies with the simulator (when setpriv can do it). */
export function diesWithParent(file: string, args: string[]): { file: string; args: string[] } {
  return hasPdeathsig()
    ? { file: 'setpriv', args: ['--pdeathsig', 'SIGKILL', '--', file, ...args] }
    : { file, args };
}

/** A program to spawn. */
export interface Launch {
  file: string;
  args: string[];
  cwd: string;
}

function quote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

function holderScript(area: WorkArea, hostname: string): string {
  const r = (p: string): string => quote(join(area.root, p));
  const lines = ['set -e'];
  for (const special of ['/dev', '/proc', '/sys']) lines.push(`mount --rbind ${special} ${r(special)}`);
  for (const b of area.binds) {
    const options = b.readOnly ? 'bind,ro' : 'bind';
    lines.push(`mount -o ${options} ${quote(b.hostPath)} ${r(b.containerPath)}`);
  }
  lines.push(`mount --bind ${quote(area.hostsFile)} ${r('/etc/hosts')}`);
  lines.push(`hostname ${quote(hostname)}`);
  lines.push('echo ready');
  // The holder waits on its stdin: when the runtime (or its whole Node process) goes away, the
  // pipe closes and the holder exits, so a crashed simulator leaves no holders behind.
  lines.push(`exec unshare --root=${quote(area.root)} -- /bin/sh -c 'read -r _ || true'`);
  return lines.join('\n');
}

/** The namespaces of one working area, held open by a holder process. */
export class Sandbox {
  private holder: ChildProcess | undefined;
  private ready: Promise<number> | undefined;

  constructor(
    readonly area: WorkArea,
    readonly isolation: Isolation,
    private readonly hostname: string,
  ) {}

  /** Starts the holder once (nothing to start without isolation). */
  start(): Promise<number> {
    this.ready ??= this.area.ensure().then(() => (this.isolation === 'none' ? 0 : this.spawnHolder()));
    return this.ready;
  }

  private spawnHolder(): Promise<number> {
    return new Promise((resolve, reject) => {
      const args = ['--mount', '--uts', '--propagation', 'private', '--', '/bin/sh', '-c'];
      const holder = diesWithParent('unshare', [...args, holderScript(this.area, this.hostname)]);
      const child = spawn(holder.file, holder.args, { stdio: ['pipe', 'pipe', 'pipe'] });
      this.holder = child;
      child.stdin.on('error', () => undefined);
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.once('data', () => resolve(child.pid ?? 0));
      child.once('error', reject);
      child.once('exit', (code) =>
        reject(new Error(`container sandbox of ${this.area.root} exited (${String(code)}): ${err.trim()}`)),
      );
    });
  }

  /** How to run `argv` in the container (after start()). */
  launch(argv: string[], workingDir: string): Launch {
    if (this.isolation === 'none') {
      const [file = 'sh', ...args] = argv;
      return { ...diesWithParent(file, args), cwd: join(this.area.root, workingDir) };
    }
    const pid = String(this.holder?.pid ?? 0);
    const enter = [
      '-t',
      pid,
      '-m',
      '-u',
      '--',
      'unshare',
      `--root=${this.area.root}`,
      `--wd=${workingDir}`,
      '--',
    ];
    return { ...diesWithParent('nsenter', [...enter, ...argv]), cwd: '/' };
  }

  /** The host path a process of this sandbox reaches under `containerPath`. */
  hostPath(containerPath: string): string {
    return this.isolation === 'none' ? containerPath : this.area.hostPath(containerPath);
  }

  /** Environment additions of the isolation (host paths when processes run on the host). */
  env(dataDir: string): Record<string, string> {
    if (this.isolation !== 'none') return {};
    return {
      TMPDIR: join(this.area.root, 'tmp'),
      HOME: join(this.area.root, 'root'),
      DATA_DIR: this.area.hostPath(dataDir),
    };
  }

  /**
   * SIGKILLs every process in the sandbox's mount namespace, as a runtime kills what is left in a
   * container's cgroup: children that left their process group (shell jobs, daemons) included.
   */
  async killAll(): Promise<number> {
    const pid = this.holder?.pid;
    if (this.isolation === 'none' || pid === undefined) return 0;
    const ns = await readlink(`/proc/${pid}/ns/mnt`).catch(() => undefined);
    if (ns === undefined) return 0;
    let killed = 0;
    for (const entry of await readdir('/proc')) {
      const other = Number(entry);
      if (!Number.isInteger(other) || other === pid || other === process.pid) continue;
      if ((await readlink(`/proc/${entry}/ns/mnt`).catch(() => '')) !== ns) continue;
      try {
        process.kill(other, 'SIGKILL');
        killed++;
      } catch {
        // Exited meanwhile.
      }
    }
    return killed;
  }

  /** Ends the holder (the namespaces go away with the last process in them). */
  async stop(): Promise<void> {
    const holder = this.holder;
    this.holder = undefined;
    if (!holder || holder.exitCode !== null || holder.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => holder.once('exit', () => resolve()));
    holder.stdin?.end();
    const timer = setTimeout(() => holder.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }
}
