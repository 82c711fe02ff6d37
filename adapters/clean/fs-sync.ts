/**
 * The synchronous NAS calls of the clean-logs child (fast: no thread pool hop). Links are never
 * followed, and nothing outside `dir` is touched. `tick` is called after every call so the
 * child can send heartbeats.
 */
import { lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import type { RemoveFailure, RemoveItem, WalkEntry } from './protocol.js';

/** Every entry under `dir` (lstat), not descending into links or into the `skipTop` folders. */
export function walkSync(dir: string, skipTop: ReadonlySet<string>, tick: () => void): WalkEntry[] {
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

/** What a removal did; `removed` holds the indexes of the removed items. */
export interface SyncRemoveResult {
  readonly removed: number[];
  readonly skipped: string[];
  readonly failures: RemoveFailure[];
}

/**
 * Removes in the given order. Before the first removal in a folder, the folder is checked to
 * still be a real folder (not swapped for a link since the listing), so no removal goes
 * through a link.
 */
export function removeSync(dir: string, items: readonly RemoveItem[], tick: () => void): SyncRemoveResult {
  const removed: number[] = [];
  const skipped: string[] = [];
  const failures: RemoveFailure[] = [];
  const checked = new Map<string, boolean>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
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
      removed.push(i);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      // Gone already, or a folder that gained an entry after the listing: nothing to report.
      if (code === 'ENOENT' || (item.isDirectory && code === 'ENOTEMPTY')) skipped.push(item.relPath);
      else failures.push({ relPath: item.relPath, code, message: (error as Error).message });
    }
    tick();
  }
  return { removed, skipped, failures };
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
