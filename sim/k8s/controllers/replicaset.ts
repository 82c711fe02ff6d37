/**
 * ReplicaSet controller: keeps the number of active pods it controls at spec.replicas (creating
 * `<rs>-<5 random>` pods from the template, deleting not-ready and newest pods first) and
 * reports replicas, fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration.
 */
import type { EventRecorder } from '../events.js';
import { deleteObject } from '../registry/deletion.js';
import type { Registry } from '../registry/registry.js';
import { resourceByKey } from '../resources.js';
import { matchesLabels, selectorFromObject } from '../selectors/labels.js';
import type { ChangeEvent } from '../store/history.js';
import { objectKey } from '../store/object-store.js';
import type { KubeObject, Workload } from '../types.js';
import { controllerOf, controllerRef, isActivePod, isReadyPod } from './owners.js';

const PODS = resourceByKey('pods');
const REPLICASETS = resourceByKey('replicasets.apps');
const SOURCE = { component: 'replicaset-controller' };

/** Keys of ReplicaSets a change concerns. */
export function replicaSetKeysFor(change: ChangeEvent): string[] {
  const obj = change.object;
  if (change.resource === REPLICASETS.key)
    return [objectKey(obj.metadata.namespace, obj.metadata.name ?? '')];
  if (change.resource !== PODS.key) return [];
  const owner = controllerOf(obj) ?? (change.previous ? controllerOf(change.previous) : undefined);
  return owner?.kind === 'ReplicaSet' ? [objectKey(obj.metadata.namespace, owner.name)] : [];
}

function ownedPods(registry: Registry, rs: Workload): KubeObject[] {
  return registry.store
    .list(PODS.key, rs.metadata.namespace)
    .filter((p) => controllerOf(p)?.uid === rs.metadata.uid);
}

function createPod(registry: Registry, events: EventRecorder, rs: Workload): void {
  const template = rs.spec.template;
  const pod = {
    metadata: {
      generateName: `${rs.metadata.name ?? ''}-`,
      labels: { ...(template.metadata?.labels ?? {}) },
      annotations: { ...(template.metadata?.annotations ?? {}) },
      ownerReferences: [controllerRef(rs)],
    },
    spec: structuredClone(template.spec),
  };
  if (Object.keys(pod.metadata.annotations).length === 0)
    delete (pod.metadata as { annotations?: unknown }).annotations;
  const created = registry.create(PODS, rs.metadata.namespace, pod);
  events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name ?? ''}`, SOURCE);
}

function deletionOrder(a: KubeObject, b: KubeObject): number {
  const ra = isReadyPod(a) ? 1 : 0;
  const rb = isReadyPod(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  return (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '');
}

function writeStatus(registry: Registry, rs: Workload, pods: KubeObject[]): void {
  const selector = selectorFromObject(rs.spec.selector);
  const labels = rs.spec.template.metadata?.labels ?? {};
  const ready = pods.filter(isReadyPod).length;
  const status: Record<string, unknown> = {
    replicas: pods.length,
    fullyLabeledReplicas: pods.filter(
      (p) =>
        matchesLabels(selector, p.metadata.labels) &&
        Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v),
    ).length,
    readyReplicas: ready,
    availableReplicas: ready,
    observedGeneration: rs.metadata.generation ?? 1,
  };
  // Zero counts are omitted on the wire (omitempty), except replicas.
  for (const key of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'])
    if (status[key] === 0) delete status[key];
  if (JSON.stringify(status) === JSON.stringify(rs.status ?? {})) return;
  registry.update(REPLICASETS, rs.metadata.namespace, rs.metadata.name ?? '', { ...rs, status }, 'status');
}

/** Reconciles one ReplicaSet. */
export function syncReplicaSet(registry: Registry, events: EventRecorder, key: string): void {
  const [namespace, name] = key.split('/');
  const rs = registry.store.get(REPLICASETS.key, namespace, name ?? '') as Workload | undefined;
  if (!rs || rs.metadata.deletionTimestamp) return;
  const active = ownedPods(registry, rs).filter(isActivePod);
  const diff = (rs.spec.replicas ?? 1) - active.length;
  for (let i = 0; i < diff; i++) createPod(registry, events, rs);
  if (diff < 0) {
    for (const pod of [...active].sort(deletionOrder).slice(0, -diff)) {
      deleteObject(registry, PODS, pod.metadata.namespace, pod.metadata.name ?? '');
      events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name ?? ''}`, SOURCE);
    }
  }
  const current = registry.store.get(REPLICASETS.key, namespace, name ?? '') as Workload | undefined;
  if (current) writeStatus(registry, current, ownedPods(registry, current).filter(isActivePod));
}
