/**
 * The normalised pod every opsctl feature works with, and the pure mapping from a Kubernetes Pod
 * object to it. The input type is structural: it accepts the raw JSON of the API (timestamps as
 * RFC 3339 strings) and client-node's `V1Pod` (timestamps as `Date`) alike, so core never imports
 * the client library.
 */

/** A timestamp as the API JSON (string) or client-node (`Date`) carries it. */
export type KubeTime = Date | string;

/** The parts of a Kubernetes Pod object that toPodInfo reads. */
export interface KubePodObject {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; uid?: string; controller?: boolean }[];
    creationTimestamp?: KubeTime;
    deletionTimestamp?: KubeTime;
  };
  spec?: {
    nodeName?: string;
    hostNetwork?: boolean;
    containers?: {
      name: string;
      image?: string;
      ports?: { containerPort: number; name?: string; protocol?: string }[];
    }[];
  };
  status?: {
    phase?: string;
    podIP?: string;
    podIPs?: { ip?: string }[];
    hostIP?: string;
    startTime?: KubeTime;
    conditions?: {
      type: string;
      status: string;
      reason?: string;
      lastTransitionTime?: KubeTime;
    }[];
    containerStatuses?: {
      name: string;
      ready?: boolean;
      restartCount?: number;
      state?: {
        running?: { startedAt?: KubeTime };
        waiting?: { reason?: string };
        terminated?: { exitCode?: number; reason?: string };
      };
    }[];
  };
}

/** Pod phases as the API reports them; anything else reads as `Unknown`. */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/** One pod condition (`Ready`, `ContainersReady`, `PodScheduled`...). */
export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string | undefined;
  /** Epoch milliseconds. */
  lastTransitionAt: number | undefined;
}

/** A port a container declares. */
export interface ContainerPort {
  container: string;
  port: number;
  name: string | undefined;
  protocol: string;
}

/** One (regular) container with its status. */
export interface ContainerInfo {
  name: string;
  image: string | undefined;
  ready: boolean;
  restartCount: number;
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  /** Why it waits or terminated (`CrashLoopBackOff`, `OOMKilled`...). */
  reason: string | undefined;
}

/** An owner reference. */
export interface PodOwner {
  kind: string;
  name: string;
  uid: string | undefined;
  controller: boolean;
}

/** The workload a pod belongs to, as users name it. */
export interface WorkloadRef {
  /** `Deployment` (derived from a ReplicaSet with the pod's template hash), `StatefulSet`... */
  kind: string;
  name: string;
}

/** The normalised pod. */
export interface PodInfo {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
  /** `status.podIP`. */
  ip: string | undefined;
  /** `status.podIPs` (dual stack), else `[ip]`. */
  ips: string[];
  hostIP: string | undefined;
  hostNetwork: boolean;
  node: string | undefined;
  phase: PodPhase;
  /** The `Ready` condition is `True`. */
  ready: boolean;
  conditions: PodCondition[];
  containerPorts: ContainerPort[];
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  owners: PodOwner[];
  workload: WorkloadRef | undefined;
  /** Epoch milliseconds. */
  createdAt: number | undefined;
  /** Epoch milliseconds; set once deletion started (the pod is terminating). */
  deletionAt: number | undefined;
  /** Epoch milliseconds of `status.startTime`. */
  startedAt: number | undefined;
  containers: ContainerInfo[];
  /** Sum of container restart counts. */
  restarts: number;
}

const PHASES: readonly PodPhase[] = ['Pending', 'Running', 'Succeeded', 'Failed'];

/** Epoch milliseconds of an API timestamp, or undefined when absent or unreadable. */
export function kubeTimeToMs(value: KubeTime | undefined | null): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

function conditionStatus(value: string): PodCondition['status'] {
  return value === 'True' || value === 'False' ? value : 'Unknown';
}

function ownersOf(pod: KubePodObject): PodOwner[] {
  return (pod.metadata?.ownerReferences ?? []).map((o) => ({
    kind: o.kind,
    name: o.name,
    uid: o.uid,
    controller: o.controller === true,
  }));
}

/**
 * The workload of a pod: its controller (else first) owner, with a ReplicaSet read as its
 * Deployment when the ReplicaSet name is `<deployment>-<pod-template-hash>`, as the Deployment
 * controller names them.
 */
export function workloadOf(
  owners: readonly PodOwner[],
  labels: Readonly<Record<string, string>>,
): WorkloadRef | undefined {
  const owner = owners.find((o) => o.controller) ?? owners[0];
  if (!owner) return undefined;
  const hash = labels['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) {
    return { kind: 'Deployment', name: owner.name.slice(0, -hash.length - 1) };
  }
  return { kind: owner.kind, name: owner.name };
}

function containersOf(pod: KubePodObject): ContainerInfo[] {
  const statuses = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  return (pod.spec?.containers ?? []).map((c) => {
    const s = statuses.get(c.name);
    const state = s?.state;
    return {
      name: c.name,
      image: c.image,
      ready: s?.ready === true,
      restartCount: s?.restartCount ?? 0,
      state: state?.running
        ? 'running'
        : state?.terminated
          ? 'terminated'
          : state?.waiting
            ? 'waiting'
            : 'unknown',
      reason: state?.waiting?.reason ?? state?.terminated?.reason,
    };
  });
}

function portsOf(pod: KubePodObject): ContainerPort[] {
  return (pod.spec?.containers ?? []).flatMap((c) =>
    (c.ports ?? []).map((p) => ({
      container: c.name,
      port: p.containerPort,
      name: p.name,
      protocol: p.protocol ?? 'TCP',
    })),
  );
}

/** Maps a Kubernetes Pod object to the normalised PodInfo. Pure. */
export function toPodInfo(pod: KubePodObject): PodInfo {
  const meta = pod.metadata ?? {};
  const status = pod.status ?? {};
  const labels = { ...(meta.labels ?? {}) };
  const owners = ownersOf(pod);
  const conditions: PodCondition[] = (status.conditions ?? []).map((c) => ({
    type: c.type,
    status: conditionStatus(c.status),
    reason: c.reason,
    lastTransitionAt: kubeTimeToMs(c.lastTransitionTime),
  }));
  const ip = status.podIP || undefined;
  const ips = (status.podIPs ?? []).map((p) => p.ip ?? '').filter((p) => p !== '');
  const containers = containersOf(pod);
  const phase = PHASES.find((p) => p === status.phase) ?? 'Unknown';
  return {
    name: meta.name ?? '',
    namespace: meta.namespace ?? '',
    uid: meta.uid ?? '',
    resourceVersion: meta.resourceVersion ?? '',
    ip,
    ips: ips.length > 0 ? ips : ip ? [ip] : [],
    hostIP: status.hostIP || undefined,
    hostNetwork: pod.spec?.hostNetwork === true,
    node: pod.spec?.nodeName || undefined,
    phase,
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    conditions,
    containerPorts: portsOf(pod),
    labels,
    annotations: { ...(meta.annotations ?? {}) },
    owners,
    workload: workloadOf(owners, labels),
    createdAt: kubeTimeToMs(meta.creationTimestamp),
    deletionAt: kubeTimeToMs(meta.deletionTimestamp),
    startedAt: kubeTimeToMs(status.startTime),
    containers,
    restarts: containers.reduce((sum, c) => sum + c.restartCount, 0),
  };
}

/** True once the pod's deletion has started. */
export function isTerminating(pod: PodInfo): boolean {
  return pod.deletionAt !== undefined;
}

/** `namespace/name`, the key pods are indexed by. */
export function podKey(pod: { namespace: string; name: string }): string {
  return `${pod.namespace}/${pod.name}`;
}
