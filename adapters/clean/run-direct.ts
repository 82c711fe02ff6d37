/**
 * clean-logs in one pass per service, used when nothing has to be confirmed first (`--yes`,
 * `--dry-run`, schedules): each NAS child lists, plans, deletes and appends the audit log for
 * its service and sends back counts only, so the parent's memory does not grow with the number
 * of files, and the deletion starts from a listing that is a moment old.
 */
import {
  emptyKept as emptyKeptCounts,
  type CleanReport,
  type NamespaceFailure,
  type ServiceReport,
} from '../../core/clean/report.js';
import type { PodInfo } from '../../core/kube/pod.js';
import type { CleanInput, CleanDeps } from './run.js';
import { listServices, serviceOfPod } from './run.js';
import { describe, FsPool, runBounded } from './pool.js';

/** What a one-pass run does. */
export interface OnePassOptions {
  /** Delete (and audit); false: a dry run that only counts. */
  readonly apply: boolean;
  /** Receives `delete <path> (<reason>, <size>)` lines as the children plan (dry runs). */
  readonly onLines?: (lines: readonly string[]) => void;
}

interface Target {
  readonly namespace: string;
  readonly service: string;
  readonly dir: string;
  readonly livePods: number;
  readonly live: readonly string[];
}

/** Cleans (or, without `apply`, counts) every service, each wholly inside a NAS child. */
export async function cleanLogsOnePass(
  deps: CleanDeps,
  input: CleanInput,
  options: OnePassOptions,
): Promise<CleanReport> {
  const pool = new FsPool(deps);
  try {
    const namespaceFailures: NamespaceFailure[] = [];
    const targets = await targetsOf(deps, input, pool, namespaceFailures);
    const jobs = targets.map((t) => () => cleanService(deps, pool, input, t, options));
    const services = await runBounded(jobs, input.concurrency ?? 2);
    return { dryRun: !options.apply, services, namespaceFailures };
  } finally {
    pool.closeAll();
  }
}

async function targetsOf(
  deps: CleanDeps,
  input: CleanInput,
  pool: FsPool,
  failures: NamespaceFailure[],
): Promise<Target[]> {
  const targets: Target[] = [];
  for (const namespace of input.namespaces) {
    let pods: readonly PodInfo[];
    try {
      pods = await deps.listPods(namespace);
    } catch (error) {
      failures.push({ namespace, ...describe(error) });
      continue;
    }
    const live = pods.map((p) => p.name);
    const nsDir = `${input.nasRoot.replace(/\/+$/, '')}/${namespace}`;
    const services =
      input.services.length > 0 ? input.services : await listServices(pool, nsDir, namespace, failures);
    for (const service of services) {
      const livePods = pods.filter((p) => serviceOfPod(p, input.serviceLabel) === service).length;
      targets.push({ namespace, service, dir: `${nsDir}/${service}`, livePods, live });
    }
  }
  return targets;
}

async function cleanService(
  deps: CleanDeps,
  pool: FsPool,
  input: CleanInput,
  t: Target,
  options: OnePassOptions,
): Promise<ServiceReport> {
  const phase = options.apply ? 'apply' : 'plan';
  const names = { namespace: t.namespace, service: t.service };
  deps.onProgress?.({ ...names, phase, done: false });
  const job = {
    dir: t.dir,
    skipTop: [input.layout.tmpDir],
    livePods: t.live,
    plan: { ...input.plan, nowMs: deps.now() },
    layout: input.layout.source,
    apply: options.apply,
    emitLines: options.onLines !== undefined,
    audit: { file: deps.auditLog, ...names },
  };
  try {
    const summary = await pool.use((fs) => fs.clean(job, options.onLines));
    return { ...names, livePods: t.livePods, ...summary };
  } catch (error) {
    return {
      ...names,
      livePods: t.livePods,
      deletedFiles: 0,
      deletedBytes: 0,
      kept: emptyKeptCounts(),
      failed: 0,
      error: describe(error),
    };
  } finally {
    deps.onProgress?.({ ...names, phase, done: true });
  }
}
