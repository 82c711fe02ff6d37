import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inspectHeapDump } from '../adapters/heapdump/inspect.js';
import { findGcLogFiles, registerJvmCleanup, startJvm } from '../sim/jvm/launch.js';
import { requireJava } from './support/java.js';

const run = promisify(execFile);
const POD = 'gateway-5d8f7c9b6-x2x7q';

describe.runIf(requireJava())('heap dumps written by a real JDK 17', () => {
  let dir: string;
  let dumpPath: string;
  let startedMs: number;
  let endedMs: number;
  let exitCode: number;
  registerJvmCleanup(afterEach);

  // One OOM run feeds the tests below: -Xmx32m, leaking unpaced until OutOfMemoryError.
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsctl-heapdump-'));
    startedMs = Date.now();
    const jvm = await startJvm({
      dataDir: dir,
      pod: POD,
      collector: 'G1',
      heapMb: 32,
      workload: { mode: 'oom', rateMb: 0 },
      gcLog: { selectors: 'gc' },
    });
    exitCode = await jvm.exited;
    endedMs = Date.now();
    dumpPath = jvm.heapDumpPath;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the OOM dump literally dump-<pod>-%t.hprof: HotSpot does not expand %t there', async () => {
    expect(exitCode).toBe(1);
    const dumps = (await readdir(dir)).filter((name) => name.startsWith('dump-'));
    expect(dumps).toEqual([`dump-${POD}-%t.hprof`]);
    expect(dumpPath).toBe(join(dir, dumps[0]!));
    // ... while the GC log of the same JVM has %t expanded to its start time.
    const [log] = await findGcLogFiles(dir, POD);
    expect(log).toMatch(/gc-gateway-5d8f7c9b6-x2x7q-\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.log$/);
  });

  it('inspects the dump as a complete 1.0.2 hprof created during the run', async () => {
    const result = await inspectHeapDump(dumpPath, { settleMs: 100 });
    expect(result).toMatchObject({
      format: 'hprof',
      hprofVersion: '1.0.2',
      complete: true,
      check: 'end-record',
    });
    expect(result.createdEpochMs).toBeGreaterThanOrEqual(startedMs);
    expect(result.createdEpochMs).toBeLessThanOrEqual(endedMs);
    expect(result.sizeBytes).toBeGreaterThan(1024 * 1024);
  });

  it('calls a truncated copy incomplete', async () => {
    const copy = join(dir, 'truncated.hprof');
    await copyFile(dumpPath, copy);
    await truncate(copy, Math.floor((await stat(copy)).size / 2));
    const result = await inspectHeapDump(copy, { settleMs: 0 });
    expect(result).toMatchObject({ format: 'hprof', complete: false });
    expect(result.reason).toContain('HEAP_DUMP_END');
  });

  it('calls a non-hprof file unknown', async () => {
    const [log] = await findGcLogFiles(dir, POD);
    expect(await inspectHeapDump(log!, { settleMs: 0 })).toMatchObject({
      format: 'unknown',
      complete: false,
    });
  });

  it('recognises a `jcmd GC.heap_dump -gz=1` dump as hprof_gz', async () => {
    const jvm = await startJvm({ dataDir: dir, pod: 'gateway-5d8f7c9b6-k4m2p', collector: 'G1', heapMb: 32 });
    await jvm.ready;
    const gzPath = join(dir, 'jcmd.hprof.gz');
    await run('jcmd', [String(jvm.pid), 'GC.heap_dump', '-gz=1', gzPath]);
    expect(await inspectHeapDump(gzPath, { settleMs: 100 })).toMatchObject({
      format: 'hprof_gz',
      complete: true,
      check: 'size-stable',
    });
    expect(await jvm.stop()).toBe(0);
  });
});
