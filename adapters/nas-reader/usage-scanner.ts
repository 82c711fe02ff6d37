import type { Dir, Dirent } from 'node:fs';
import { lstat, opendir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { classifyNasEntry } from '../../core/nas/classify.js';
import { compileNasLayout, type CompiledNasLayout, type NasLayout } from '../../core/nas/layout.js';
import { addNasFile, emptyNasUsage, type LivePodsProvider, type NasUsage } from '../../core/nas/usage.js';
import { NasUsageTree } from '../../core/nas/usage-tree.js';
import type { GuardedFs } from './guarded-fs.js';

export interface UsageScanOptions {
  nasRoot: string;
  /** Namespace folders to scan; empty: every folder under the root. */
  namespaces: readonly string[];
  layout: NasLayout;
  /** Wall time one slice may take (a batch under way is finished). */
  sliceBudgetMs: number;
  /** NAS calls one slice may make: a folder open, a batch read, one per file stat. */
  sliceMaxCalls: number;
  /** A new pass starts at most this long after the previous one started. */
  rescanMs: number;
  /** Folder entries read, and files stat'ed at once, per batch. @default 64 */
  batchSize?: number;
}

/** What one slice did. */
export interface SliceStats {
  calls: number;
  files: number;
  folders: number;
  errors: number;
  /** A pass ended in this slice. */
  passDone: boolean;
  /** Why nothing was done: an earlier call has not returned, or the next pass is not due. */
  skipped?: 'hung' | 'waiting';
}

/** The last complete pass. */
export interface PassStats {
  startedMs: number;
  durationMs: number;
  files: number;
  folders: number;
  errors: number;
}

interface OpenFolder {
  rel: string;
  path: string;
  handle: Dir;
  usage: NasUsage;
  subfolders: string[];
  live: ReadonlySet<string> | undefined;
}

interface ServiceWalk {
  namespace: string;
  service: string;
  dir: string;
  /** Folders (relative to the service folder) still to read in this pass. */
  stack: string[];
  current: OpenFolder | undefined;
  /** A folder could not be read: the service is not complete in this pass. */
  failed: boolean;
}

interface Budget {
  untilMs: number;
  calls: number;
  stats: SliceStats;
}

const IGNORED = new Set(['lost+found']);

/**
 * Walks `<root>/<namespace>/<service>/**` a slice at a time, each slice bounded in wall time
 * and NAS calls, and keeps per-folder usage in a `NasUsageTree`. A pass over a million files
 * spans many slices; state between slices is the open folder and the folders left to read,
 * never a list of files. Folders are read in batches (`opendir`), files are `lstat`ed in
 * parallel batches; symbolic links are not followed. When a call passes its deadline (a hung
 * NAS) the slice ends, and no slice runs until that call has returned.
 */
export class NasUsageScanner {
  readonly tree = new NasUsageTree();
  lastPass: PassStats | undefined;
  private readonly layout: CompiledNasLayout;
  private readonly batch: number;
  private queue: { namespace: string; service: string; dir: string }[] = [];
  private walk: ServiceWalk | undefined;
  private pass: PassStats | undefined;
  private lastPassStartMs = Number.NEGATIVE_INFINITY;
  private pending = 0;

  constructor(
    private readonly fs: GuardedFs,
    private readonly options: UsageScanOptions,
    private readonly livePods: LivePodsProvider,
    private readonly now: () => number = Date.now,
  ) {
    this.layout = compileNasLayout(options.layout);
    this.batch = options.batchSize ?? 64;
  }

  /** Calls made that have not returned (past their deadline: hung). */
  pendingCalls(): number {
    return this.pending;
  }

  /** Runs one slice of the walk. */
  async slice(): Promise<SliceStats> {
    const stats: SliceStats = { calls: 0, files: 0, folders: 0, errors: 0, passDone: false };
    if (this.pending > 0) return { ...stats, skipped: 'hung' };
    const budget: Budget = { untilMs: this.now() + this.options.sliceBudgetMs, calls: 0, stats };
    if (this.pass === undefined) {
      if (this.now() - this.lastPassStartMs < this.options.rescanMs) return { ...stats, skipped: 'waiting' };
      await this.startPass(budget);
    }
    while (this.pass !== undefined && this.within(budget) && this.pending === 0) {
      if (this.walk === undefined) {
        const next = this.queue.shift();
        if (next === undefined) {
          this.finishPass(stats);
          break;
        }
        this.walk = { ...next, stack: [''], current: undefined, failed: false };
      }
      await this.step(this.walk, budget);
    }
    stats.calls = budget.calls;
    return stats;
  }

  private within(budget: Budget): boolean {
    return this.now() < budget.untilMs && budget.calls < this.options.sliceMaxCalls;
  }

  private async startPass(budget: Budget): Promise<void> {
    this.lastPassStartMs = this.now();
    const { nasRoot } = this.options;
    const listed =
      this.options.namespaces.length > 0 ? [...this.options.namespaces] : await this.subdirs(nasRoot, budget);
    if (listed === undefined) return;
    this.tree.retainNamespaces(listed);
    this.pass = { startedMs: this.now(), durationMs: 0, files: 0, folders: 0, errors: 0 };
    this.queue = [];
    for (const namespace of listed) {
      const services = await this.subdirs(join(nasRoot, namespace), budget);
      if (services === undefined) continue;
      this.tree.retainServices(namespace, services);
      for (const service of services)
        this.queue.push({ namespace, service, dir: join(nasRoot, namespace, service) });
    }
  }

  private finishPass(stats: SliceStats): void {
    if (this.pass) this.lastPass = { ...this.pass, durationMs: this.now() - this.pass.startedMs };
    this.pass = undefined;
    stats.passDone = true;
  }

  /** One call's worth of work on the service being walked. */
  private async step(walk: ServiceWalk, budget: Budget): Promise<void> {
    if (walk.current === undefined) {
      const rel = walk.stack.pop();
      if (rel === undefined) {
        if (!walk.failed) this.tree.markComplete(walk.namespace, walk.service);
        this.walk = undefined;
        return;
      }
      const path = rel === '' ? walk.dir : join(walk.dir, rel);
      try {
        const handle = await this.call(path, 'opendir', 1, budget, () => opendir(path, { bufferSize: 128 }));
        const live = this.livePods(walk.namespace);
        walk.current = { rel, path, handle, usage: emptyNasUsage(live !== undefined), subfolders: [], live };
      } catch {
        this.failed(walk, budget);
      }
      return;
    }
    await this.readBatch(walk, walk.current, budget);
  }

  private async readBatch(walk: ServiceWalk, folder: OpenFolder, budget: Budget): Promise<void> {
    try {
      const { dirents, done } = await this.call(folder.path, 'readdir', 1, budget, () =>
        readEntries(folder.handle, this.batch),
      );
      const files: Dirent[] = [];
      for (const dirent of dirents) {
        if (dirent.isSymbolicLink()) continue;
        if (dirent.isDirectory()) this.addSubfolder(walk, folder, dirent.name);
        else files.push(dirent);
      }
      if (files.length > 0) await this.statFiles(walk, folder, files, budget);
      if (done) {
        this.tree.setDir(walk.namespace, walk.service, folder.rel, folder.usage, folder.subfolders);
        walk.current = undefined;
        budget.stats.folders++;
        if (this.pass) this.pass.folders++;
      }
    } catch {
      folder.handle.close().catch(() => undefined);
      walk.current = undefined;
      this.failed(walk, budget);
    }
  }

  private async statFiles(
    walk: ServiceWalk,
    folder: OpenFolder,
    files: Dirent[],
    budget: Budget,
  ): Promise<void> {
    const stats = await this.call(folder.path, 'lstat', files.length, budget, () =>
      // A file removed since the folder was read is simply not counted.
      Promise.all(files.map((f) => lstat(join(folder.path, f.name)).catch(() => undefined))),
    );
    files.forEach((file, i) => {
      const st = stats[i];
      if (st === undefined) return;
      if (st.isDirectory()) return this.addSubfolder(walk, folder, file.name);
      if (!st.isFile()) return;
      const relPath = folder.rel === '' ? file.name : `${folder.rel}/${file.name}`;
      addNasFile(
        folder.usage,
        classifyNasEntry(relPath, false, this.layout),
        st.size,
        folder.live,
        this.layout,
      );
      budget.stats.files++;
      if (this.pass) this.pass.files++;
    });
  }

  private addSubfolder(walk: ServiceWalk, folder: OpenFolder, name: string): void {
    folder.subfolders.push(name);
    walk.stack.push(folder.rel === '' ? name : `${folder.rel}/${name}`);
  }

  private failed(walk: ServiceWalk, budget: Budget): void {
    walk.failed = true;
    budget.stats.errors++;
    if (this.pass) this.pass.errors++;
  }

  private async subdirs(dir: string, budget: Budget): Promise<string[] | undefined> {
    try {
      const dirents = await this.call(dir, 'readdir', 1, budget, () => readdir(dir, { withFileTypes: true }));
      return dirents
        .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !IGNORED.has(d.name))
        .map((d) => d.name)
        .sort();
    } catch {
      budget.stats.errors++;
      return undefined;
    }
  }

  /** A NAS call under the reader's deadline, counted in the budget and as pending until it returns. */
  private call<T>(
    path: string,
    op: string,
    calls: number,
    budget: Budget,
    work: () => Promise<T>,
  ): Promise<T> {
    budget.calls += calls;
    return this.fs.guard(path, `usage ${op}`, () => {
      this.pending++;
      return work().finally(() => this.pending--);
    });
  }
}

/** Up to `max` entries; `done` once the folder has no more (the handle is then closed). */
async function readEntries(handle: Dir, max: number): Promise<{ dirents: Dirent[]; done: boolean }> {
  const dirents: Dirent[] = [];
  while (dirents.length < max) {
    const dirent = await handle.read();
    if (dirent === null) {
      await handle.close();
      return { dirents, done: true };
    }
    dirents.push(dirent);
  }
  return { dirents, done: false };
}
