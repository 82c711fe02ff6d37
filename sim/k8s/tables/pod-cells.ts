/**
 * The pod row of `kubectl get pods`: READY, STATUS, RESTARTS, AGE, IP, NODE, NOMINATED NODE,
 * READINESS GATES, computed the way the apiserver's pod printer does (init container progress,
 * waiting/terminated reasons, `Terminating`, `N (5m ago)` restarts).
 */
import type { ContainerStatus, Pod } from '../types.js';
import { ageOf, humanDuration } from './duration.js';

interface Tally {
  reason: string;
  ready: number;
  restarts: number;
  lastRestart: number;
}

function terminatedReason(s: ContainerStatus, prefix: string): string | undefined {
  const t = s.state.terminated;
  if (!t) return undefined;
  if (t.reason) return prefix + t.reason;
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode}`;
}

function noteRestart(tally: Tally, s: ContainerStatus): void {
  tally.restarts += s.restartCount;
  const finished = s.lastState.terminated?.finishedAt;
  if (finished) tally.lastRestart = Math.max(tally.lastRestart, Date.parse(finished));
}

/** Walks init containers; returns true while the pod is still initializing. */
function initProgress(pod: Pod, tally: Tally): boolean {
  const statuses = pod.status?.initContainerStatuses ?? [];
  const total = pod.spec.initContainers?.length ?? 0;
  for (const [i, s] of statuses.entries()) {
    noteRestart(tally, s);
    if (s.state.terminated?.exitCode === 0) continue;
    const terminated = terminatedReason(s, 'Init:');
    if (terminated) tally.reason = terminated;
    else if (s.state.waiting?.reason && s.state.waiting.reason !== 'PodInitializing') {
      tally.reason = `Init:${s.state.waiting.reason}`;
    } else tally.reason = `Init:${i}/${total}`;
    return true;
  }
  return false;
}

function containerProgress(pod: Pod, tally: Tally): void {
  tally.restarts = 0;
  tally.lastRestart = 0;
  let hasRunning = false;
  const statuses = pod.status?.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const s = statuses[i];
    if (!s) continue;
    noteRestart(tally, s);
    const terminated = terminatedReason(s, '');
    if (s.state.waiting?.reason) tally.reason = s.state.waiting.reason;
    else if (terminated) tally.reason = terminated;
    else if (s.ready && s.state.running) {
      hasRunning = true;
      tally.ready++;
    }
  }
  if (tally.reason === 'Completed' && hasRunning) {
    const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    tally.reason = ready ? 'Running' : 'NotReady';
  }
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const ok = gates.filter(
    (g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True',
  ).length;
  return `${ok}/${gates.length}`;
}

/** The nine cells of a pod row (the server always sends the wide columns too). */
export function podCells(pod: Pod, now: number): unknown[] {
  const phase = pod.status?.phase ?? '';
  const tally: Tally = { reason: pod.status?.reason || phase, ready: 0, restarts: 0, lastRestart: 0 };
  const gated = pod.status?.conditions?.some(
    (c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated',
  );
  if (gated) tally.reason = 'SchedulingGated';
  const initializing = initProgress(pod, tally);
  const initialized = pod.status?.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) containerProgress(pod, tally);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  if (pod.metadata.deletionTimestamp && pod.status?.reason === 'NodeLost') tally.reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !terminal) tally.reason = 'Terminating';
  const restarts =
    tally.restarts !== 0 && tally.lastRestart > 0
      ? `${tally.restarts} (${humanDuration(now - tally.lastRestart)} ago)`
      : String(tally.restarts);
  const ip = pod.status?.podIPs?.[0]?.ip || '<none>';
  return [
    pod.metadata.name ?? '',
    `${tally.ready}/${pod.spec.containers.length}`,
    tally.reason,
    restarts,
    ageOf(pod.metadata.creationTimestamp, now),
    ip,
    pod.spec.nodeName || '<none>',
    pod.status?.nominatedNodeName || '<none>',
    readinessGates(pod),
  ];
}
