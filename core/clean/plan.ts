/**
 * Decides what a log cleanup removes from one service folder, by exact classification of every
 * name (core/nas), never by substring: the job of the shell loop teams used to run, without its
 * failure modes (docs/clean-logs.md).
 */
import { classifyNasEntry } from '../nas/classify.js';
import type { NasEntry } from '../nas/entry.js';
import { isProtectedKind } from '../nas/entry.js';
import { compileNasLayout, type CompiledNasLayout } from '../nas/layout.js';
import { matchOwnerPod, resolveNasOwner } from '../nas/pod-match.js';
import type {
  CleanupPlan,
  DeleteReason,
  KeepReason,
  ListedEntry,
  PlannedEntry,
  PlanOptions,
} from './types.js';

type Verdict = { keep: KeepReason; pod?: string } | { remove: DeleteReason; pod?: string };

/** NFS renames files that are deleted while open to `.nfsXXXX`; removing them only recreates them. */
const NFS_SILLY_RENAME = /^\.nfs[0-9a-fA-F]+$/;

/**
 * Plans the cleanup of one service folder.
 * @param listing every entry under the folder (links not followed); folders not listed are
 *   never removed, and a folder is removed only when everything listed inside it is.
 * @param livePods names of the pods that exist now (the whole namespace, so a file is kept
 *   whenever any live pod wrote it).
 * @param layout @default the compiled `defaultNasLayout`
 */
export function planCleanup(
  listing: readonly ListedEntry[],
  livePods: ReadonlySet<string>,
  options: PlanOptions,
  layout: CompiledNasLayout = compileNasLayout(),
): CleanupPlan {
  const decided = listing.map((item) => {
    const entry = classifyNasEntry(item.relPath, item.isDirectory, layout);
    return { item, entry, verdict: ageGuard(item, decide(item, entry, livePods, layout), options) };
  });
  keepNewestDumps(decided, options.keepDumps ?? 0);
  keepFoldersWithKeptContent(decided);
  const deletions: PlannedEntry<DeleteReason>[] = [];
  const keeps: PlannedEntry<KeepReason>[] = [];
  // Built field by field, not spread: this runs once per file of the service.
  for (const { item, entry, verdict } of decided) {
    const keep = 'keep' in verdict;
    const planned = {
      relPath: entry.relPath,
      kind: entry.kind,
      isDirectory: item.isDirectory,
      size: item.size,
      mtimeMs: item.mtimeMs,
      reason: keep ? verdict.keep : verdict.remove,
    };
    const withPod = verdict.pod === undefined ? planned : { ...planned, pod: verdict.pod };
    if (keep) keeps.push(withPod as PlannedEntry<KeepReason>);
    else deletions.push(withPod as PlannedEntry<DeleteReason>);
  }
  keeps.sort((a, b) => compareText(a.relPath, b.relPath));
  deletions.sort(deletionOrder);
  return { deletions, keeps };
}

function decide(
  item: ListedEntry,
  entry: NasEntry,
  livePods: ReadonlySet<string>,
  layout: CompiledNasLayout,
): Verdict {
  if (item.isSymlink) return { keep: 'symlink' };
  if (NFS_SILLY_RENAME.test(entry.name)) return { keep: 'protected' };
  if (entry.kind === 'log_archive_dir' && slashes(entry.relPath) > 1) return { remove: 'archive' };
  if (isProtectedKind(entry.kind)) return { keep: 'protected' };
  if (entry.kind === 'tools') return { remove: 'tools' };
  if (entry.kind === 'log_archive_file') return { remove: 'archive' };
  const owner = resolveNasOwner(entry, livePods, layout);
  if (owner.state === 'live') return { keep: 'live', pod: owner.pod };
  if (owner.state === 'gone')
    return owner.pod === undefined ? { remove: 'gone_pod' } : { remove: 'gone_pod', pod: owner.pod };
  // An unknown name that reads exactly as a live pod's file (`<pod>.out`) stays.
  const pod = item.isDirectory ? undefined : matchOwnerPod(entry.name, livePods, layout, 'app_log');
  return pod === undefined ? { remove: 'unowned' } : { keep: 'live', pod };
}

/**
 * Folders are exempt: their mtime changes whenever an entry is added or removed, and a folder
 * only goes when all its content (each entry checked here) goes.
 */
function ageGuard(item: ListedEntry, verdict: Verdict, options: PlanOptions): Verdict {
  if ('keep' in verdict || item.isDirectory) return verdict;
  const age = options.nowMs - item.mtimeMs;
  if (age < options.minAgeMs) return withKeep(verdict, 'too_new');
  if (options.olderThanMs !== undefined && age < options.olderThanMs)
    return withKeep(verdict, 'not_old_enough');
  return verdict;
}

interface Decided {
  readonly item: ListedEntry;
  readonly entry: NasEntry;
  verdict: Verdict;
}

function keepNewestDumps(decided: Decided[], keepDumps: number): void {
  if (keepDumps <= 0) return;
  const dumps = decided
    .filter((d) => d.entry.kind === 'heap_dump' && !d.item.isDirectory && 'remove' in d.verdict)
    .sort((a, b) => b.item.mtimeMs - a.item.mtimeMs || compareText(a.entry.relPath, b.entry.relPath));
  for (const d of dumps.slice(0, keepDumps)) d.verdict = withKeep(d.verdict, 'kept_dump');
}

/** A folder goes only when everything listed inside it goes. */
function keepFoldersWithKeptContent(decided: Decided[]): void {
  const holdsKept = new Set<string>();
  for (const { entry, verdict } of decided) {
    if (!('keep' in verdict)) continue;
    const parts = entry.relPath.split('/');
    for (let i = 1; i < parts.length; i++) holdsKept.add(parts.slice(0, i).join('/'));
  }
  for (const d of decided) {
    if (d.item.isDirectory && 'remove' in d.verdict && holdsKept.has(d.entry.relPath)) {
      d.verdict = withKeep(d.verdict, 'not_empty');
    }
  }
}

function withKeep(verdict: Verdict, keep: KeepReason): Verdict {
  return verdict.pod === undefined ? { keep } : { keep, pod: verdict.pod };
}

function deletionOrder(a: PlannedEntry<DeleteReason>, b: PlannedEntry<DeleteReason>): number {
  if (a.isDirectory !== b.isDirectory) return a.isDirectory ? 1 : -1;
  if (a.isDirectory) {
    const depth = slashes(b.relPath) - slashes(a.relPath);
    if (depth !== 0) return depth;
  }
  return compareText(a.relPath, b.relPath);
}

function slashes(path: string): number {
  let n = 0;
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) n++;
  return n;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
