/**
 * Changes a test or a scenario timeline makes to running pods, written the way a kubelet reports
 * them: readiness flips (container ready + Ready/ContainersReady conditions) and container
 * restarts (restartCount + lastState.terminated + a new running state).
 */
import { kubeTime } from '../clock.js';
import type { EventRecorder } from '../events.js';
import type { Registry } from '../registry/registry.js';
import type { PodRuntime } from '../runtime.js';
import type { ContainerStatus, Pod } from '../types.js';
import { containerId, podConditions, terminatedState } from './pod-status.js';

function podOf(registry: Registry, namespace: string, name: string): Pod {
  const pod = registry.store.get('pods', namespace, name) as Pod | undefined;
  if (!pod) throw new Error(`pod ${namespace}/${name} not found`);
  if (!pod.status?.containerStatuses) throw new Error(`pod ${namespace}/${name} has not started yet`);
  return pod;
}

function write(registry: Registry, pod: Pod, statuses: ContainerStatus[]): Pod {
  const at = kubeTime(registry.clock.now());
  const status = { ...pod.status, containerStatuses: statuses };
  const scheduledAt =
    pod.status?.conditions?.find((c) => c.type === 'PodScheduled')?.lastTransitionTime ?? at;
  status.conditions = podConditions(status, scheduledAt, at);
  return registry.store.update('pods', { ...pod, status }) as Pod;
}

/** Sets readiness of one container, or of every container when `container` is omitted. */
export function setPodReady(
  registry: Registry,
  namespace: string,
  name: string,
  ready: boolean,
  container?: string,
): Pod {
  const pod = podOf(registry, namespace, name);
  const statuses = (pod.status?.containerStatuses ?? []).map((s) =>
    container === undefined || s.name === container ? { ...s, ready } : s,
  );
  return write(registry, pod, statuses);
}

/** How a container restart looks. */
export interface RestartOptions {
  /** @default the first container */
  container?: string;
  /** @default 'Error' */
  reason?: string;
  /** @default 137 (killed) for OOMKilled, 1 otherwise */
  exitCode?: number;
}

/** Restarts a container: the old run becomes lastState.terminated, restartCount goes up. */
export function restartContainer(
  registry: Registry,
  events: EventRecorder,
  runtime: PodRuntime,
  namespace: string,
  name: string,
  options: RestartOptions = {},
): Pod {
  const pod = podOf(registry, namespace, name);
  const target = options.container ?? pod.spec.containers[0]?.name;
  const reason = options.reason ?? 'Error';
  const exitCode = options.exitCode ?? (reason === 'OOMKilled' ? 137 : 1);
  const at = kubeTime(registry.clock.now());
  const statuses = (pod.status?.containerStatuses ?? []).map((s): ContainerStatus => {
    if (s.name !== target) return s;
    return {
      ...s,
      restartCount: s.restartCount + 1,
      lastState: terminatedState(s, at, exitCode, reason),
      state: { running: { startedAt: at } },
      containerID: containerId(pod, s.name, `${at}#${s.restartCount + 1}`),
      started: true,
    };
  });
  if (!statuses.some((s) => s.name === target))
    throw new Error(`pod ${namespace}/${name} has no container ${target ?? ''}`);
  const updated = write(registry, pod, statuses);
  const source = { component: 'kubelet', host: pod.spec.nodeName ?? '' };
  events.record(
    updated,
    'Normal',
    'Pulled',
    `Container image already present on machine`,
    source,
    `spec.containers{${target ?? ''}}`,
  );
  events.record(
    updated,
    'Normal',
    'Started',
    `Started container ${target ?? ''}`,
    source,
    `spec.containers{${target ?? ''}}`,
  );
  runtime.containerStarted?.(updated, target ?? '');
  return updated;
}
