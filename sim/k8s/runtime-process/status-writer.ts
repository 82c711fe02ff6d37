/**
 * Container status changes the runtime reports as a kubelet would: a container (or ephemeral
 * container) terminated with its exit code, a container restarted after exiting (restartCount + 1,
 * the exit moved to lastState, a new containerID), and the pod phase once no container will run
 * again (Succeeded when every container exited 0, else Failed).
 */
import { kubeTime } from '../clock.js';
import { containerId, podConditions } from '../kubelet/pod-status.js';
import type { ContainerState, ContainerStatus, Pod, PodStatus } from '../types.js';

/** How a container run ended, for its terminated state. */
export interface Termination {
  exitCode: number;
  /** @default 'Completed' for 0, 'Error' otherwise */
  reason?: string;
  message?: string;
  startedAt: number;
  finishedAt: number;
}

function terminated(t: Termination, containerID: string | undefined): ContainerState {
  const state: NonNullable<ContainerState['terminated']> = {
    exitCode: t.exitCode,
    reason: t.reason ?? (t.exitCode === 0 ? 'Completed' : 'Error'),
    startedAt: kubeTime(t.startedAt),
    finishedAt: kubeTime(t.finishedAt),
  };
  if (t.message !== undefined) state.message = t.message;
  if (containerID) state.containerID = containerID;
  return { terminated: state };
}

function withConditions(pod: Pod, status: PodStatus, at: string): PodStatus {
  const scheduledAt =
    pod.status?.conditions?.find((c) => c.type === 'PodScheduled')?.lastTransitionTime ?? at;
  return { ...status, conditions: podConditions(status, scheduledAt, at) };
}

function finalPhase(pod: Pod, statuses: ContainerStatus[]): string | undefined {
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (policy === 'Always') return undefined;
  const ends = statuses.map((s) => s.state.terminated);
  if (ends.some((t) => t === undefined)) return undefined;
  const succeeded = ends.every((t) => t?.exitCode === 0);
  // Under OnFailure a failed container starts again, so only success is final.
  if (policy === 'OnFailure') return succeeded ? 'Succeeded' : undefined;
  return succeeded ? 'Succeeded' : 'Failed';
}

/** The pod status after container `name` terminated (undefined when it is not running any more). */
export function terminatedStatus(
  pod: Pod,
  name: string,
  ephemeral: boolean,
  t: Termination,
  containerID: string,
): PodStatus | undefined {
  const key = ephemeral ? 'ephemeralContainerStatuses' : 'containerStatuses';
  const list = pod.status?.[key] ?? [];
  const current = list.find((s) => s.name === name);
  if (!current?.state.running || current.containerID !== containerID) return undefined;
  const updated = list.map((s): ContainerStatus =>
    s.name === name ? { ...s, ready: false, started: false, state: terminated(t, containerID) } : s,
  );
  const status: PodStatus = { ...pod.status, [key]: updated };
  if (ephemeral) return status;
  const phase = finalPhase(pod, updated);
  if (phase) status.phase = phase;
  return withConditions(pod, status, kubeTime(t.finishedAt));
}

/** The pod status after container `name` was started again at `at`; the new containerID with it. */
export function restartedStatus(
  pod: Pod,
  name: string,
  at: number,
): { status: PodStatus; containerID: string } | undefined {
  const list = pod.status?.containerStatuses ?? [];
  const current = list.find((s) => s.name === name);
  const last = current?.state.terminated;
  if (!current || !last) return undefined;
  const startedAt = kubeTime(at);
  const restarts = current.restartCount + 1;
  const id = containerId(pod, name, `${startedAt}#${restarts}`);
  const updated = list.map((s): ContainerStatus =>
    s.name === name
      ? {
          ...s,
          restartCount: restarts,
          lastState: { terminated: { ...last } },
          state: { running: { startedAt } },
          containerID: id,
          ready: true,
          started: true,
        }
      : s,
  );
  return {
    status: withConditions(pod, { ...pod.status, containerStatuses: updated }, startedAt),
    containerID: id,
  };
}

/** Whether a container that exited with `code` starts again under the pod's restartPolicy. */
export function restarts(pod: Pod, code: number): boolean {
  const policy = pod.spec.restartPolicy ?? 'Always';
  return policy === 'Always' || (policy === 'OnFailure' && code !== 0);
}
