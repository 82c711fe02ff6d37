/**
 * clean-logs over namespaces and services: `planCleanLogs` lists every service folder and plans
 * (nothing is deleted), `applyCleanLogs` deletes what a plan says and writes the audit log.
 * Each service runs in its own killable NAS child, a few at a time, so a hung mount aborts that
 * service only.
 */
import { planCleanup } from '../../core/clean/plan.js';
import {
  countKept,
  type CleanReport,
  type NamespaceFailure,
  type ServiceReport,
} from '../../core/clean/report.js';
import type { CleanupPlan, PlanOptions } from '../../core/clean/types.js';
import type { PodInfo } from '../../core/kube/pod.js';
import type { CompiledNasLayout } from '../../core/nas/layout.js';
import type { AuditRecord } from './audit-log.js';
import type { CleanFs } from './fs-client.js';
import { describe, FsPool, runBounded } from './pool.js';

/** What a run needs from the outside world. */
export interface CleanDeps {
  /** The pods of a namespace; throws an OpsError when they cannot be read. */
  listPods(namespace: string): Promise<readonly PodInfo[]>;
  /** A NAS child for one service. */
  startFs(): CleanFs;
  appendAudit(records: readonly AuditRecord[]): Promise<void>;
  /** The audit log file the NAS children append to ('' for none). */
  readonly auditLog: string;
  now(): number;
  /** Called when a service starts and ends (progress on a terminal). */
  onProgress?: (event: {
    namespace: string;
    service: string;
    phase: 'plan' | 'apply';
    done: boolean;
  }) => void;
}

/** What to clean. */
export interface CleanInput {
  readonly nasRoot: string;
  readonly namespaces: readonly string[];
  /** Service folder names; empty: every folder under `<nasRoot>/<namespace>`. */
  readonly services: readonly string[];
  readonly plan: Omit<PlanOptions, 'nowMs'>;
  readonly layout: CompiledNasLayout;
  /** Pod label naming the service; empty or absent: the workload name. */
  readonly serviceLabel: string;
  /** Services handled at once (each in its own NAS child). @default 2 */
  readonly concurrency?: number;
}

/** The plan of one service (or why there is none). */
export interface ServicePlan {
  readonly namespace: string;
  readonly service: string;
  readonly dir: string;
  readonly livePods: number;
  readonly plan?: CleanupPlan;
  readonly error?: { readonly code: string; readonly message: string };
}

/** Plans of every service, and the namespaces left alone. */
export interface CleanPlanSet {
  readonly services: readonly ServicePlan[];
  readonly namespaceFailures: readonly NamespaceFailure[];
}

/** Lists and plans every service folder; deletes nothing. */
export async function planCleanLogs(deps: CleanDeps, input: CleanInput): Promise<CleanPlanSet> {
  const pool = new FsPool(deps);
  try {
    return await planAll(deps, input, pool);
  } finally {
    pool.closeAll();
  }
}

async function planAll(deps: CleanDeps, input: CleanInput, pool: FsPool): Promise<CleanPlanSet> {
  const namespaceFailures: NamespaceFailure[] = [];
  const jobs: (() => Promise<ServicePlan>)[] = [];
  for (const namespace of input.namespaces) {
    let pods: readonly PodInfo[];
    try {
      pods = await deps.listPods(namespace);
    } catch (error) {
      namespaceFailures.push({ namespace, ...describe(error) });
      continue;
    }
    const live = new Set(pods.map((p) => p.name));
    const nsDir = `${input.nasRoot.replace(/\/+$/, '')}/${namespace}`;
    const services =
      input.services.length > 0
        ? input.services
        : await listServices(pool, nsDir, namespace, namespaceFailures);
    for (const service of services) {
      const livePods = pods.filter((p) => serviceOfPod(p, input.serviceLabel) === service).length;
      const dir = `${nsDir}/${service}`;
      jobs.push(() => planService(deps, pool, input, { namespace, service, dir, livePods }, live));
    }
  }
  const services = await runBounded(jobs, input.concurrency ?? 2);
  return { services, namespaceFailures };
}

/** Deletes every planned entry, appends the audit log, and reports per service. */
export async function applyCleanLogs(
  deps: CleanDeps,
  plans: CleanPlanSet,
  concurrency = 2,
): Promise<CleanReport> {
  const pool = new FsPool(deps);
  try {
    const jobs = plans.services.map((p) => () => applyService(deps, pool, p));
    const services = await runBounded(jobs, concurrency);
    return { dryRun: false, services, namespaceFailures: plans.namespaceFailures };
  } finally {
    pool.closeAll();
  }
}

/** The report a dry run prints: what the plans would delete. */
export function reportOfPlans(plans: CleanPlanSet): CleanReport {
  const services = plans.services.map((p): ServiceReport => {
    const deletions = p.plan?.deletions ?? [];
    return {
      ...baseReport(p),
      deletedFiles: deletions.length,
      deletedBytes: deletions.reduce((sum, e) => sum + (e.isDirectory ? 0 : e.size), 0),
    };
  });
  return { dryRun: true, services, namespaceFailures: plans.namespaceFailures };
}

/** The service a pod belongs to: its `label` value, else its workload name. */
export function serviceOfPod(pod: PodInfo, label: string): string | undefined {
  const fromLabel = label === '' ? undefined : pod.labels[label];
  return fromLabel ?? pod.workload?.name;
}

export async function listServices(
  pool: FsPool,
  nsDir: string,
  namespace: string,
  failures: NamespaceFailure[],
): Promise<string[]> {
  try {
    const names = await pool.use((fs) => fs.list(nsDir));
    return names
      .filter((n) => n.isDirectory && !n.name.startsWith('.'))
      .map((n) => n.name)
      .sort();
  } catch (error) {
    failures.push({ namespace, ...describe(error) });
    return [];
  }
}

async function planService(
  deps: CleanDeps,
  pool: FsPool,
  input: CleanInput,
  target: Omit<ServicePlan, 'plan' | 'error'>,
  live: ReadonlySet<string>,
): Promise<ServicePlan> {
  deps.onProgress?.({ ...target, phase: 'plan', done: false });
  try {
    const listing = await pool.use((fs) => fs.walk(target.dir, [input.layout.tmpDir]));
    const plan = planCleanup(listing, live, { ...input.plan, nowMs: deps.now() }, input.layout);
    return { ...target, plan };
  } catch (error) {
    return { ...target, error: describe(error) };
  } finally {
    deps.onProgress?.({ ...target, phase: 'plan', done: true });
  }
}

async function applyService(deps: CleanDeps, pool: FsPool, p: ServicePlan): Promise<ServiceReport> {
  const base = baseReport(p);
  if (p.plan === undefined || p.plan.deletions.length === 0) return base;
  deps.onProgress?.({ namespace: p.namespace, service: p.service, phase: 'apply', done: false });
  const plan = p.plan;
  try {
    const result = await pool.use((fs) =>
      fs.remove(
        p.dir,
        plan.deletions.map((e) => ({ relPath: e.relPath, isDirectory: e.isDirectory })),
      ),
    );
    const removed = new Set(result.removed);
    const time = new Date(deps.now()).toISOString();
    const done = plan.deletions.filter((e) => removed.has(e.relPath));
    await deps.appendAudit(
      done.map((e) => ({
        path: `${p.dir}/${e.relPath}`,
        size: e.size,
        mtime: new Date(e.mtimeMs).toISOString(),
        time,
        namespace: p.namespace,
        service: p.service,
      })),
    );
    const deletedBytes = done.reduce((sum, e) => sum + (e.isDirectory ? 0 : e.size), 0);
    return { ...base, deletedFiles: done.length, deletedBytes, failed: result.failures.length };
  } catch (error) {
    return { ...base, error: describe(error) };
  } finally {
    deps.onProgress?.({ namespace: p.namespace, service: p.service, phase: 'apply', done: true });
  }
}

function baseReport(p: ServicePlan): ServiceReport {
  const kept = p.plan === undefined ? countKept({ deletions: [], keeps: [] }) : countKept(p.plan);
  return {
    namespace: p.namespace,
    service: p.service,
    livePods: p.livePods,
    deletedFiles: 0,
    deletedBytes: 0,
    kept,
    failed: 0,
    ...(p.error !== undefined ? { error: p.error } : {}),
  };
}
