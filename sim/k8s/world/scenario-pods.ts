/** Pods of a scenario in the state it asks for: phase, readiness, age, restarts, node and IP. */
import { parseScenarioDuration } from '../../scenario/duration.js';
import { kubeTime } from '../clock.js';
import type { Ipam } from '../kubelet/ipam.js';
import { containerId, imageIds, podConditions } from '../kubelet/pod-status.js';
import type { Container, ContainerStatus, NodeObject, Pod, PodStatus } from '../types.js';

/** Requested state of one pod. */
export interface PodState {
  ready: boolean;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ageMs: number;
  restarts: number;
  ip?: string;
}

type ScenarioPort =
  number | { containerPort: number; name?: string | undefined; protocol?: string | undefined };

interface ScenarioContainer {
  name: string;
  image: string;
  ports?: ScenarioPort[] | undefined;
  env?: { name: string; value?: string | undefined }[] | undefined;
  command?: string[] | undefined;
  args?: string[] | undefined;
}

function toPort(p: ScenarioPort): { containerPort: number; name?: string; protocol: string } {
  if (typeof p === 'number') return { containerPort: p, protocol: 'TCP' };
  const out: { containerPort: number; name?: string; protocol: string } = {
    containerPort: p.containerPort,
    protocol: p.protocol ?? 'TCP',
  };
  if (p.name !== undefined) out.name = p.name;
  return out;
}

/** Containers from `containers`, or one container named `name` from `image` + `ports`. */
export function scenarioContainers(
  name: string,
  spec: {
    containers?: ScenarioContainer[] | undefined;
    image?: string | undefined;
    ports?: ScenarioPort[] | undefined;
  },
): Container[] {
  const list: ScenarioContainer[] = spec.containers ?? [
    { name, image: spec.image ?? 'busybox', ports: spec.ports },
  ];
  return list.map((c) => {
    const out: Container = { name: c.name, image: c.image };
    if (c.command) out.command = c.command;
    if (c.args) out.args = c.args;
    if (c.ports && c.ports.length > 0) out.ports = c.ports.map(toPort);
    if (c.env)
      out.env = c.env.map((e) =>
        e.value === undefined ? { name: e.name } : { name: e.name, value: e.value },
      );
    return out;
  });
}

/** Reads a scenario pod state. */
export function podState(
  s: {
    ready?: boolean | undefined;
    phase?: PodState['phase'] | undefined;
    age?: string | number | undefined;
    restarts?: number | undefined;
    ip?: string | undefined;
  },
  defaults: { ready: boolean; age: string | number; restarts: number },
): PodState {
  const state: PodState = {
    ready: s.ready ?? defaults.ready,
    phase: s.phase ?? 'Running',
    ageMs: parseScenarioDuration(s.age ?? defaults.age),
    restarts: s.restarts ?? defaults.restarts,
  };
  if (s.ip !== undefined) state.ip = s.ip;
  return state;
}

function containerStatus(pod: Pod, c: Container, state: PodState, now: number): ContainerStatus {
  const created = now - state.ageMs;
  const startedMs = state.restarts > 0 ? now - Math.min(state.ageMs / 2, 300_000) : created + 2000;
  const startedAt = kubeTime(Math.min(now, startedMs));
  const base = { name: c.name, restartCount: state.restarts, ...imageIds(c.image), lastState: {} };
  if (state.phase === 'Pending')
    return { ...base, ready: false, started: false, state: { waiting: { reason: 'ContainerCreating' } } };
  const id = containerId(pod, c.name, startedAt);
  if (state.phase !== 'Running') {
    const [exitCode, reason] = state.phase === 'Succeeded' ? [0, 'Completed'] : [1, 'Error'];
    return {
      ...base,
      ready: false,
      started: false,
      containerID: id,
      state: {
        terminated: { exitCode, reason, startedAt, finishedAt: kubeTime(now - 1000), containerID: id },
      },
    };
  }
  const status: ContainerStatus = {
    ...base,
    ready: state.ready,
    started: true,
    containerID: id,
    state: { running: { startedAt } },
  };
  if (state.restarts > 0) {
    status.lastState = {
      terminated: {
        exitCode: 137,
        reason: 'Error',
        startedAt: kubeTime(created + 2000),
        finishedAt: startedAt,
        containerID: containerId(pod, c.name, `prev-${startedAt}`),
      },
    };
  }
  return status;
}

/** Fills a pod's status for the requested state on its node. */
export function scenarioPodStatus(
  pod: Pod,
  node: NodeObject,
  ipam: Ipam,
  state: PodState,
  now: number,
): PodStatus {
  const hostIP = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
  const created = now - state.ageMs;
  const scheduledAt = kubeTime(created);
  const status: PodStatus = {
    phase: state.phase,
    qosClass: 'BestEffort',
    hostIP,
    hostIPs: [{ ip: hostIP }],
    startTime: kubeTime(created + 1000),
  };
  if (state.phase !== 'Pending') {
    const nodeName = node.metadata.name ?? '';
    let podIP = hostIP;
    if (!pod.spec.hostNetwork) {
      if (state.ip) ipam.reserve(nodeName, state.ip);
      podIP = state.ip ?? ipam.allocate(nodeName);
    }
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  status.containerStatuses = pod.spec.containers.map((c) => containerStatus(pod, c, state, now));
  const at = kubeTime(Math.min(now, created + 3000));
  status.conditions = podConditions(status, scheduledAt, at);
  if (state.phase === 'Pending') {
    for (const c of status.conditions)
      if (c.type !== 'PodScheduled' && c.type !== 'Initialized') c.status = 'False';
  }
  return status;
}
