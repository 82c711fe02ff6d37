/**
 * What a service folder `<nas-root>/<namespace>/<service>/` holds and how its files are named
 * (shared/DESIGN.md, "The world opsctl lives in"). The defaults follow the JVM flags the clusters
 * use; a `NasLayout` can change every name. Patterns use the language of `patterns.ts`.
 */
import { ExitCode, OpsError } from '../errors.js';
import { compilePattern, patternProblems, type CompiledPattern } from './patterns.js';

/** File naming of one service folder. Pattern lists are tried in order: the first match decides. */
export interface NasLayout {
  /**
   * GC logs at the service root, as the JVM names the file it writes. Rotation suffixes are
   * recognised on top of these: UL archives `<file>.<n>` (zero-padded), JDK 8 `<file>.<n>` and
   * the active `<file>.<n>.current`.
   */
  readonly gcLogs: readonly string[];
  /**
   * Heap dumps at the service root. The `.<n>` HotSpot appends to the second and later dumps of
   * one JVM is recognised on top of these. The format comes from the extension (`.hprof`,
   * `.hprof.gz`, `.phd`). A directory matching one of these is an OpenJ9 dump folder: OpenJ9
   * treats `-XX:HeapDumpPath` as a directory and writes its default names inside.
   */
  readonly heapDumps: readonly string[];
  /** Files OpenJ9 writes beside a heap dump (javacore, snap trace, system and JIT dumps). */
  readonly heapDumpAux: readonly string[];
  /**
   * Application logs directly in `logsDir`, named after the pod that writes them; each must
   * contain `{pod}`. Which pod owns a log is decided against the live pods (`matchOwnerPod`).
   */
  readonly appLogs: readonly string[];
  /** Spring configuration files or folders at the service root; never touched by a cleanup. */
  readonly config: readonly string[];
  /** The folder of application logs. */
  readonly logsDir: string;
  /** Archive folders inside `logsDir`. */
  readonly logArchiveDirs: readonly string[];
  /** Scratch folder; never touched by a cleanup. */
  readonly tmpDir: string;
  /** Folder of debugging tools (Arthas, a JDK) copied in by hand. */
  readonly toolsDir: string;
}

// OpenJ9 default dump labels are `<type>.%Y%m%d.%H%M%S.%pid.%seq.<ext>`
// (https://eclipse.dev/openj9/docs/xdump).
const OPENJ9_LABEL = '{n}.{n}.{n}.{n}';

/** The layout of shared/DESIGN.md. */
export const defaultNasLayout: NasLayout = {
  gcLogs: ['gc-{pod}-{start}.log', 'gc-{pod}-%t.log', 'gc-{pod}.log', 'gc-{start}.log', 'gc.log'],
  heapDumps: [
    'dump-{pod}-%t.hprof',
    'dump-{pod}-%t.hprof.gz',
    'dump-{pod}-%t.phd',
    'dump-{pod}-{start}.hprof',
    'dump-{pod}-{start}.hprof.gz',
    'dump-{pod}-{start}.phd',
    'dump-{pod}-{any}.phd',
    'java_pid{n}.hprof',
    'java_pid{n}.hprof.gz',
    `heapdump.${OPENJ9_LABEL}.phd`,
  ],
  heapDumpAux: [
    `javacore.${OPENJ9_LABEL}.txt`,
    `Snap.${OPENJ9_LABEL}.trc`,
    `core.${OPENJ9_LABEL}.dmp`,
    `jitdump.${OPENJ9_LABEL}.dmp`,
  ],
  // Wide on purpose: owners are matched against live pods over every reading these allow, so a
  // missing reading could make a live pod's log look orphaned (`gw-1-error.log.gz`).
  appLogs: ['{pod}', '{pod}.{any}', '{pod}-{any}', '{pod}_{any}'],
  config: ['application{any}'],
  logsDir: 'logs',
  logArchiveDirs: ['error', 'info', 'warn'],
  tmpDir: 'tmp',
  toolsDir: 'tools',
};

/** A layout with its patterns compiled; build with `compileNasLayout`. */
export interface CompiledNasLayout {
  readonly source: NasLayout;
  readonly gcLogs: readonly CompiledPattern[];
  readonly heapDumps: readonly CompiledPattern[];
  readonly heapDumpAux: readonly CompiledPattern[];
  readonly appLogs: readonly CompiledPattern[];
  readonly config: readonly CompiledPattern[];
  readonly logsDir: string;
  readonly logArchiveDirs: ReadonlySet<string>;
  readonly tmpDir: string;
  readonly toolsDir: string;
}

/** One problem of a layout, with the path of the offending value (`gcLogs[2]`). */
export interface NasLayoutIssue {
  readonly path: string;
  readonly message: string;
}

/** Thrown by `compileNasLayout`; carries every issue. Code `E_NAS_LAYOUT`, exit 78. */
export class NasLayoutError extends OpsError {
  readonly issues: readonly NasLayoutIssue[];

  constructor(issues: readonly NasLayoutIssue[]) {
    const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    super(`invalid NAS layout: ${list}`, {
      code: 'E_NAS_LAYOUT',
      exitCode: ExitCode.config,
      hints: ['fix the listed patterns; placeholders are {pod}, {start}, {n}, {any}'],
    });
    this.name = 'NasLayoutError';
    this.issues = issues;
  }
}

const PATTERN_LISTS = ['gcLogs', 'heapDumps', 'heapDumpAux', 'appLogs', 'config'] as const;
const FOLDER_NAMES = ['logsDir', 'tmpDir', 'toolsDir'] as const;

/** Every issue of a layout; empty when it is valid. */
export function validateNasLayout(layout: NasLayout): NasLayoutIssue[] {
  const issues: NasLayoutIssue[] = [];
  for (const key of PATTERN_LISTS) {
    const list: unknown = layout[key];
    if (!Array.isArray(list)) {
      issues.push({ path: key, message: 'expected a list of patterns' });
      continue;
    }
    list.forEach((pattern: unknown, i) => {
      const problems =
        typeof pattern === 'string' ? patternProblems(pattern, key === 'appLogs') : ['expected a string'];
      for (const message of problems) issues.push({ path: `${key}[${i}]`, message });
    });
  }
  for (const key of FOLDER_NAMES) {
    const problem = folderNameProblem(layout[key]);
    if (problem !== undefined) issues.push({ path: key, message: problem });
  }
  if (!Array.isArray(layout.logArchiveDirs)) {
    issues.push({ path: 'logArchiveDirs', message: 'expected a list of folder names' });
  } else {
    layout.logArchiveDirs.forEach((name: unknown, i) => {
      const problem = folderNameProblem(name);
      if (problem !== undefined) issues.push({ path: `logArchiveDirs[${i}]`, message: problem });
    });
  }
  const folders = FOLDER_NAMES.map((key) => layout[key]);
  if (new Set(folders).size !== folders.length) {
    issues.push({ path: 'logsDir', message: 'logsDir, tmpDir and toolsDir must be different folders' });
  }
  return issues;
}

const compiled = new WeakMap<NasLayout, CompiledNasLayout>();

/**
 * Validates and compiles a layout. The result is cached per layout object, so passing the same
 * object again costs a map lookup.
 * @throws NasLayoutError with every issue.
 */
export function compileNasLayout(layout: NasLayout = defaultNasLayout): CompiledNasLayout {
  const cached = compiled.get(layout);
  if (cached !== undefined) return cached;
  const issues = validateNasLayout(layout);
  if (issues.length > 0) throw new NasLayoutError(issues);
  const result: CompiledNasLayout = {
    source: layout,
    gcLogs: layout.gcLogs.map(compilePattern),
    heapDumps: layout.heapDumps.map(compilePattern),
    heapDumpAux: layout.heapDumpAux.map(compilePattern),
    appLogs: layout.appLogs.map(compilePattern),
    config: layout.config.map(compilePattern),
    logsDir: layout.logsDir,
    logArchiveDirs: new Set(layout.logArchiveDirs),
    tmpDir: layout.tmpDir,
    toolsDir: layout.toolsDir,
  };
  compiled.set(layout, result);
  return result;
}

function folderNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'expected a folder name';
  if (name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    return `"${name}" is not a single folder name`;
  }
  return undefined;
}
