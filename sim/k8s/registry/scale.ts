/**
 * The `scale` subresource of Deployments and ReplicaSets: an autoscaling/v1 Scale view whose
 * `spec.replicas` writes through to the workload (what `kubectl scale` patches).
 */
import { badRequest } from '../api-error.js';
import type { ResourceInfo } from '../resources.js';
import { formatLabelSelector, selectorFromObject } from '../selectors/labels.js';
import type { KubeObject, Workload } from '../types.js';
import { applyPatch, type PatchType, type Registry, type WriteOptions } from './registry.js';

/** The Scale object of a workload. */
export function scaleOf(obj: KubeObject): KubeObject {
  const w = obj as Workload;
  const { name, namespace, uid, resourceVersion, creationTimestamp } = w.metadata;
  const metadata = JSON.parse(
    JSON.stringify({ name, namespace, uid, resourceVersion, creationTimestamp }),
  ) as KubeObject['metadata'];
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: { replicas: w.spec.replicas ?? 1 },
    status: {
      replicas: typeof w.status?.replicas === 'number' ? w.status.replicas : 0,
      selector: formatLabelSelector(selectorFromObject(w.spec.selector)),
    },
  };
}

function replicasOf(scale: unknown): number {
  const replicas = (scale as { spec?: { replicas?: unknown } } | undefined)?.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw badRequest('spec.replicas must be a non-negative integer');
  }
  return replicas;
}

function writeReplicas(
  registry: Registry,
  info: ResourceInfo,
  current: KubeObject,
  replicas: number,
  options: WriteOptions,
): KubeObject {
  const w = current as Workload;
  const next = { ...w, spec: { ...w.spec, replicas } };
  const name = current.metadata.name ?? '';
  return scaleOf(registry.update(info, current.metadata.namespace, name, next, '', options));
}

/** PUT on `/scale`. */
export function updateScale(
  registry: Registry,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  body: unknown,
  options: WriteOptions,
): KubeObject {
  const current = registry.get(info, namespace, name);
  return writeReplicas(registry, info, current, replicasOf(body), options);
}

/** PATCH on `/scale`. */
export function patchScale(
  registry: Registry,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  type: PatchType,
  patch: unknown,
  options: WriteOptions,
): KubeObject {
  const current = registry.get(info, namespace, name);
  const patched = applyPatch('Scale', scaleOf(current), type, patch);
  return writeReplicas(registry, info, current, replicasOf(patched), options);
}
