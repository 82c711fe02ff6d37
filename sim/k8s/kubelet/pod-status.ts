/**
 * Pod status as a kubelet reports it: container statuses (running/terminated, ready, started,
 * restartCount, image IDs, container IDs) and the pod conditions PodReadyToStartContainers,
 * Initialized, Ready, ContainersReady and PodScheduled.
 */
import { createHash } from 'node:crypto';
import type { Condition, Container, ContainerStatus, Pod, PodStatus } from '../types.js';

function hex(seed: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed}/${i}`).digest('hex');
  return out.slice(0, length);
}

/** A containerd container ID, unique per pod, container and start. */
export function containerId(pod: Pod, container: string, startedAt: string): string {
  return `containerd://${hex(`${pod.metadata.uid ?? ''}/${container}/${startedAt}`, 64)}`;
}

/** Image reference normalized the way containerd reports it, and its digest ID. */
export function imageIds(image: string | undefined): { image: string; imageID: string } {
  const ref = image ?? 'busybox';
  const firstPart = ref.split('/')[0] ?? '';
  const hasRegistry = ref.includes('/') && (firstPart.includes('.') || firstPart.includes(':'));
  const path = hasRegistry ? ref : `docker.io/${ref.includes('/') ? ref : `library/${ref}`}`;
  const full = path.split('/').pop()?.includes(':') ? path : `${path}:latest`;
  const repo = full.slice(0, full.lastIndexOf(':'));
  return { image: full, imageID: `${repo}@sha256:${hex(full, 64)}` };
}

/** A running container's status. */
export function runningStatus(pod: Pod, c: Container, startedAt: string, ready: boolean): ContainerStatus {
  return {
    name: c.name,
    state: { running: { startedAt } },
    lastState: {},
    ready,
    restartCount: 0,
    ...imageIds(c.image),
    containerID: containerId(pod, c.name, startedAt),
    started: true,
  };
}

function condition(type: string, ok: boolean, at: string, previous: Condition[] | undefined): Condition {
  const before = previous?.find((c) => c.type === type);
  const status = ok ? 'True' : 'False';
  const c: Condition = {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: before && before.status === status ? (before.lastTransitionTime ?? at) : at,
  };
  if (!ok && (type === 'Ready' || type === 'ContainersReady')) c.reason = 'ContainersNotReady';
  return c;
}

/** Pod conditions for a started pod, keeping transition times of unchanged conditions. */
export function podConditions(status: PodStatus, scheduledAt: string, at: string): Condition[] {
  const statuses = status.containerStatuses ?? [];
  const ready = statuses.length > 0 && statuses.every((s) => s.ready);
  const running = status.phase === 'Running';
  const notReadyNames = statuses.filter((s) => !s.ready).map((s) => s.name);
  const conditions = [
    condition('PodReadyToStartContainers', running, at, status.conditions),
    condition('Initialized', true, at, status.conditions),
    condition('Ready', ready && running, at, status.conditions),
    condition('ContainersReady', ready && running, at, status.conditions),
    { ...condition('PodScheduled', true, scheduledAt, status.conditions) },
  ];
  for (const c of conditions) {
    if (c.status === 'False' && c.reason === 'ContainersNotReady') {
      c.message = `containers with unready status: [${notReadyNames.join(' ')}]`;
    }
  }
  return conditions;
}

/** Status of a container stopped at `at` (deletion or restart). */
export function terminatedState(
  s: ContainerStatus,
  at: string,
  exitCode: number,
  reason: string,
): ContainerStatus['lastState'] {
  const terminated: NonNullable<ContainerStatus['state']['terminated']> = {
    exitCode,
    reason,
    startedAt: s.state.running?.startedAt ?? at,
    finishedAt: at,
  };
  if (s.containerID) terminated.containerID = s.containerID;
  return { terminated };
}
