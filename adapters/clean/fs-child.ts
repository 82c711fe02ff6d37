/**
 * The NAS side of clean-logs, in a child process: synchronous `lstat`/`readdir`/`unlink`/`rmdir`
 * (fast, no thread pool hop), with a heartbeat so the parent can tell a hung mount from a slow
 * one and kill this process (a call stuck on a hung NFS/FUSE mount cannot be cancelled, but the
 * process can be killed). Links are never followed, and nothing outside `dir` is touched.
 */
import { lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import type { ChildMessage, ChildRequest, RemoveFailure, RemoveItem, WalkEntry } from './protocol.js';

const BEAT_EVERY = 1000;
let ops = 0;

function send(message: ChildMessage): void {
  process.send?.(message);
}

function tick(): void {
  if (++ops % BEAT_EVERY === 0) send({ beat: true });
}

function walk(dir: string, skipTop: ReadonlySet<string>): WalkEntry[] {
  const entries: WalkEntry[] = [];
  const pending: string[] = [''];
  while (pending.length > 0) {
    const rel = pending.pop()!;
    const names = readdirSync(rel === '' ? dir : `${dir}/${rel}`);
    tick();
    for (const name of names) {
      const relPath = rel === '' ? name : `${rel}/${name}`;
      const stats = lstatSync(`${dir}/${relPath}`);
      tick();
      const isDirectory = stats.isDirectory();
      const isSymlink = stats.isSymbolicLink();
      entries.push({ relPath, isDirectory, isSymlink, size: stats.size, mtimeMs: stats.mtimeMs });
      if (isDirectory && !(rel === '' && skipTop.has(name))) pending.push(relPath);
    }
  }
  return entries;
}

/**
 * Removes in the given order. Before the first removal in a folder, the folder is checked to
 * still be a real folder (not swapped for a link since the listing), so no removal goes
 * through a link.
 */
function remove(dir: string, items: readonly RemoveItem[]): ChildMessage & { ok: true } {
  const removed: string[] = [];
  const skipped: string[] = [];
  const failures: RemoveFailure[] = [];
  const checked = new Map<string, boolean>();
  for (const item of items) {
    const slash = item.relPath.lastIndexOf('/');
    const parent = slash < 0 ? '' : item.relPath.slice(0, slash);
    if (!isRealFolder(dir, parent, checked)) {
      failures.push({ relPath: item.relPath, code: 'EMOVED', message: 'its folder is no longer a folder' });
      continue;
    }
    const path = `${dir}/${item.relPath}`;
    try {
      if (item.isDirectory) rmdirSync(path);
      else unlinkSync(path);
      removed.push(item.relPath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      // Gone already, or a folder that gained an entry after the listing: nothing to report.
      if (code === 'ENOENT' || (item.isDirectory && code === 'ENOTEMPTY')) skipped.push(item.relPath);
      else failures.push({ relPath: item.relPath, code, message: (error as Error).message });
    }
    tick();
  }
  return { id: 0, ok: true, removed, skipped, failures };
}

function isRealFolder(dir: string, rel: string, checked: Map<string, boolean>): boolean {
  let ok = checked.get(rel);
  if (ok === undefined) {
    try {
      ok = lstatSync(rel === '' ? dir : `${dir}/${rel}`).isDirectory();
    } catch {
      ok = false;
    }
    checked.set(rel, ok);
  }
  return ok;
}

function handle(request: ChildRequest): ChildMessage {
  try {
    switch (request.op) {
      case 'list': {
        const names = readdirSync(request.dir, { withFileTypes: true }).map((d) => ({
          name: d.name,
          isDirectory: d.isDirectory(),
        }));
        return { id: request.id, ok: true, names };
      }
      case 'walk':
        return { id: request.id, ok: true, entries: walk(request.dir, new Set(request.skipTop)) };
      case 'remove':
        return { ...remove(request.dir, request.items), id: request.id };
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return { id: request.id, ok: false, code, message: (error as Error).message };
  }
}

process.on('message', (request: ChildRequest) => send(handle(request)));
process.on('disconnect', () => process.exit(0));
