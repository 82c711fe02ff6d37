import { cp, mkdir, readdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { packagePath } from '../../adapters/package-root.js';
import { javaMissing, startJvm, stopAllJvms, type JvmHandle } from '../jvm/launch.js';
import { replayGcLogs, type Replay } from './replay.js';
import { DEMO_NAMESPACE, DEMO_OOM_SERVICE, DEMO_SERVICES, oomPodName } from './services.js';

/** GC logs written by real JDK 17 JVMs (see the folder's README). */
const FIXTURES = packagePath('test', 'fixtures', 'gclogs', 'jvm17', 'demo');

export interface DemoNasWorld {
  nasRoot: string;
  /** 'jvm': real JVMs write the logs; 'replay': committed real logs are replayed line by line. */
  mode: 'jvm' | 'replay';
  /** Why there are no live JVMs, when mode is 'replay'. */
  reason?: string;
  stop(): Promise<void>;
}

export interface DemoNasOptions {
  dir: string;
  /** Force replay even when java is installed. */
  noJava?: boolean;
  onEvent?: (message: string) => void;
  /** Seconds between OOM runs of the leaking service. @default 90 */
  oomEverySeconds?: number;
}

const TWO_DAYS_MS = 2 * 24 * 3600 * 1000;

/**
 * A NAS folder `<dir>/nas/demo/<service>/` the way the clusters have it: GC logs and heap dumps
 * of live pods (real JVMs with the production flags, or a replay of real logs when there is no
 * JDK), plus files of pods that are long gone (two days old) for cleanup demos.
 */
export async function startDemoNas(options: DemoNasOptions): Promise<DemoNasWorld> {
  const nasRoot = join(options.dir, 'nas');
  const nsDir = join(nasRoot, DEMO_NAMESPACE);
  await mkdir(nsDir, { recursive: true });
  await copyGonePods(nsDir);
  const missing = options.noJava ? 'started with --no-java' : javaMissing();
  if (missing !== undefined) {
    const replay = await replayGcLogs(FIXTURES, nsDir);
    return { nasRoot, mode: 'replay', reason: missing, stop: () => replay.stop() };
  }
  const jvms: JvmHandle[] = [];
  for (const service of DEMO_SERVICES) {
    const dataDir = join(nsDir, service.name);
    await mkdir(dataDir, { recursive: true });
    for (const pod of service.pods) {
      jvms.push(
        await startJvm({
          dataDir,
          pod,
          collector: service.collector,
          heapMb: service.heapMb,
          gcLog: { filecount: 5, filesizeKb: 1024 },
          workload: {
            rateMb: service.rateMb,
            liveMb: service.liveMb,
            ...(service.systemGcS ? { systemGcS: service.systemGcS } : {}),
          },
        }),
      );
    }
  }
  await Promise.all(jvms.map((j) => j.ready));
  const oom = startOomLoop(nsDir, options.oomEverySeconds ?? 90, options.onEvent);
  return {
    nasRoot,
    mode: 'jvm',
    stop: async () => {
      await oom.stop();
      await stopAllJvms();
    },
  };
}

/** Copies the committed real logs as files of pods that ended two days ago. */
async function copyGonePods(nsDir: string): Promise<void> {
  const old = new Date(Date.now() - TWO_DAYS_MS);
  for (const service of await readdir(FIXTURES)) {
    const target = join(nsDir, service);
    await mkdir(target, { recursive: true });
    for (const file of await readdir(join(FIXTURES, service))) {
      // Another pod of the same ReplicaSet: the random suffix reversed.
      const goneName = file.replace(
        /-([a-z0-9]{5})-(\d{4}-)/,
        (_m, id: string, rest: string) => `-${[...id].reverse().join('')}-${rest}`,
      );
      await cp(join(FIXTURES, service, file), join(target, goneName));
      await utimes(join(target, goneName), old, old);
    }
  }
}

/** Starts a leaking JVM now and then: each OOM leaves `dump-<pod>-%t.hprof` (at most 3). */
function startOomLoop(nsDir: string, everySeconds: number, onEvent?: (m: string) => void): Replay {
  let index = 0;
  let stopped = false;
  const dataDir = join(nsDir, DEMO_OOM_SERVICE.name);
  const runOne = async (): Promise<void> => {
    if (stopped || index >= 3) return;
    const pod = oomPodName(index++);
    await mkdir(dataDir, { recursive: true });
    const jvm = await startJvm({
      dataDir,
      pod,
      collector: DEMO_OOM_SERVICE.collector,
      heapMb: DEMO_OOM_SERVICE.heapMb,
      workload: { mode: 'oom', rateMb: 16 },
    });
    const code = await jvm.exited;
    onEvent?.(`pod ${pod} ran out of memory (exit ${code}) and wrote a heap dump in ${dataDir}`);
  };
  const first = setTimeout(() => void runOne().catch(() => undefined), 15_000);
  const timer = setInterval(() => void runOne().catch(() => undefined), everySeconds * 1000);
  first.unref();
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await Promise.resolve();
    },
  };
}
