/**
 * Runs the controllers (deployment, replicaset, garbage collector, namespace lifecycle) off the
 * store's change feed through one work queue.
 */
import type { EventRecorder } from '../events.js';
import { RESOURCES } from '../resources.js';
import type { Registry } from '../registry/registry.js';
import type { ChangeEvent } from '../store/history.js';
import { objectKey } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import { deploymentKeysFor, syncDeployment } from './deployment.js';
import { collectDependents, syncNamespace } from './garbage-collector.js';
import { OwnerIndex } from './owner-index.js';
import { replicaSetKeysFor, syncReplicaSet } from './replicaset.js';
import { WorkQueue } from './work-queue.js';

/** The controller manager of the simulated cluster. */
export class ControllerManager {
  private readonly queue: WorkQueue;
  private deleted: KubeObject[] = [];
  private readonly owners = new OwnerIndex();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly registry: Registry,
    private readonly events: EventRecorder,
    onError: (key: string, err: unknown) => void = () => undefined,
  ) {
    this.queue = new WorkQueue((key) => this.handle(key), onError);
  }

  /** Subscribes to changes and queues every existing workload once. */
  start(): void {
    const store = this.registry.store;
    this.owners.seed(
      store,
      RESOURCES.filter((r) => r.namespaced && r.resource !== 'events').map((r) => r.key),
    );
    this.unsubscribe = store.subscribe((change) => this.onChange(change));
    for (const d of store.list('deployments.apps'))
      this.queue.add(`deploy:${objectKey(d.metadata.namespace, d.metadata.name ?? '')}`);
    for (const rs of store.list('replicasets.apps'))
      this.queue.add(`rs:${objectKey(rs.metadata.namespace, rs.metadata.name ?? '')}`);
  }

  /** Stops reacting to changes. */
  stop(): void {
    this.unsubscribe?.();
    this.queue.stop();
  }

  /** True when no reconcile is queued. */
  get idle(): boolean {
    return this.queue.idle;
  }

  private onChange(change: ChangeEvent): void {
    if (change.resource === 'events') return;
    this.owners.track(change);
    for (const key of replicaSetKeysFor(change)) this.queue.add(`rs:${key}`);
    for (const key of deploymentKeysFor(change)) this.queue.add(`deploy:${key}`);
    if (change.type === 'DELETED') {
      this.deleted.push(change.object);
      this.queue.add('gc');
    }
    if (change.resource === 'namespaces' && change.object.metadata.deletionTimestamp) {
      this.queue.add(`ns:${change.object.metadata.name ?? ''}`);
    } else if (change.type === 'DELETED' && change.object.metadata.namespace) {
      const ns = this.registry.store.get('namespaces', undefined, change.object.metadata.namespace);
      if (ns?.metadata.deletionTimestamp) this.queue.add(`ns:${change.object.metadata.namespace}`);
    }
  }

  private handle(key: string): void {
    const [kind, rest = ''] = [
      key.slice(0, key.indexOf(':') < 0 ? key.length : key.indexOf(':')),
      key.slice(key.indexOf(':') + 1),
    ];
    switch (kind) {
      case 'rs':
        return syncReplicaSet(this.registry, this.events, rest);
      case 'deploy':
        return syncDeployment(this.registry, this.events, rest);
      case 'ns':
        return syncNamespace(this.registry, rest);
      case 'gc': {
        const owners = this.deleted;
        this.deleted = [];
        for (const owner of owners) collectDependents(this.registry, owner, this.owners);
        return;
      }
      default:
        return;
    }
  }
}
