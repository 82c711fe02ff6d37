/**
 * Deployment controller: one ReplicaSet per pod template (`<deployment>-<pod-template-hash>`),
 * the current one scaled to spec.replicas and older ones to 0 (a rollout in one step), revision
 * annotations, ScalingReplicaSet events, and status with Available/Progressing conditions.
 */
import { kubeTime } from '../clock.js';
import type { EventRecorder } from '../events.js';
import { podTemplateHash } from '../ids.js';
import type { Registry } from '../registry/registry.js';
import { resourceByKey } from '../resources.js';
import type { ChangeEvent } from '../store/history.js';
import { objectKey } from '../store/object-store.js';
import type { Condition, Workload } from '../types.js';
import { controllerOf, controllerRef } from './owners.js';

const DEPLOYMENTS = resourceByKey('deployments.apps');
const REPLICASETS = resourceByKey('replicasets.apps');
const SOURCE = { component: 'deployment-controller' };
const REVISION = 'deployment.kubernetes.io/revision';

/** Keys of Deployments a change concerns. */
export function deploymentKeysFor(change: ChangeEvent): string[] {
  const obj = change.object;
  if (change.resource === DEPLOYMENTS.key)
    return [objectKey(obj.metadata.namespace, obj.metadata.name ?? '')];
  if (change.resource !== REPLICASETS.key) return [];
  const owner = controllerOf(obj);
  return owner?.kind === 'Deployment' ? [objectKey(obj.metadata.namespace, owner.name)] : [];
}

/** The ReplicaSet a deployment's current template maps to (name and hash). */
export function replicaSetNameFor(d: Workload): { name: string; hash: string } {
  const hash = podTemplateHash(d.spec.template);
  return { name: `${d.metadata.name ?? ''}-${hash}`, hash };
}

function scale(registry: Registry, events: EventRecorder, d: Workload, rs: Workload, replicas: number): void {
  if ((rs.spec.replicas ?? 1) === replicas) return;
  const next = {
    ...rs,
    metadata: {
      ...rs.metadata,
      annotations: {
        ...rs.metadata.annotations,
        'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas ?? 1),
      },
    },
    spec: { ...rs.spec, replicas },
  };
  registry.update(REPLICASETS, rs.metadata.namespace, rs.metadata.name ?? '', next, '');
  const verb = replicas > (rs.spec.replicas ?? 1) ? 'up' : 'down';
  events.record(
    d,
    'Normal',
    'ScalingReplicaSet',
    `Scaled ${verb} replica set ${rs.metadata.name ?? ''} from ${rs.spec.replicas ?? 1} to ${replicas}`,
    SOURCE,
  );
}

function createReplicaSet(
  registry: Registry,
  events: EventRecorder,
  d: Workload,
  revision: number,
): Workload {
  const { name, hash } = replicaSetNameFor(d);
  const labels = { ...(d.spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash };
  const replicas = d.spec.replicas ?? 1;
  const rs = {
    metadata: {
      name,
      labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas / 4)),
        [REVISION]: String(revision),
      },
      ownerReferences: [controllerRef(d)],
    },
    spec: {
      replicas,
      selector: {
        ...d.spec.selector,
        matchLabels: { ...(d.spec.selector.matchLabels ?? {}), 'pod-template-hash': hash },
      },
      template: { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels } },
    },
  };
  const created = registry.create(REPLICASETS, d.metadata.namespace, rs) as Workload;
  events.record(
    d,
    'Normal',
    'ScalingReplicaSet',
    `Scaled up replica set ${name} from 0 to ${replicas}`,
    SOURCE,
  );
  return created;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

function condition(
  type: string,
  status: boolean,
  reason: string,
  message: string,
  at: string,
  old: Condition[],
): Condition {
  const before = old.find((c) => c.type === type);
  const s = status ? 'True' : 'False';
  const same = before?.status === s && before.reason === reason;
  return {
    type,
    status: s,
    lastUpdateTime: same ? (before.lastUpdateTime ?? at) : at,
    lastTransitionTime: before?.status === s ? (before.lastTransitionTime ?? at) : at,
    reason,
    message,
  };
}

function writeStatus(registry: Registry, d: Workload, current: Workload, all: Workload[]): void {
  const at = kubeTime(registry.clock.now());
  const replicas = all.reduce((n, rs) => n + num(rs.status?.replicas), 0);
  const available = all.reduce((n, rs) => n + num(rs.status?.availableReplicas), 0);
  const desired = d.spec.replicas ?? 1;
  const old = (d.status?.conditions as Condition[] | undefined) ?? [];
  const status: Record<string, unknown> = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas,
    updatedReplicas: num(current.status?.replicas),
    readyReplicas: all.reduce((n, rs) => n + num(rs.status?.readyReplicas), 0),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, replicas - available),
    conditions: [
      available >= desired - Math.floor(desired / 4)
        ? condition(
            'Available',
            true,
            'MinimumReplicasAvailable',
            'Deployment has minimum availability.',
            at,
            old,
          )
        : condition(
            'Available',
            false,
            'MinimumReplicasUnavailable',
            'Deployment does not have minimum availability.',
            at,
            old,
          ),
      condition(
        'Progressing',
        true,
        num(current.status?.availableReplicas) >= desired ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
        `ReplicaSet "${current.metadata.name ?? ''}" ${num(current.status?.availableReplicas) >= desired ? 'has successfully progressed' : 'is progressing'}.`,
        at,
        old,
      ),
    ],
  };
  for (const key of [
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
  ])
    if (status[key] === 0) delete status[key];
  const comparable = (s: unknown): string =>
    JSON.stringify(s, (k, v: unknown) =>
      k === 'lastUpdateTime' || k === 'lastTransitionTime' ? undefined : v,
    );
  if (comparable(status) === comparable(d.status ?? {})) return;
  registry.update(DEPLOYMENTS, d.metadata.namespace, d.metadata.name ?? '', { ...d, status }, 'status');
}

/** Reconciles one Deployment. */
export function syncDeployment(registry: Registry, events: EventRecorder, key: string): void {
  const [namespace, name] = key.split('/');
  const d = registry.store.get(DEPLOYMENTS.key, namespace, name ?? '') as Workload | undefined;
  if (!d || d.metadata.deletionTimestamp) return;
  const owned = (registry.store.list(REPLICASETS.key, namespace) as Workload[]).filter(
    (rs) => controllerOf(rs)?.uid === d.metadata.uid,
  );
  const wanted = replicaSetNameFor(d);
  const revisions = owned.map((rs) => Number(rs.metadata.annotations?.[REVISION] ?? 0));
  let current = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === wanted.hash);
  if (!current) current = createReplicaSet(registry, events, d, Math.max(0, ...revisions) + 1);
  scale(registry, events, d, current, d.spec.replicas ?? 1);
  for (const rs of owned) if (rs !== current) scale(registry, events, d, rs, 0);
  const revision = current.metadata.annotations?.[REVISION] ?? '1';
  if (d.metadata.annotations?.[REVISION] !== revision) {
    const annotated = {
      ...d,
      metadata: { ...d.metadata, annotations: { ...d.metadata.annotations, [REVISION]: revision } },
    };
    registry.update(DEPLOYMENTS, namespace, name ?? '', annotated, '');
  }
  const fresh = registry.store.get(DEPLOYMENTS.key, namespace, name ?? '') as Workload;
  const all = (registry.store.list(REPLICASETS.key, namespace) as Workload[]).filter(
    (rs) => controllerOf(rs)?.uid === d.metadata.uid,
  );
  const now = all.find((rs) => rs.metadata.name === current.metadata.name) ?? current;
  writeStatus(registry, fresh, now, all);
}
