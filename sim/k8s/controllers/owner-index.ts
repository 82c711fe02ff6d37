/** Index of dependents by owner UID, kept current from the change feed (the GC's graph). */
import type { ChangeEvent } from '../store/history.js';
import type { ObjectStore } from '../store/object-store.js';
import type { KubeObject } from '../types.js';

/** One dependent object. */
export interface DependentRef {
  resource: string;
  namespace: string | undefined;
  name: string;
}

const SEP = '\u0000';

function refKey(resource: string, obj: KubeObject): string {
  return [resource, obj.metadata.namespace ?? '', obj.metadata.name ?? ''].join(SEP);
}

/** Owner UID -> dependents. */
export class OwnerIndex {
  private readonly byOwner = new Map<string, Set<string>>();

  private add(resource: string, obj: KubeObject): void {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      let set = this.byOwner.get(ref.uid);
      if (!set) this.byOwner.set(ref.uid, (set = new Set()));
      set.add(refKey(resource, obj));
    }
  }

  private remove(resource: string, obj: KubeObject): void {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const set = this.byOwner.get(ref.uid);
      set?.delete(refKey(resource, obj));
      if (set?.size === 0) this.byOwner.delete(ref.uid);
    }
  }

  /** Indexes every stored object of these resources. */
  seed(store: ObjectStore, resources: string[]): void {
    for (const resource of resources) for (const obj of store.list(resource)) this.add(resource, obj);
  }

  /** Applies one change. */
  track(change: ChangeEvent): void {
    if (change.previous) this.remove(change.resource, change.previous);
    if (change.type !== 'DELETED') this.add(change.resource, change.object);
  }

  /** Dependents of an owner. */
  dependents(uid: string): DependentRef[] {
    return [...(this.byOwner.get(uid) ?? [])].map((key) => {
      const [resource = '', namespace = '', name = ''] = key.split(SEP);
      return { resource, namespace: namespace === '' ? undefined : namespace, name };
    });
  }
}
