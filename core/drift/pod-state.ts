/**
 * Facts about a pod's readiness the drift kinds need: since when it is Ready, whether it was
 * ever Ready (to tell a starting pod from one that turned unready), and when it started.
 */
import { isTerminating, type PodInfo } from '../kube/pod.js';

/**
 * A Ready=False condition changed this long after the pod started means the pod was Ready in
 * between: kubelets write the first Ready=False when the pod starts.
 */
const FIRST_STATUS_WINDOW_MS = 10_000;

function readyCondition(pod: PodInfo) {
  return pod.conditions.find((c) => c.type === 'Ready');
}

/** When the pod started (status.startTime, else creation). */
export function podStart(pod: PodInfo): number | undefined {
  return pod.startedAt ?? pod.createdAt;
}

/** Epoch ms since when the pod is Ready, if it is. */
export function readySince(pod: PodInfo): number | undefined {
  if (!pod.ready) return undefined;
  return readyCondition(pod)?.lastTransitionAt ?? podStart(pod);
}

/** Ready and not terminating: Kubernetes Services send it traffic. */
export function servesTraffic(pod: PodInfo): boolean {
  return pod.ready && !isTerminating(pod);
}

/** Why a pod does not serve: terminating, never Ready yet, or Ready earlier. */
export function notReadyReason(
  pod: PodInfo,
  seenReady: boolean,
): { reason: 'starting' | 'terminating' | 'unready'; since: number | undefined } {
  if (pod.deletionAt !== undefined) return { reason: 'terminating', since: pod.deletionAt };
  const condition = readyCondition(pod);
  const start = podStart(pod);
  const changed = condition?.lastTransitionAt;
  const wasReady =
    seenReady || (changed !== undefined && start !== undefined && changed - start > FIRST_STATUS_WINDOW_MS);
  return wasReady ? { reason: 'unready', since: changed ?? start } : { reason: 'starting', since: start };
}
