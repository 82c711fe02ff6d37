/**
 * Builders of pods and registry snapshots for the drift engine's tests: a pod is built as the
 * API's JSON and normalised by toPodInfo, as the exporter's watch does.
 */
import { toPodInfo, type KubePodObject, type PodInfo } from '../kube/pod.js';
import {
  compareInstances,
  type RegistryInstance,
  type RegistryNamespaceError,
  type RegistrySnapshot,
} from '../ports/registry-source.js';

/** The reference time of the tests. */
export const T0 = Date.parse('2026-03-01T10:00:00Z');

const iso = (ms: number) => new Date(ms).toISOString();

/** How a test pod looks. */
export interface PodSpec {
  namespace?: string;
  ip?: string;
  /** Dual stack: every pod IP. */
  ips?: string[];
  hostIP?: string;
  hostNetwork?: boolean;
  ready?: boolean;
  phase?: string;
  /** Ports of the first container. */
  ports?: number[];
  /** Extra containers with their ports (sidecars). */
  sidecars?: { name: string; ports: number[] }[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Deployment name: the pod is owned by ReplicaSet `<name>-abc12` with that template hash. */
  deployment?: string;
  uid?: string;
  /** Seconds before T0 the pod started. @default 3600 */
  startedAgo?: number;
  /** Seconds before T0 the Ready condition last changed. @default startedAgo - 5 (Ready soon after start) */
  readyChangedAgo?: number;
  /** Seconds before T0 deletion started. */
  deletedAgo?: number;
}

/** A normalised pod. */
export function pod(name: string, spec: PodSpec = {}): PodInfo {
  const started = T0 - (spec.startedAgo ?? 3600) * 1000;
  const readyChanged = T0 - (spec.readyChangedAgo ?? (spec.startedAgo ?? 3600) - 5) * 1000;
  const ready = spec.ready ?? true;
  const labels = { ...(spec.labels ?? {}), ...(spec.deployment ? { 'pod-template-hash': 'abc12' } : {}) };
  const ips = spec.ips ?? (spec.ip ? [spec.ip] : []);
  const obj: KubePodObject = {
    metadata: {
      name,
      namespace: spec.namespace ?? 'prod',
      uid: spec.uid ?? `uid-${name}`,
      labels,
      annotations: spec.annotations ?? {},
      creationTimestamp: iso(started - 1000),
      ...(spec.deletedAgo !== undefined ? { deletionTimestamp: iso(T0 - spec.deletedAgo * 1000) } : {}),
      ...(spec.deployment
        ? {
            ownerReferences: [{ kind: 'ReplicaSet', name: `${spec.deployment}-abc12`, controller: true }],
          }
        : {}),
    },
    spec: {
      hostNetwork: spec.hostNetwork ?? false,
      containers: [
        { name: 'app', ports: (spec.ports ?? []).map((p) => ({ containerPort: p })) },
        ...(spec.sidecars ?? []).map((s) => ({
          name: s.name,
          ports: s.ports.map((p) => ({ containerPort: p })),
        })),
      ],
    },
    status: {
      phase: spec.phase ?? 'Running',
      ...(ips[0] ? { podIP: ips[0] } : {}),
      podIPs: ips.map((ip) => ({ ip })),
      hostIP: spec.hostIP ?? '192.168.0.10',
      startTime: iso(started),
      conditions: [
        { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: iso(readyChanged) },
      ],
    },
  };
  return toPodInfo(obj);
}

/** How a test instance looks. */
export type InstanceSpec = Partial<Omit<RegistryInstance, 'ip' | 'port' | 'service'>>;

/** A registered instance of `service` (may be `group@@service`). */
export function instance(
  service: string,
  ip: string,
  port: number,
  spec: InstanceSpec = {},
): RegistryInstance {
  const at = service.indexOf('@@');
  const group = at >= 0 ? service.slice(0, at) : (spec.group ?? 'DEFAULT_GROUP');
  const name = at >= 0 ? service.slice(at + 2) : service;
  const cluster = spec.cluster ?? 'DEFAULT';
  return {
    nacosNamespace: 'public',
    cluster,
    weight: 1,
    healthy: true,
    enabled: true,
    ephemeral: true,
    metadata: {},
    instanceId: `${ip}#${port}#${cluster}#${group}@@${name}`,
    ...spec,
    group,
    service: name,
    ip,
    port,
  };
}

/** A snapshot holding these instances (and their services), plus extra namespaces or errors. */
export function snapshot(
  instances: RegistryInstance[],
  extra: { namespaces?: string[]; services?: string[]; errors?: RegistryNamespaceError[] } = {},
): RegistrySnapshot {
  const ns = new Set(['public', ...(extra.namespaces ?? []), ...instances.map((i) => i.nacosNamespace)]);
  for (const s of extra.services ?? []) if (s.includes('/')) ns.add(s.split('/')[0]!);
  const services = new Map<string, { nacosNamespace: string; group: string; service: string }>();
  for (const i of instances)
    services.set(`${i.nacosNamespace}/${i.group}/${i.service}`, {
      nacosNamespace: i.nacosNamespace,
      group: i.group,
      service: i.service,
    });
  for (const s of extra.services ?? []) {
    const [namespace = 'public', grouped = ''] = s.includes('/') ? s.split('/') : ['public', s];
    const at = grouped.indexOf('@@');
    const group = at >= 0 ? grouped.slice(0, at) : 'DEFAULT_GROUP';
    const service = at >= 0 ? grouped.slice(at + 2) : grouped;
    services.set(`${namespace}/${group}/${service}`, { nacosNamespace: namespace, group, service });
  }
  return {
    origin: { server: 'http://nacos:8848/nacos', generation: 2, api: 'v1-catalog' },
    takenAt: T0,
    durationMs: 5,
    requests: 3,
    namespaces: [...ns].map((id) => ({ id, name: id })),
    services: [...services.values()],
    instances: [...instances].sort(compareInstances),
    errors: extra.errors ?? [],
  };
}
