/**
 * Writes real JDK 17 GC logs into test/fixtures/gclogs/jvm17/<namespace>/<service>/ with the NAS
 * naming of shared/DESIGN.md, plus a README saying how they were made.
 * Run: `npx tsx scripts/make-gc-fixtures.ts` (needs java and javac; takes about half a minute).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findGcLogFiles, startJvm, stopAllJvms, type StartJvmOptions } from '../sim/jvm/launch.js';
import { requireJava } from '../test/support/java.js';

const ROOT = fileURLToPath(new URL('../test/fixtures/gclogs/jvm17/', import.meta.url));
const NAMESPACE = 'demo';
/** Everything at info level: parsers must cope with gc,start / gc,phases / gc,heap lines. */
const SELECTORS = 'gc*';
/** Small enough that the rotated set wraps around its three archives. */
const ROTATED_KB = 4;

interface FixtureSet {
  service: string;
  note: string;
  options: Omit<StartJvmOptions, 'dataDir'>;
}

// Pod names follow Deployment naming: <service>-<replicaset hash>-<5 chars>, k8s' alphabet.
const SETS: readonly FixtureSet[] = [
  fixture('gateway', 'gateway-5d8f7c9b6-x2x7q', 'G1', 'young and mixed pauses, concurrent cycles', {}),
  fixture(
    'order-service',
    'order-service-7c6b8d5f4-q8m2n',
    'Parallel',
    'young and ergonomic full pauses',
    {},
  ),
  fixture('user-service', 'user-service-6f9d4c7b8-h4k5t', 'ZGC', 'non-generational ZGC cycles', {}),
  fixture('pay-service', 'pay-service-84b7f6d9c-w7r4p', 'Shenandoah', 'Shenandoah cycles', {}),
  fixture('legacy-batch', 'legacy-batch-5b6c7d8f9-z9v2c', 'Serial', 'System.gc() full pauses every 1.5 s', {
    systemGcS: 1.5,
  }),
  fixture(
    'gateway',
    'gateway-5d8f7c9b6-m4n6p',
    'G1',
    `rotated: filecount=3, filesize=${ROTATED_KB}K`,
    {},
    {
      filecount: 3,
      filesizeKb: ROTATED_KB,
    },
  ),
];

function fixture(
  service: string,
  pod: string,
  collector: StartJvmOptions['collector'],
  note: string,
  workload: NonNullable<StartJvmOptions['workload']>,
  rotation: { filecount: number; filesizeKb: number } | Record<string, never> = {},
): FixtureSet {
  return {
    service,
    note,
    options: {
      pod,
      collector,
      heapMb: 64,
      workload: { durationS: 4, rateMb: 48, liveMb: 24, ...workload },
      gcLog: { selectors: SELECTORS, ...rotation },
    },
  };
}

/** Runs one JVM into a clean set of files; returns them oldest first and the JVM's flags. */
async function runJvm(
  fixture: FixtureSet,
  dataDir: string,
): Promise<{ files: string[]; args: readonly string[] }> {
  for (const old of await findGcLogFiles(dataDir, fixture.options.pod)) await rm(old);
  const jvm = await startJvm({ ...fixture.options, dataDir });
  await jvm.ready;
  const code = await jvm.exited;
  if (code !== 0) throw new Error(`${fixture.options.pod} exited with ${code}: ${jvm.output().stderr}`);
  return {
    files: await filesOldestFirst(await findGcLogFiles(dataDir, fixture.options.pod)),
    args: jvm.args,
  };
}

/**
 * The rotated set should show archive numbers out of time order (`.1` older than `.0`), which
 * happens only when the rotation count is not a multiple of filecount; GC timing decides that,
 * so such a set is re-run a few times until it does.
 */
async function runSet(fixture: FixtureSet): Promise<string[]> {
  const dataDir = join(ROOT, NAMESPACE, fixture.service);
  await mkdir(dataDir, { recursive: true });
  const rotated = fixture.options.gcLog?.filecount !== undefined;
  let run = await runJvm(fixture, dataDir);
  for (let attempt = 1; rotated && attempt < 6 && inIndexOrder(run.files); attempt++) {
    run = await runJvm(fixture, dataDir);
  }
  const { files } = run;
  const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size));
  const lines = files.map((file, i) => `  - \`${relative(ROOT, file)}\` (${sizes[i]} bytes)`);
  if (files.length > 1) lines.unshift('  Files, oldest first (by the uptime of their first line):');
  const flags = run.args
    .slice(0, run.args.indexOf('-cp'))
    .map((arg) => arg.replaceAll(resolve(dataDir), '${DATA_DIR}'))
    .join(' ');
  return [
    `- **${fixture.service}** / \`${fixture.options.pod}\`: ${fixture.options.collector}, ${fixture.note}.`,
    `  Flags: \`${flags}\`; workload \`${JSON.stringify(fixture.options.workload)}\`.`,
    ...lines,
  ];
}

/** True when archives `.0`, `.1`... are also oldest to newest. */
function inIndexOrder(filesOldestFirst: string[]): boolean {
  const indexes = filesOldestFirst.map((file) => Number(/\.log\.(\d+)$/.exec(file)?.[1] ?? Infinity));
  return indexes.every((index, i) => i === 0 || (indexes[i - 1] ?? 0) <= index);
}

/** Orders rotated files by the uptime decorator of their first line, `[...][3.064s]`. */
async function filesOldestFirst(files: string[]): Promise<string[]> {
  const firstUptime = async (file: string): Promise<number> => {
    const match = /\]\[(\d+\.\d+)s\]/.exec((await readFile(file, 'utf8')).slice(0, 200));
    return match?.[1] === undefined ? 0 : Number(match[1]);
  };
  const keyed = await Promise.all(files.map(async (file) => ({ file, uptime: await firstUptime(file) })));
  return keyed.sort((a, b) => a.uptime - b.uptime).map(({ file }) => file);
}

function javaVersion(): string {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return result.stderr.trim().split('\n').join('; ');
}

async function totalBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

function readme(entries: string[], total: number): string {
  return `# Real JDK 17 GC logs

Written by \`npx tsx scripts/make-gc-fixtures.ts\` (do not edit by hand; re-run it instead), which
starts \`sim/java/GcWorkload.java\` through \`sim/jvm/launch.ts\` with the NAS naming of
shared/DESIGN.md: \`-Xlog:${SELECTORS}:file=\${DATA_DIR}/gc-\${HOSTNAME}-%t.log:time,uptime,level,tags\`
(HotSpot expands \`%t\` to the JVM start time) and \`-XX:HeapDumpPath=\${DATA_DIR}/dump-\${HOSTNAME}-%t.hprof\`.

- JDK: ${javaVersion()}
- Machine: 2 cores, \`LC_ALL=C\`; the \`time\` decorator prints local time with its UTC offset.
- Selectors: \`${SELECTORS}\` (every gc tag set at info: \`gc,start\`, \`gc,phases\`, \`gc,heap\`,
  \`gc,cpu\`, \`gc,metaspace\`, \`gc,init\`...), so each run is kept to a few seconds.
- Workload: GcWorkload allocating 8 KiB arrays at the given MB/s over a live set that is slowly
  replaced (objects survive, get promoted, later die), \`-Xms\` = \`-Xmx\`.
- Rotation: the rotated set uses \`filecount=3,filesize=${ROTATED_KB}K\`. Archives are \`<file>.0\`..\`.2\`
  and the active file keeps the plain name. Unified logging reuses archive numbers cyclically,
  so the index does not give the order once it wraps (this set has wrapped: see the order below);
  order by each file's first uptime. Git does not keep mtimes.

Total: ${total} bytes.

${entries.join('\n')}
`;
}

async function main(): Promise<void> {
  if (!requireJava()) throw new Error('java and javac are needed to write GC fixtures');
  const entries: string[] = [];
  try {
    for (const fixture of SETS) {
      console.log(`running ${fixture.options.collector} for ${fixture.options.pod}`);
      entries.push(...(await runSet(fixture)));
    }
  } finally {
    await stopAllJvms();
  }
  const total = await totalBytes(ROOT);
  await writeFile(join(ROOT, 'README.md'), readme(entries, total));
  console.log(`wrote ${entries.length} lines of README, ${total} bytes under ${ROOT}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
