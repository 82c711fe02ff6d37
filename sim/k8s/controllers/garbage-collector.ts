/**
 * Garbage collection (background propagation): when an owner is gone its dependents are deleted,
 * or, for owners deleted with propagationPolicy=Orphan, lose their owner reference. Also the
 * namespace lifecycle: a Terminating namespace has its content deleted, then goes away.
 */
import { ApiError } from '../api-error.js';
import { deleteObject, orphanedOwners } from '../registry/deletion.js';
import type { Registry } from '../registry/registry.js';
import { RESOURCES, resourceByKey } from '../resources.js';
import type { KubeObject } from '../types.js';
import type { OwnerIndex } from './owner-index.js';

const NAMESPACED = RESOURCES.filter((r) => r.namespaced);

function ignoreNotFound(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 404)) throw e;
  }
}

/** Deletes or orphans the dependents of a deleted owner. */
export function collectDependents(registry: Registry, owner: KubeObject, index: OwnerIndex): void {
  const uid = owner.metadata.uid;
  if (!uid) return;
  const orphan = orphanedOwners.get(registry)?.delete(uid) ?? false;
  for (const dep of index.dependents(uid)) {
    const obj = registry.store.get(dep.resource, dep.namespace, dep.name);
    if (!obj) continue;
    const info = resourceByKey(dep.resource);
    const refs = obj.metadata.ownerReferences ?? [];
    if (orphan) {
      const next = {
        ...obj,
        metadata: { ...obj.metadata, ownerReferences: refs.filter((r) => r.uid !== uid) },
      };
      if (next.metadata.ownerReferences.length === 0)
        delete (next.metadata as { ownerReferences?: unknown }).ownerReferences;
      registry.store.update(info.key, next);
    } else if (!obj.metadata.deletionTimestamp) {
      ignoreNotFound(() => deleteObject(registry, info, obj.metadata.namespace, dep.name));
    }
  }
}

/** Deletes the content of a Terminating namespace; removes it once empty. */
export function syncNamespace(registry: Registry, name: string): void {
  const ns = registry.store.get('namespaces', undefined, name);
  if (!ns?.metadata.deletionTimestamp) return;
  let remaining = 0;
  for (const info of NAMESPACED) {
    for (const obj of registry.store.list(info.key, name)) {
      remaining++;
      if (!obj.metadata.deletionTimestamp)
        ignoreNotFound(() => deleteObject(registry, info, name, obj.metadata.name ?? ''));
    }
  }
  if (remaining === 0) registry.store.remove(resourceByKey('namespaces').key, undefined, name);
}
