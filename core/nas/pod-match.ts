/**
 * Which live pod owns a file, decided exactly. A pod name is never searched as a substring: the
 * file name must be one of the layout's readings with that pod in the `{pod}` place. Among the
 * live pods that fit, the longest wins, so with pods `app-1` and `app-10` the file `app-10.log`
 * belongs to `app-10` only, and `app-1-error.log` to `app-1`.
 */
import { compileNasLayout, type CompiledNasLayout } from './layout.js';
import type { NasEntry, NasEntryKind } from './entry.js';
import { splitRotation, splitSequence } from './name-suffixes.js';
import type { CompiledPattern } from './patterns.js';
import { MAX_POD_NAME_LENGTH } from './pod-name.js';

/**
 * The longest live pod that the layout lets `fileName` belong to, or undefined.
 * @param kind selects the patterns: GC log kinds (rotation suffixes allowed), heap dump kinds
 *   (HotSpot `.<n>` allowed), `heap_dump_aux`, or app logs and their archives.
 * @param layout @default the compiled `defaultNasLayout`
 * @default kind 'app_log'
 */
export function matchOwnerPod(
  fileName: string,
  livePods: ReadonlySet<string>,
  layout: CompiledNasLayout = compileNasLayout(),
  kind: NasEntryKind = 'app_log',
): string | undefined {
  const { patterns, names } = readingsFor(kind, fileName, layout);
  let best: string | undefined;
  for (const name of names) {
    for (const pattern of patterns) {
      const pod = longestLivePod(pattern, name, livePods);
      if (pod !== undefined && (best === undefined || pod.length > best.length)) best = pod;
    }
  }
  return best;
}

/** Who owns an entry, given the pods that exist now. */
export type NasOwner =
  /** A live pod wrote it. */
  | { readonly state: 'live'; readonly pod: string }
  /** A pod wrote it and no live pod fits; `pod` is set when the name says exactly which. */
  | { readonly state: 'gone'; readonly pod?: string }
  /** The entry belongs to no pod (config, tools, `gc.log`, `java_pid1.hprof`, unknown names). */
  | { readonly state: 'unowned' };

/**
 * Decides the owner of a classified entry: the exact pod from its name, or the longest live pod
 * among the readings for names that cannot say where the pod ends.
 * @param layout @default the compiled `defaultNasLayout`; pass the one that classified the entry
 */
export function resolveNasOwner(
  entry: NasEntry,
  livePods: ReadonlySet<string>,
  layout: CompiledNasLayout = compileNasLayout(),
): NasOwner {
  if (entry.pod !== undefined) {
    return livePods.has(entry.pod) ? { state: 'live', pod: entry.pod } : { state: 'gone', pod: entry.pod };
  }
  if (entry.needsLivePods !== true) return { state: 'unowned' };
  const pod = matchOwnerPod(entry.name, livePods, layout, entry.kind);
  return pod === undefined ? { state: 'gone' } : { state: 'live', pod };
}

function readingsFor(
  kind: NasEntryKind,
  fileName: string,
  layout: CompiledNasLayout,
): { patterns: readonly CompiledPattern[]; names: readonly string[] } {
  switch (kind) {
    case 'gc_log':
    case 'gc_log_archive': {
      const split = splitRotation(fileName);
      return { patterns: layout.gcLogs, names: split === undefined ? [fileName] : [fileName, split.base] };
    }
    case 'heap_dump':
    case 'heap_dump_dir': {
      const split = splitSequence(fileName);
      return { patterns: layout.heapDumps, names: split === undefined ? [fileName] : [fileName, split.base] };
    }
    case 'heap_dump_aux':
      return { patterns: layout.heapDumpAux, names: [fileName] };
    case 'app_log':
    case 'log_archive_file':
      return { patterns: layout.appLogs, names: [fileName] };
    case 'logs_dir':
    case 'log_archive_dir':
    case 'config':
    case 'tmp':
    case 'tools':
    case 'other':
      return { patterns: [], names: [] };
  }
}

/**
 * The longest live pod P such that `name` = head + P + text matching what follows `{pod}`. Only
 * cut points where the next character can start that text are tried, so a name costs a few set
 * lookups, not one per character.
 */
function longestLivePod(
  pattern: CompiledPattern,
  name: string,
  livePods: ReadonlySet<string>,
): string | undefined {
  const { afterPod, afterPodFirst, head } = pattern;
  if (afterPod === undefined || !name.startsWith(head) || !name.endsWith(pattern.tail)) return undefined;
  const rest = name.slice(head.length);
  const longest = Math.min(rest.length, MAX_POD_NAME_LENGTH);
  for (let end = longest; end >= 1; end--) {
    if (
      afterPodFirst === '' ? end !== rest.length : afterPodFirst !== undefined && rest[end] !== afterPodFirst
    ) {
      continue;
    }
    const pod = rest.slice(0, end);
    if (livePods.has(pod) && afterPod.test(rest.slice(end))) return pod;
  }
  return undefined;
}
