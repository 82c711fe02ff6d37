/** Messages between the clean-logs parent and its NAS child (adapters/clean/fs-child.ts). */

import type { KeptCounts } from '../../core/clean/report.js';
import type { PlanOptions } from '../../core/clean/types.js';
import type { NasLayout } from '../../core/nas/layout.js';

/** An entry as the child lists it (`lstat`, links never followed). */
export interface WalkEntry {
  readonly relPath: string;
  readonly isDirectory: boolean;
  readonly isSymlink: boolean;
  readonly size: number;
  readonly mtimeMs: number;
}

/** One removal the parent asks for, in order. */
export interface RemoveItem {
  readonly relPath: string;
  readonly isDirectory: boolean;
}

/** A removal that did not happen, with the errno code (`ENOTEMPTY`, `EACCES`, `EMOVED`). */
export interface RemoveFailure {
  readonly relPath: string;
  readonly code: string;
  readonly message: string;
}

/**
 * A whole service cleaned inside the child: list, plan, and (when `apply`) delete and append
 * the audit log, so the parent never holds the listing or the plan.
 */
export interface CleanJob {
  readonly dir: string;
  readonly skipTop: readonly string[];
  readonly livePods: readonly string[];
  readonly plan: PlanOptions;
  /** Compiled in the child (compiled patterns do not cross the process boundary). */
  readonly layout: NasLayout;
  readonly apply: boolean;
  /** Send each planned deletion as a printable line (dry runs), in batches. */
  readonly emitLines: boolean;
  /** Audit log file ('' for none) and the names its records carry. */
  readonly audit: { readonly file: string; readonly namespace: string; readonly service: string };
}

/** What the child reports of a `clean` job: counts only. */
export interface CleanSummary {
  readonly deletedFiles: number;
  readonly deletedBytes: number;
  readonly kept: KeptCounts;
  readonly failed: number;
}

/** Parent -> child. */
export type ChildRequest =
  | { readonly id: number; readonly op: 'list'; readonly dir: string }
  | { readonly id: number; readonly op: 'walk'; readonly dir: string; readonly skipTop: readonly string[] }
  | {
      readonly id: number;
      readonly op: 'remove';
      readonly dir: string;
      readonly items: readonly RemoveItem[];
    }
  | ({ readonly id: number; readonly op: 'clean' } & CleanJob);

/** Child -> parent. `beat` messages prove a long operation is moving. */
export type ChildMessage =
  | { readonly beat: true }
  | { readonly lines: readonly string[] }
  | { readonly id: number; readonly ok: true; readonly summary: CleanSummary }
  | {
      readonly id: number;
      readonly ok: true;
      readonly names: readonly { name: string; isDirectory: boolean }[];
    }
  | { readonly id: number; readonly ok: true; readonly entries: readonly WalkEntry[] }
  | {
      readonly id: number;
      readonly ok: true;
      readonly removed: readonly string[];
      readonly skipped: readonly string[];
      readonly failures: readonly RemoveFailure[];
    }
  | { readonly id: number; readonly ok: false; readonly code: string; readonly message: string };
