/**
 * Starts real HotSpot JVMs running test/java/GcWorkload.java with the exact NAS file naming of
 * shared/DESIGN.md, for the demo world, integration tests and scripts/make-gc-fixtures.ts.
 *
 * Processes are tracked and always killed: register `stopAllJvms` with the test runner's hooks
 * through `registerJvmCleanup(afterEach)`, and a process `exit` listener SIGKILLs leftovers.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { constants as osConstants, tmpdir } from 'node:os';
import { mkdtemp, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ExitCode, OpsError } from '../../core/errors.js';
import { packagePath } from '../../adapters/package-root.js';

/** The collectors JDK 17 offers and the flag selecting each. */
export const COLLECTOR_FLAGS = {
  G1: '-XX:+UseG1GC',
  Parallel: '-XX:+UseParallelGC',
  Serial: '-XX:+UseSerialGC',
  ZGC: '-XX:+UseZGC',
  Shenandoah: '-XX:+UseShenandoahGC',
} as const;
export type JvmCollector = keyof typeof COLLECTOR_FLAGS;

/** Arguments of GcWorkload.java; semantics and defaults are in its class comment. */
export interface GcWorkloadOptions {
  /** Seconds to run, 0 = until stop(). @default 0 */
  durationS?: number;
  /** MB allocated per second, 0 = unpaced. @default 16 */
  rateMb?: number;
  /** MB kept reachable and slowly replaced. @default 8 */
  liveMb?: number;
  /** Size of each allocation. @default 8 */
  chunkKb?: number;
  /** `oom` leaks until OutOfMemoryError. @default 'normal' */
  mode?: 'normal' | 'oom';
  /** Seconds between System.gc() calls, 0 = never. @default 0 */
  systemGcS?: number;
  /** @default 42 */
  seed?: number;
}

/** Unified-logging output options of the GC log file. */
export interface GcLogOptions {
  /** @default HotSpot's own (5) */
  filecount?: number;
  /** @default HotSpot's own (20M) */
  filesizeKb?: number;
  /** @default 'time,uptime,level,tags' */
  decorators?: string;
  /** What to log, the first -Xlog field. @default 'gc*' */
  selectors?: string;
}

export interface StartJvmOptions {
  /** The pod's DATA_DIR (on the NAS: /mnt/<namespace>/<service>). */
  dataDir: string;
  /** The pod name, HOSTNAME inside the pod. */
  pod: string;
  collector: JvmCollector;
  /** -Xms and -Xmx, in MB. */
  heapMb: number;
  workload?: GcWorkloadOptions;
  gcLog?: GcLogOptions;
  /** @default true */
  heapDumpOnOom?: boolean;
  /** Extra JVM options, placed before the main class. */
  extraArgs?: readonly string[];
  /** @default 30_000 */
  readyTimeoutMs?: number;
}

export interface JvmHandle {
  pid: number;
  /** The full java command line after `java`. */
  args: readonly string[];
  /** `<dataDir>/gc-<pod>-%t.log`: HotSpot expands %t to the start time in -Xlog file names. */
  gcLogPattern: string;
  /** `<dataDir>/dump-<pod>-%t.hprof`: HotSpot does not expand %t here, the name is literal. */
  heapDumpPath: string;
  /** Resolves when the workload printed its READY line; rejects if the JVM exits first. */
  ready: Promise<void>;
  /** Exit code; 128 + signal number when killed by a signal. */
  exited: Promise<number>;
  /** What the JVM printed so far (the last 64 KiB of each stream). */
  output(): { stdout: string; stderr: string };
  /** Closes stdin (a clean exit), SIGKILLs after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number>;
}

const WORKLOAD_SOURCE = packagePath('sim', 'java', 'GcWorkload.java');
const OUTPUT_LIMIT = 64 * 1024;
const running = new Set<ChildProcessWithoutNullStreams>();
let exitListenerInstalled = false;
let compiled: Promise<string> | undefined;
const javaChecks = new Map<string, string | undefined>();

/** Why java/javac cannot run with this PATH, or undefined when both work. Checked once per PATH. */
function javaMissingReason(env: NodeJS.ProcessEnv): string | undefined {
  const path = env.PATH ?? '';
  if (javaChecks.has(path)) return javaChecks.get(path);
  const missing = ['java', 'javac'].filter(
    (tool) => spawnSync(tool, ['-version'], { stdio: 'ignore', env: { PATH: path } }).status !== 0,
  );
  const reason = missing.length === 0 ? undefined : `${missing.join(' and ')} not runnable on PATH`;
  javaChecks.set(path, reason);
  return reason;
}

/** Why java/javac cannot run, or undefined when both work. */
export const javaMissing = (env: NodeJS.ProcessEnv = process.env): string | undefined =>
  javaMissingReason(env);

/** True when `java` and `javac` run on this machine. */
export const javaAvailable = (env: NodeJS.ProcessEnv = process.env): boolean => !javaMissingReason(env);

/**
 * Compiles GcWorkload.java once into a temp folder keyed by the source's hash and returns the
 * class path. Source launch costs ~0.8 s per JVM start, a compiled class ~0.07 s (JDK 17, 2 cores).
 */
export async function compileGcWorkload(): Promise<string> {
  compiled ??= (async () => {
    const source = await readFile(WORKLOAD_SOURCE);
    const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
    const dir = join(tmpdir(), `opsctl-gcworkload-${hash}`);
    if (await stat(join(dir, 'GcWorkload.class')).catch(() => undefined)) return dir;
    const scratch = await mkdtemp(join(tmpdir(), 'opsctl-gcworkload-build-'));
    const result = spawnSync('javac', ['-d', scratch, WORKLOAD_SOURCE], { encoding: 'utf8' });
    if (result.status !== 0) {
      await rm(scratch, { recursive: true, force: true });
      throw new OpsError(`javac failed on ${WORKLOAD_SOURCE}: ${result.stderr || String(result.error)}`, {
        code: 'E_JAVAC',
        cause: result.error,
      });
    }
    // Rename is atomic; a concurrent test process that got there first leaves an equal copy.
    await rename(scratch, dir).catch(() => rm(scratch, { recursive: true, force: true }));
    return dir;
  })();
  return compiled;
}

/** The java arguments for `options`, with DESIGN's file naming; exported for tests. */
export function buildJvmArgs(options: StartJvmOptions, classPath: string): string[] {
  const dataDir = resolve(options.dataDir);
  if (/[:,]/.test(dataDir)) {
    throw new OpsError(`data dir "${dataDir}" contains ':' or ',' which -Xlog cannot take unquoted`, {
      code: 'E_JVM_ARGS',
      exitCode: ExitCode.usage,
    });
  }
  const names = namesOf(dataDir, options.pod);
  const log = options.gcLog ?? {};
  const outputOptions = [
    log.filecount === undefined ? undefined : `filecount=${log.filecount}`,
    log.filesizeKb === undefined ? undefined : `filesize=${log.filesizeKb}K`,
  ].filter((item) => item !== undefined);
  const xlog = [
    `-Xlog:${log.selectors ?? 'gc*'}`,
    `file=${names.gcLogPattern}`,
    log.decorators ?? 'time,uptime,level,tags',
    ...(outputOptions.length > 0 ? [outputOptions.join(',')] : []),
  ].join(':');
  return [
    COLLECTOR_FLAGS[options.collector],
    `-Xms${options.heapMb}m`,
    `-Xmx${options.heapMb}m`,
    xlog,
    ...(options.heapDumpOnOom === false ? [] : ['-XX:+HeapDumpOnOutOfMemoryError']),
    `-XX:HeapDumpPath=${names.heapDumpPath}`,
    ...(options.extraArgs ?? []),
    '-cp',
    classPath,
    'GcWorkload',
    ...workloadArgs(options.workload ?? {}),
  ];
}

/** Starts the JVM; await `handle.ready` before relying on it. */
export async function startJvm(options: StartJvmOptions): Promise<JvmHandle> {
  const args = buildJvmArgs(options, await compileGcWorkload());
  installExitListener();
  // Inherited JVM option variables would change the flags and print "Picked up ..." lines.
  const { JAVA_TOOL_OPTIONS: _a, JDK_JAVA_OPTIONS: _b, _JAVA_OPTIONS: _c, ...env } = process.env;
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...env, LC_ALL: 'C' } });
  running.add(child);
  const out = { stdout: '', stderr: '' };
  const keep = (key: 'stdout' | 'stderr') => (chunk: Buffer) => {
    out[key] = (out[key] + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout.on('data', keep('stdout'));
  child.stderr.on('data', keep('stderr'));
  // A JVM that exits first closes stdin under our feet; that is not an error of the harness.
  child.stdin.on('error', () => undefined);
  const exited = new Promise<number>((resolveExit, rejectExit) => {
    child.once('error', (error) => {
      running.delete(child);
      rejectExit(new OpsError(`cannot start java: ${error.message}`, { code: 'E_JVM_START', cause: error }));
    });
    child.once('close', (code, signal) => {
      running.delete(child);
      resolveExit(code ?? 128 + (signal ? osConstants.signals[signal] : 0));
    });
  });
  const ready = waitForReady(child, out, exited, options.readyTimeoutMs ?? 30_000);
  // Callers that never await `ready` (OOM runs) must not see an unhandled rejection.
  ready.catch(() => undefined);
  exited.catch(() => undefined);
  return {
    pid: child.pid ?? -1,
    args,
    ...namesOf(resolve(options.dataDir), options.pod),
    ready,
    exited,
    output: () => ({ ...out }),
    stop: (graceMs = 5_000) => stopChild(child, exited, graceMs),
  };
}

/** Stops every JVM this module started that is still running. */
export async function stopAllJvms(): Promise<void> {
  // Children leave `running` on 'close', so every one here still has that event to come.
  const closed = [...running].map((child) => once(child, 'close'));
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(closed);
}

/** Registers `stopAllJvms` with a runner hook: `registerJvmCleanup(afterEach)` (vitest). */
export function registerJvmCleanup(hook: (cleanup: () => Promise<void>) => void): void {
  hook(stopAllJvms);
}

/** GC log files (active and rotated archives) a pod wrote into `dataDir`, sorted by name. */
export async function findGcLogFiles(dataDir: string, pod: string): Promise<string[]> {
  const names = await readdir(dataDir);
  return names
    .filter((name) => name.startsWith(`gc-${pod}-`) && /\.log(\.\d+)?$/.test(name))
    .sort()
    .map((name) => join(dataDir, name));
}

/** DESIGN's NAS names: `gc-<pod>-%t.log` and `dump-<pod>-%t.hprof` in the pod's DATA_DIR. */
function namesOf(dataDir: string, pod: string): { gcLogPattern: string; heapDumpPath: string } {
  return {
    gcLogPattern: join(dataDir, `gc-${pod}-%t.log`),
    heapDumpPath: join(dataDir, `dump-${pod}-%t.hprof`),
  };
}

function workloadArgs(w: GcWorkloadOptions): string[] {
  const byName = {
    ...{ duration: w.durationS, rate: w.rateMb, live: w.liveMb, chunk: w.chunkKb },
    ...{ mode: w.mode, systemgc: w.systemGcS, seed: w.seed },
  };
  return Object.entries(byName).flatMap(([key, value]) => (value === undefined ? [] : [`${key}=${value}`]));
}

function waitForReady(
  child: ChildProcessWithoutNullStreams,
  out: { stdout: string; stderr: string },
  exited: Promise<number>,
  timeoutMs: number,
): Promise<void> {
  return new Promise<void>((resolveReady, rejectReady) => {
    const fail = (why: string) =>
      rejectReady(new OpsError(`jvm ${child.pid} ${why}`, { code: 'E_JVM_READY' }));
    const timer = setTimeout(() => fail(`not ready after ${timeoutMs} ms`), timeoutMs);
    // Registered after the collector of `out.stdout`, so the chunk is already in there.
    const onData = () => {
      if (!/^READY /m.test(out.stdout)) return;
      child.stdout.off('data', onData);
      clearTimeout(timer);
      resolveReady();
    };
    child.stdout.on('data', onData);
    void exited
      .then((code) => fail(`exited with ${code} before ready: ${out.stderr.slice(-2000)}`), rejectReady)
      .finally(() => clearTimeout(timer));
  });
}

async function stopChild(
  child: ChildProcessWithoutNullStreams,
  exited: Promise<number>,
  graceMs: number,
): Promise<number> {
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  child.stdin.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

function installExitListener(): void {
  if (exitListenerInstalled) return;
  exitListenerInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}
