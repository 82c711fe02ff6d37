/**
 * The object store (etcd's role): objects per resource, one global resourceVersion counter bumped
 * by every write, key order as etcd lists (`<namespace>/<name>`), and a change feed that watches,
 * controllers and the kubelet subscribe to. It enforces nothing about API semantics; the registry
 * does that before writing.
 */
import type { KubeObject } from '../types.js';
import { EventHistory, type ChangeEvent, type ChangeType } from './history.js';

/** Storage key of an object within its resource. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? '') < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Options of a new store. */
export interface ObjectStoreOptions {
  /** First resourceVersion handed out is this + 1. @default 1000 */
  initialRv?: number;
  /** Events retained for watches and continue tokens. @default 50000 */
  historySize?: number;
}

/** In-memory store of every served object. */
export class ObjectStore {
  private revision: number;
  private readonly data = new Map<string, Map<string, KubeObject>>();
  private readonly sorted = new Map<string, string[]>();
  private readonly listeners = new Set<(event: ChangeEvent) => void>();
  readonly history: EventHistory;

  constructor(options: ObjectStoreOptions = {}) {
    this.revision = options.initialRv ?? 1000;
    this.history = new EventHistory(options.historySize ?? 50_000, this.revision);
  }

  /** The current resourceVersion (of the last write). */
  get rv(): number {
    return this.revision;
  }

  private table(resource: string): Map<string, KubeObject> {
    let table = this.data.get(resource);
    if (!table) {
      table = new Map();
      this.data.set(resource, table);
    }
    return table;
  }

  /** The stored object, or undefined. Do not mutate it. */
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.data.get(resource)?.get(objectKey(namespace, name));
  }

  /** Keys of a resource in etcd order. */
  keys(resource: string): string[] {
    let keys = this.sorted.get(resource);
    if (!keys) {
      keys = [...this.table(resource).keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      this.sorted.set(resource, keys);
    }
    return keys;
  }

  /** Objects of a resource (of one namespace when given) in etcd order. Do not mutate them. */
  list(resource: string, namespace?: string): KubeObject[] {
    const table = this.table(resource);
    const keys = this.keys(resource);
    const out: KubeObject[] = [];
    // A namespace's keys share the `<namespace>/` prefix, so they are contiguous in key order.
    const prefix = namespace === undefined ? '' : `${namespace}/`;
    for (let i = prefix === '' ? 0 : lowerBound(keys, prefix); i < keys.length; i++) {
      const key = keys[i] ?? '';
      if (!key.startsWith(prefix)) break;
      const obj = table.get(key);
      if (obj) out.push(obj);
    }
    return out;
  }

  /** Number of objects of a resource. */
  count(resource: string): number {
    return this.table(resource).size;
  }

  /** Registers a change listener; returns the function that removes it. */
  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(type: ChangeType, resource: string, obj: KubeObject, previous?: KubeObject): KubeObject {
    this.revision++;
    // apiVersion and kind first, metadata next: the order real responses have.
    const { apiVersion, kind, metadata, ...rest } = obj;
    const stored: KubeObject = {
      apiVersion,
      kind,
      metadata: { ...metadata, resourceVersion: String(this.revision) },
      ...rest,
    };
    const key = objectKey(stored.metadata.namespace, stored.metadata.name ?? '');
    const table = this.table(resource);
    if (type === 'DELETED') table.delete(key);
    else table.set(key, stored);
    if (type !== 'MODIFIED') this.sorted.delete(resource);
    const event: ChangeEvent = { type, rv: this.revision, resource, object: stored };
    if (previous) event.previous = previous;
    this.history.append(event);
    for (const listener of [...this.listeners]) listener(event);
    return stored;
  }

  /** Stores a new object; throws when the key is taken. */
  create(resource: string, obj: KubeObject): KubeObject {
    if (this.get(resource, obj.metadata.namespace, obj.metadata.name ?? '')) {
      throw new Error(`${resource} ${objectKey(obj.metadata.namespace, obj.metadata.name ?? '')} exists`);
    }
    return this.write('ADDED', resource, obj);
  }

  /** Replaces an existing object; throws when it is missing. */
  update(resource: string, obj: KubeObject): KubeObject {
    const previous = this.get(resource, obj.metadata.namespace, obj.metadata.name ?? '');
    if (!previous) throw new Error(`${resource} ${obj.metadata.name ?? ''} missing`);
    return this.write('MODIFIED', resource, obj, previous);
  }

  /** Removes an object; the DELETED event carries it with the deletion's resourceVersion. */
  remove(resource: string, namespace: string | undefined, name: string): KubeObject {
    const previous = this.get(resource, namespace, name);
    if (!previous) throw new Error(`${resource} ${objectKey(namespace, name)} missing`);
    return this.write('DELETED', resource, previous, previous);
  }
}
