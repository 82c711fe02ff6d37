/** Table cells of the non-pod kinds, as the apiserver's printers fill them. */
import { formatLabelSelector, selectorFromObject } from '../selectors/labels.js';
import type { Container, KubeObject, NodeObject, Workload } from '../types.js';
import { ageOf } from './duration.js';

function containerCells(containers: Container[]): [string, string] {
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(',')];
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** Deployment: NAME READY UP-TO-DATE AVAILABLE AGE CONTAINERS IMAGES SELECTOR. */
export function deploymentCells(d: Workload, now: number): unknown[] {
  const status = d.status ?? {};
  const [names, images] = containerCells(d.spec.template.spec.containers);
  return [
    d.metadata.name ?? '',
    `${num(status.readyReplicas)}/${d.spec.replicas ?? 1}`,
    num(status.updatedReplicas),
    num(status.availableReplicas),
    ageOf(d.metadata.creationTimestamp, now),
    names,
    images,
    formatLabelSelector(selectorFromObject(d.spec.selector)),
  ];
}

/** ReplicaSet: NAME DESIRED CURRENT READY AGE CONTAINERS IMAGES SELECTOR. */
export function replicaSetCells(rs: Workload, now: number): unknown[] {
  const status = rs.status ?? {};
  const [names, images] = containerCells(rs.spec.template.spec.containers);
  return [
    rs.metadata.name ?? '',
    rs.spec.replicas ?? 1,
    num(status.replicas),
    num(status.readyReplicas),
    ageOf(rs.metadata.creationTimestamp, now),
    names,
    images,
    formatLabelSelector(selectorFromObject(rs.spec.selector)) || '<none>',
  ];
}

/** Namespace: NAME STATUS AGE. */
export function namespaceCells(ns: KubeObject, now: number): unknown[] {
  const phase = (ns.status as { phase?: string } | undefined)?.phase ?? '';
  return [ns.metadata.name ?? '', phase, ageOf(ns.metadata.creationTimestamp, now)];
}

function nodeRoles(node: NodeObject): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/') && key.length > 'node-role.kubernetes.io/'.length) {
      roles.add(key.slice('node-role.kubernetes.io/'.length));
    } else if (key === 'kubernetes.io/role' && value !== '') roles.add(value);
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

/** Node: NAME STATUS ROLES AGE VERSION INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME. */
export function nodeCells(node: NodeObject, now: number): unknown[] {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  const address = (type: string): string =>
    node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
  const info = node.status?.nodeInfo ?? {};
  return [
    node.metadata.name ?? '',
    status.join(','),
    nodeRoles(node),
    ageOf(node.metadata.creationTimestamp, now),
    info.kubeletVersion ?? '',
    address('InternalIP'),
    address('ExternalIP'),
    info.osImage || '<unknown>',
    info.kernelVersion || '<unknown>',
    info.containerRuntimeVersion || '<unknown>',
  ];
}

interface EventShape extends KubeObject {
  involvedObject?: { kind?: string; name?: string; fieldPath?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  count?: number;
  type?: string;
  reason?: string;
  message?: string;
}

/** Event: LAST SEEN TYPE REASON OBJECT SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME. */
export function eventCells(e: EventShape, now: number): unknown[] {
  const first = ageOf(e.firstTimestamp ?? e.eventTime ?? undefined, now);
  const last = e.lastTimestamp ? ageOf(e.lastTimestamp, now) : first;
  const kind = (e.involvedObject?.kind ?? '').toLowerCase();
  const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return [
    last,
    e.type ?? '',
    e.reason ?? '',
    target,
    e.involvedObject?.fieldPath ?? '',
    instance === '' ? component : `${component}, ${instance}`,
    (e.message ?? '').trim(),
    first,
    e.count || 1,
    e.metadata.name ?? '',
  ];
}
