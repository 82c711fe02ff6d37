/**
 * The model of a log cleanup: what was listed in one service folder, and what the plan decides
 * for each entry. Pure data; adapters/clean lists and deletes.
 */
import type { NasEntryKind } from '../nas/entry.js';

/** One entry found under a service folder, from `lstat` (links are never followed). */
export interface ListedEntry {
  /** Path relative to the service folder, `/`-separated. */
  readonly relPath: string;
  readonly isDirectory: boolean;
  readonly isSymlink: boolean;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Why an entry goes. */
export type DeleteReason =
  /** A file or folder of a pod that no longer exists. */
  | 'gone_pod'
  /** Content of a log archive folder (`logs/error`, `logs/info`, `logs/warn`). */
  | 'archive'
  /** The debugging tools folder and its content. */
  | 'tools'
  /** Anything else outside `logs/`, `tmp/` and `application*` (and unknown entries in `logs/`). */
  | 'unowned';

/** Why an entry stays. */
export type KeepReason =
  /** A live pod's file. */
  | 'live'
  /** Modified within `minAge`. */
  | 'too_new'
  /** Modified within `olderThan` (but before `minAge`). */
  | 'not_old_enough'
  /** `application*`, `tmp/`, the logs folder and its archive folders. */
  | 'protected'
  /** One of the newest `keepDumps` heap dumps of the service. */
  | 'kept_dump'
  /** A symbolic link: never followed, never removed. */
  | 'symlink'
  /** A folder that still holds something kept. */
  | 'not_empty';

/** A decision on one entry. */
export interface PlannedEntry<R> {
  readonly relPath: string;
  readonly kind: NasEntryKind;
  readonly isDirectory: boolean;
  readonly size: number;
  readonly mtimeMs: number;
  readonly reason: R;
  /** The pod the entry belongs to, when known. */
  readonly pod?: string;
}

/** The plan of one service folder. */
export interface CleanupPlan {
  /** Files first, then folders deepest first, so every folder is empty when its turn comes. */
  readonly deletions: readonly PlannedEntry<DeleteReason>[];
  /** Sorted by path. */
  readonly keeps: readonly PlannedEntry<KeepReason>[];
}

/** Options of `planCleanup`. */
export interface PlanOptions {
  /** Epoch ms the ages are measured from. */
  readonly nowMs: number;
  /** Entries modified less than this long ago are kept. */
  readonly minAgeMs: number;
  /** When set, only entries modified at least this long ago go. */
  readonly olderThanMs?: number | undefined;
  /** The newest N heap dumps that would go are kept instead. @default 0 */
  readonly keepDumps?: number | undefined;
}
