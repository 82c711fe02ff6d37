/**
 * Which pod a user means by the argument they typed (`opsctl arthas gateway-5d8f`): the pod of
 * that exact name; else the one pod whose name starts with it; else a pod of the workload of that
 * name (Deployment, StatefulSet, ReplicaSet owner, or `app` / `app.kubernetes.io/name` label),
 * preferring Ready pods. Pure: the caller lists the pods.
 */
import { isTerminating, podKey, type PodInfo } from './pod.js';

/** How a pod was matched. */
export type PodMatchRule = 'name' | 'prefix' | 'workload';

/** The outcome of matching an argument against pods. */
export type PodMatchResult =
  /** One pod. `ready: false` only for a workload without a Ready pod (the best Running one). */
  | { kind: 'found'; pod: PodInfo; by: PodMatchRule; ready: boolean }
  /** Several pods fit and none can be preferred: the user must say which. Sorted by key. */
  | { kind: 'ambiguous'; by: PodMatchRule; candidates: PodInfo[] }
  /** A workload matched but none of its pods is Running (all pending, terminating or done). */
  | { kind: 'unavailable'; candidates: PodInfo[] }
  | { kind: 'none' };

/** Labels that name the application a pod belongs to. */
export const APP_LABELS = ['app.kubernetes.io/name', 'app'] as const;

/** True when `query` names the pod's workload, one of its owners, or its app label. */
export function belongsToWorkload(pod: PodInfo, query: string): boolean {
  return (
    pod.workload?.name === query ||
    pod.owners.some((o) => o.name === query) ||
    APP_LABELS.some((label) => pod.labels[label] === query)
  );
}

function readySince(pod: PodInfo): number {
  const ready = pod.conditions.find((c) => c.type === 'Ready' && c.status === 'True');
  return ready?.lastTransitionAt ?? pod.startedAt ?? pod.createdAt ?? Number.MAX_SAFE_INTEGER;
}

/**
 * Orders pods best first for running a tool in: Ready before not ready, Running before other
 * phases, Ready for longer first, fewer restarts, older, then by name (deterministic).
 */
export function comparePodsForAttach(a: PodInfo, b: PodInfo): number {
  return (
    Number(b.ready) - Number(a.ready) ||
    Number(b.phase === 'Running') - Number(a.phase === 'Running') ||
    readySince(a) - readySince(b) ||
    a.restarts - b.restarts ||
    (a.createdAt ?? 0) - (b.createdAt ?? 0) ||
    podKey(a).localeCompare(podKey(b))
  );
}

function byKey(pods: PodInfo[]): PodInfo[] {
  return [...pods].sort((a, b) => podKey(a).localeCompare(podKey(b)));
}

function pickFromWorkload(pods: PodInfo[]): PodMatchResult {
  const namespaces = new Set(pods.map((p) => p.namespace));
  if (namespaces.size > 1) return { kind: 'ambiguous', by: 'workload', candidates: byKey(pods) };
  const usable = pods.filter((p) => !isTerminating(p) && p.phase === 'Running').sort(comparePodsForAttach);
  const best = usable[0];
  if (!best) return { kind: 'unavailable', candidates: byKey(pods) };
  return { kind: 'found', pod: best, by: 'workload', ready: best.ready };
}

/** Matches `query` against `pods` (of one namespace, or of all when the user asked for `-A`). */
export function matchPod(query: string, pods: readonly PodInfo[]): PodMatchResult {
  const exact = pods.filter((p) => p.name === query);
  if (exact.length === 1 && exact[0])
    return { kind: 'found', pod: exact[0], by: 'name', ready: exact[0].ready };
  if (exact.length > 1) return { kind: 'ambiguous', by: 'name', candidates: byKey(exact) };
  const prefixed = pods.filter((p) => p.name.startsWith(query));
  if (prefixed.length === 1 && prefixed[0])
    return { kind: 'found', pod: prefixed[0], by: 'prefix', ready: prefixed[0].ready };
  const members = pods.filter((p) => belongsToWorkload(p, query));
  if (members.length > 0) return pickFromWorkload(members);
  if (prefixed.length > 1) return { kind: 'ambiguous', by: 'prefix', candidates: byKey(prefixed) };
  return { kind: 'none' };
}
