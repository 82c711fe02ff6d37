/**
 * DELETE semantics: preconditions, graceful pod deletion (deletionTimestamp now + grace, the
 * kubelet removes the pod when its containers stopped), finalizers holding an object back,
 * namespaces turning Terminating, and the propagation policy the garbage collector reads.
 */
import { conflict, type ApiError } from '../api-error.js';
import { kubeTime } from '../clock.js';
import type { ResourceInfo } from '../resources.js';
import type { KubeObject, Pod } from '../types.js';
import type { Registry, WriteOptions } from './registry.js';

/** Options of one delete (query parameters or a DeleteOptions body). */
export interface DeleteOptions extends WriteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** What a delete did. */
export interface DeleteResult {
  /** The object as stored now (graceful) or as it was when removed. */
  object: KubeObject;
  /** True when the object is gone from the store. */
  removed: boolean;
}

/** Dependents of deleted owners that the garbage collector must leave alone. */
export const orphanedOwners = new WeakMap<Registry, Set<string>>();

function checkPreconditions(
  info: ResourceInfo,
  obj: KubeObject,
  options: DeleteOptions,
): ApiError | undefined {
  const pre = options.preconditions;
  const name = obj.metadata.name ?? '';
  if (pre?.uid && pre.uid !== obj.metadata.uid) {
    return conflict(
      info.resource,
      info.group,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid ?? ''}`,
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
    return conflict(
      info.resource,
      info.group,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion ?? ''}`,
    );
  }
  return undefined;
}

function podGrace(pod: Pod, options: DeleteOptions): number {
  const phase = pod.status?.phase;
  if (!pod.spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  return Math.max(0, options.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30);
}

function mark(
  registry: Registry,
  info: ResourceInfo,
  obj: KubeObject,
  grace: number,
  options: DeleteOptions,
): DeleteResult {
  const at = kubeTime(registry.clock.now() + grace * 1000);
  const next: KubeObject = {
    ...obj,
    metadata: { ...obj.metadata, deletionTimestamp: at, deletionGracePeriodSeconds: grace },
  };
  if (info.kind === 'Namespace') next.status = { ...(obj.status as object), phase: 'Terminating' };
  if (options.dryRun) return { object: next, removed: false };
  return { object: registry.store.update(info.key, next), removed: false };
}

/** DELETE of one object. */
export function deleteObject(
  registry: Registry,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions = {},
): DeleteResult {
  const obj = registry.get(info, namespace, name);
  const failed = checkPreconditions(info, obj, options);
  if (failed) throw failed;
  if (options.propagationPolicy === 'Orphan' && obj.metadata.uid && !options.dryRun) {
    let set = orphanedOwners.get(registry);
    if (!set) orphanedOwners.set(registry, (set = new Set()));
    set.add(obj.metadata.uid);
  }
  if (info.kind === 'Namespace') {
    return obj.metadata.deletionTimestamp
      ? { object: obj, removed: false }
      : mark(registry, info, obj, 0, options);
  }
  const grace = info.kind === 'Pod' ? podGrace(obj as Pod, options) : 0;
  const previous = obj.metadata.deletionGracePeriodSeconds;
  if (obj.metadata.deletionTimestamp && previous !== undefined && grace >= previous)
    return { object: obj, removed: false };
  if (grace > 0 || (obj.metadata.finalizers?.length ?? 0) > 0)
    return mark(registry, info, obj, grace, options);
  if (options.dryRun) return { object: obj, removed: false };
  return { object: registry.store.remove(info.key, obj.metadata.namespace, name), removed: true };
}
