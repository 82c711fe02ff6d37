/**
 * Classifies the entries of a service folder `<nas-root>/<namespace>/<service>/` by exact name
 * rules, never by substring: `catalogs.log` at the root is not a log and `profile-x.log` is not
 * a file of pod `file`. Unknown names are `other`; nothing here throws.
 */
import { compileNasLayout, type CompiledNasLayout } from './layout.js';
import type { HeapDumpFormat, NasEntry } from './entry.js';
import { parseJvmStart } from './jvm-start.js';
import { splitRotation, splitSequence } from './name-suffixes.js';
import { firstMatch, testPattern, type CompiledPattern, type PatternMatch } from './patterns.js';
import { isValidPodName } from './pod-name.js';

/** Longer paths cannot exist on NFS (PATH_MAX 4096 bytes); they are `other` without matching. */
const MAX_REL_PATH = 4096;

/** An entry under construction; fields are assigned, not spread, because this runs per file. */
type Draft = { -readonly [K in keyof NasEntry]: NasEntry[K] };

/**
 * Classifies one entry.
 * @param relPath path relative to the service folder (`logs/error/x.log`); empty segments are
 *   ignored, `.` or `..` make the entry `other`.
 * @param isDirectory whether the entry is a folder (a folder and a file of one name differ).
 * @param layout @default the compiled `defaultNasLayout`
 */
export function classifyNasEntry(
  relPath: string,
  isDirectory: boolean,
  layout: CompiledNasLayout = compileNasLayout(),
): NasEntry {
  const segments = relPath.includes('/') ? relPath.split('/').filter((s) => s !== '') : [relPath];
  const name = segments[segments.length - 1] ?? '';
  const draft: Draft = { kind: 'other', relPath: segments.length === 1 ? relPath : segments.join('/'), name };
  const top = segments[0];
  if (top === undefined || top === '' || relPath.length > MAX_REL_PATH || segments.some(isDotSegment))
    return draft;
  if (segments.length === 1) {
    if (isDirectory) classifyRootFolder(draft, layout);
    else classifyRootFile(draft, layout);
  } else if (top === layout.tmpDir) {
    draft.kind = 'tmp';
  } else if (top === layout.toolsDir) {
    draft.kind = 'tools';
  } else if (top === layout.logsDir) {
    classifyInLogs(draft, segments, isDirectory, layout);
  } else if (matchesAny(layout.config, top)) {
    draft.kind = 'config';
  } else {
    const dumpFolder = firstMatch(layout.heapDumps, top);
    if (dumpFolder !== undefined)
      classifyInDumpFolder(draft, segments.length, isDirectory, dumpFolder.match, layout);
  }
  return draft;
}

/**
 * The pod that wrote a file at the service root, when its name allows exactly one reading
 * (GC logs and heap dumps with a `%t`/`{start}` anchor). Undefined for names without a pod or
 * with several possible pods: then use `matchOwnerPod` with the live pods.
 */
export function podFromName(
  fileName: string,
  layout: CompiledNasLayout = compileNasLayout(),
): string | undefined {
  return classifyNasEntry(fileName, false, layout).pod;
}

function classifyRootFolder(draft: Draft, layout: CompiledNasLayout): void {
  const { name } = draft;
  if (name === layout.logsDir) draft.kind = 'logs_dir';
  else if (name === layout.tmpDir) draft.kind = 'tmp';
  else if (name === layout.toolsDir) draft.kind = 'tools';
  else if (matchesAny(layout.config, name)) draft.kind = 'config';
  else {
    const dump = firstMatch(layout.heapDumps, name);
    if (dump === undefined) return;
    draft.kind = 'heap_dump_dir';
    setPod(draft, dump.match);
  }
}

function classifyRootFile(draft: Draft, layout: CompiledNasLayout): void {
  if (matchesAny(layout.config, draft.name)) draft.kind = 'config';
  else if (!classifyGcLog(draft, layout.gcLogs) && !classifyHeapDump(draft, layout.heapDumps)) {
    classifyAux(draft, layout.heapDumpAux);
  }
}

function classifyGcLog(draft: Draft, patterns: readonly CompiledPattern[]): boolean {
  const direct = firstMatch(patterns, draft.name);
  if (direct !== undefined) {
    draft.kind = 'gc_log';
    setPod(draft, direct.match);
    setStart(draft, direct.match);
    draft.chainKey = draft.name;
    return true;
  }
  const split = splitRotation(draft.name);
  const rotated = split === undefined ? undefined : firstMatch(patterns, split.base);
  if (split === undefined || rotated === undefined) return false;
  draft.kind = split.current ? 'gc_log' : 'gc_log_archive';
  setPod(draft, rotated.match);
  setStart(draft, rotated.match);
  draft.rotation = split.rotation;
  if (split.current) draft.current = true;
  draft.chainKey = split.base;
  return true;
}

function classifyHeapDump(draft: Draft, patterns: readonly CompiledPattern[]): boolean {
  let found = firstMatch(patterns, draft.name);
  let baseName = draft.name;
  if (found === undefined) {
    const split = splitSequence(draft.name);
    found = split === undefined ? undefined : firstMatch(patterns, split.base);
    if (split === undefined || found === undefined) return false;
    baseName = split.base;
    draft.sequence = split.sequence;
  }
  draft.kind = 'heap_dump';
  setPod(draft, found.match);
  setStart(draft, found.match);
  const format = dumpFormat(baseName);
  if (format !== undefined) draft.format = format;
  return true;
}

function classifyAux(draft: Draft, patterns: readonly CompiledPattern[]): boolean {
  const found = firstMatch(patterns, draft.name);
  if (found === undefined) return false;
  draft.kind = 'heap_dump_aux';
  setPod(draft, found.match);
  return true;
}

function classifyInLogs(
  draft: Draft,
  segments: readonly string[],
  isDirectory: boolean,
  layout: CompiledNasLayout,
): void {
  const inArchive = layout.logArchiveDirs.has(segments[1]!);
  if (isDirectory) {
    // Only the configured archive folders (and folders inside them) are known.
    if (inArchive) draft.kind = 'log_archive_dir';
    return;
  }
  if (segments.length > 2 && !inArchive) return;
  const ownedByPod = matchesAny(layout.appLogs, draft.name);
  if (segments.length === 2 && !ownedByPod) return;
  draft.kind = segments.length === 2 ? 'app_log' : 'log_archive_file';
  if (ownedByPod) draft.needsLivePods = true;
}

/** Inside an OpenJ9 dump folder: its default dump names, owned by the folder's pod. */
function classifyInDumpFolder(
  draft: Draft,
  depth: number,
  isDirectory: boolean,
  folder: PatternMatch,
  layout: CompiledNasLayout,
): void {
  if (depth === 2 && !isDirectory && !classifyHeapDump(draft, layout.heapDumps)) {
    classifyAux(draft, layout.heapDumpAux);
  }
  // The folder names the owner; what the file name itself says about a pod does not count.
  delete draft.pod;
  delete draft.needsLivePods;
  if (!folder.podAmbiguous && folder.pod !== undefined && isValidPodName(folder.pod)) draft.pod = folder.pod;
}

function setPod(draft: Draft, match: PatternMatch): void {
  if (match.podAmbiguous) draft.needsLivePods = true;
  // A reading that is no valid pod name (`a..b`) names no pod at all.
  else if (match.pod !== undefined && isValidPodName(match.pod)) draft.pod = match.pod;
}

function setStart(draft: Draft, match: PatternMatch): void {
  const jvmStart = match.start === undefined ? undefined : parseJvmStart(match.start);
  if (jvmStart !== undefined) draft.jvmStart = jvmStart;
}

function dumpFormat(baseName: string): HeapDumpFormat | undefined {
  if (baseName.endsWith('.hprof')) return 'hprof';
  if (baseName.endsWith('.hprof.gz')) return 'hprof_gz';
  if (baseName.endsWith('.phd')) return 'phd';
  return undefined;
}

function matchesAny(patterns: readonly CompiledPattern[], name: string): boolean {
  return patterns.some((p) => testPattern(p, name));
}

function isDotSegment(segment: string): boolean {
  return segment === '.' || segment === '..';
}
