import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { isOpsError } from '../../core/errors.js';
import {
  COLLECTOR_FLAGS,
  findGcLogFiles,
  registerJvmCleanup,
  startJvm,
  stopAllJvms,
  type JvmCollector,
} from './launch.js';
import { requireJava } from '../../test/support/java.js';

/** How each collector announces itself in the first `gc` line of a JDK 17 log. */
const USING: Record<JvmCollector, string> = {
  G1: 'Using G1',
  Parallel: 'Using Parallel',
  Serial: 'Using Serial',
  ZGC: 'Using The Z Garbage Collector',
  Shenandoah: 'Using Shenandoah',
};

/** `%t` as HotSpot expands it: the JVM start time, `%Y-%m-%d_%H-%M-%S`, local time. */
function startTimeOf(file: string, pod: string): number | undefined {
  const match = new RegExp(`^gc-${pod}-(\\d{4})-(\\d\\d)-(\\d\\d)_(\\d\\d)-(\\d\\d)-(\\d\\d)\\.log`).exec(
    basename(file),
  );
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return new Date(year, month - 1, day, hour, minute, second).getTime();
}

describe.runIf(requireJava())('startJvm (real JDK)', () => {
  let dir: string;
  registerJvmCleanup(afterEach);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsctl-jvm-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gets ready, exits 0 when stdin closes, and expands %t in the -Xlog file name', async () => {
    const pod = 'gateway-5d8f7c9b6-x2x7q';
    const before = Date.now();
    const jvm = await startJvm({ dataDir: dir, pod, collector: 'G1', heapMb: 32, workload: { rateMb: 8 } });
    await jvm.ready;
    expect(await jvm.stop()).toBe(0);
    expect(jvm.output().stdout).toMatch(/^DONE allocatedMb=\d+$/m);
    const [log, ...others] = await findGcLogFiles(dir, pod);
    expect(others).toEqual([]);
    expect(jvm.gcLogPattern).toBe(join(dir, `gc-${pod}-%t.log`));
    const started = startTimeOf(log!, pod);
    expect(started).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    expect(started).toBeLessThanOrEqual(Date.now());
    expect(await readFile(log!, 'utf8')).toMatch(/^\[\d{4}-\d\d-\d\dT[^\]]+\]\[\d+\.\d+s\]\[info\]\[gc/m);
  });

  it.each(Object.keys(COLLECTOR_FLAGS) as JvmCollector[])('runs %s for a set duration', async (collector) => {
    const pod = `svc-${collector.toLowerCase()}-5d8f7c9b6-k2m4p`;
    const jvm = await startJvm({
      dataDir: dir,
      pod,
      collector,
      heapMb: 32,
      workload: { durationS: 0.5, rateMb: 32, liveMb: 8 },
      gcLog: { selectors: 'gc' },
    });
    expect(await jvm.exited).toBe(0);
    const [log] = await findGcLogFiles(dir, pod);
    expect(await readFile(log!, 'utf8')).toContain(USING[collector]);
  });

  it('rotates into numbered archives bounded by filecount', async () => {
    const pod = 'order-service-7c6b8d5f4-q8m2n';
    const jvm = await startJvm({
      dataDir: dir,
      pod,
      collector: 'Serial',
      heapMb: 16,
      workload: { durationS: 1, rateMb: 64, liveMb: 4 },
      gcLog: { filecount: 2, filesizeKb: 2 },
    });
    expect(await jvm.exited).toBe(0);
    const names = (await findGcLogFiles(dir, pod)).map((file) => basename(file).replace(/^.*\.log/, '.log'));
    expect(names).toEqual(['.log', '.log.0', '.log.1']);
  });

  it('stopAllJvms kills JVMs still running', async () => {
    const jvm = await startJvm({ dataDir: dir, pod: 'p-kill', collector: 'Serial', heapMb: 16 });
    await jvm.ready;
    await stopAllJvms();
    expect(await jvm.exited).toBe(137);
  });

  it('rejects ready with E_JVM_READY when the JVM cannot start', async () => {
    const jvm = await startJvm({
      dataDir: dir,
      pod: 'p-bad',
      collector: 'G1',
      heapMb: 16,
      extraArgs: ['-XX:+NoSuchOpsctlFlag'],
    });
    const error: unknown = await jvm.ready.catch((thrown: unknown) => thrown);
    expect(isOpsError(error) && error.code).toBe('E_JVM_READY');
    expect(await jvm.exited).not.toBe(0);
    expect(jvm.output().stderr).toContain('NoSuchOpsctlFlag');
    // -Xlog is applied before the bad option fails the start: an empty GC log is left behind.
    const logs = await findGcLogFiles(dir, 'p-bad');
    expect(logs).toHaveLength(1);
    expect((await stat(logs[0]!)).size).toBe(0);
  });
});
