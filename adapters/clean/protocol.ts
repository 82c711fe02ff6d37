/** Messages between the clean-logs parent and its NAS child (adapters/clean/fs-child.ts). */

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

/** Parent -> child. */
export type ChildRequest =
  | { readonly id: number; readonly op: 'list'; readonly dir: string }
  | { readonly id: number; readonly op: 'walk'; readonly dir: string; readonly skipTop: readonly string[] }
  | {
      readonly id: number;
      readonly op: 'remove';
      readonly dir: string;
      readonly items: readonly RemoveItem[];
    };

/** Child -> parent. `beat` messages prove a long operation is moving. */
export type ChildMessage =
  | { readonly beat: true }
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
