/**
 * The in-process control API of a running simulator ("the store" tests and the demo use to
 * change the world): object CRUD through the same registry the HTTP API uses, pod lifecycle
 * changes a kubelet would report, denials, and watch-window and connection faults.
 */
import { PATCH_CONTENT_TYPES, type PatchType, type Registry } from './registry/registry.js';
import { deleteObject } from './registry/deletion.js';
import { RESOURCES, type ResourceInfo } from './resources.js';
import type { Denials, DenialRule } from './denials.js';
import type { Kubelet } from './kubelet/kubelet.js';
import { restartContainer, setPodReady, type RestartOptions } from './kubelet/pod-actions.js';
import type { EventRecorder } from './events.js';
import type { PodRuntime } from './runtime.js';
import type { WatchHub } from './api/watch.js';
import type { ControllerManager } from './controllers/manager.js';
import { controllerOf } from './controllers/owners.js';
import type { KubeObject, Pod } from './types.js';

export { PATCH_CONTENT_TYPES };

/** Finds a resource by plural (`pods`), short name (`deploy`) or kind (`Deployment`). */
export function resourceNamed(name: string): ResourceInfo {
  const info = RESOURCES.find(
    (r) => r.resource === name || r.kind === name || r.shortNames.includes(name) || r.singular === name,
  );
  if (!info)
    throw new Error(`unknown resource "${name}"; served: ${RESOURCES.map((r) => r.resource).join(', ')}`);
  return info;
}

/** Parts of the simulator the control API drives. */
export interface ControlParts {
  registry: Registry;
  kubelet: Kubelet;
  controllers: ControllerManager;
  events: EventRecorder;
  runtime: PodRuntime;
  denials: Denials;
  watches: WatchHub;
}

/** In-process control of the simulated cluster. */
export class KubeSimStore {
  constructor(private readonly parts: ControlParts) {}

  /** The registry (advanced use: direct API-semantics writes). */
  get registry(): Registry {
    return this.parts.registry;
  }

  /** The current resourceVersion. */
  get resourceVersion(): number {
    return this.parts.registry.store.rv;
  }

  /** One object, or undefined. */
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const info = resourceNamed(resource);
    const obj = this.parts.registry.store.get(info.key, info.namespaced ? namespace : undefined, name);
    return obj && structuredClone(obj);
  }

  /** Objects of a resource, of one namespace when given. */
  list(resource: string, namespace?: string): KubeObject[] {
    return this.parts.registry.store
      .list(resourceNamed(resource).key, namespace)
      .map((o) => structuredClone(o));
  }

  /** Creates an object (kind picks the resource, metadata.namespace the namespace). */
  create(obj: KubeObject): KubeObject {
    const info = resourceNamed(obj.kind);
    return this.parts.registry.create(info, obj.metadata.namespace ?? 'default', obj);
  }

  /** Replaces an object (PUT semantics, resourceVersion checked when set). */
  update(obj: KubeObject, subresource: '' | 'status' = ''): KubeObject {
    const info = resourceNamed(obj.kind);
    return this.parts.registry.update(
      info,
      obj.metadata.namespace,
      obj.metadata.name ?? '',
      obj,
      subresource,
    );
  }

  /** Patches an object. @default type 'strategic' */
  patch(
    resource: string,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type: PatchType = 'strategic',
  ): KubeObject {
    return this.parts.registry.patch(resourceNamed(resource), namespace, name, '', type, patch);
  }

  /** Deletes an object (pods: gracefully unless gracePeriodSeconds is 0). */
  delete(
    resource: string,
    namespace: string | undefined,
    name: string,
    options: { gracePeriodSeconds?: number } = {},
  ): KubeObject {
    return deleteObject(this.parts.registry, resourceNamed(resource), namespace, name, options).object;
  }

  /** Flips readiness of a pod (all containers, or one). */
  setPodReady(namespace: string, name: string, ready: boolean, container?: string): Pod {
    return setPodReady(this.parts.registry, namespace, name, ready, container);
  }

  /** Starts a graceful deletion; the kubelet removes the pod after the grace period. */
  terminatePod(namespace: string, name: string, gracePeriodSeconds?: number): Pod {
    const options = gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds };
    return deleteObject(this.parts.registry, resourceNamed('pods'), namespace, name, options).object as Pod;
  }

  /** Restarts a container (restartCount + 1, lastState.terminated). */
  restartPod(namespace: string, name: string, options: RestartOptions = {}): Pod {
    return restartContainer(
      this.parts.registry,
      this.parts.events,
      this.parts.runtime,
      namespace,
      name,
      options,
    );
  }

  /** Removes a pod at once and gives its IP to the next pod started on its node (a replacement). */
  reuseIp(namespace: string, name: string): string {
    const pod = this.get('pods', namespace, name) as Pod | undefined;
    const ip = pod?.status?.podIP;
    const node = pod?.spec.nodeName;
    if (!pod || !ip || !node) throw new Error(`pod ${namespace}/${name} has no IP to reuse`);
    this.delete('pods', namespace, name, { gracePeriodSeconds: 0 });
    this.parts.kubelet.ipam.preferNext(node, ip);
    return ip;
  }

  /** Sets spec.replicas of a Deployment (or ReplicaSet). */
  scale(
    resource: 'deployments' | 'replicasets',
    namespace: string,
    name: string,
    replicas: number,
  ): KubeObject {
    return this.patch(resource, namespace, name, { spec: { replicas } }, 'merge');
  }

  /** Pods controlled by a deployment's ReplicaSets (or a ReplicaSet), oldest first. */
  podsOf(namespace: string, workload: string): Pod[] {
    const rsUids = new Set(
      this.parts.registry.store
        .list('replicasets.apps', namespace)
        .filter((rs) => rs.metadata.name === workload || controllerOf(rs)?.name === workload)
        .map((rs) => rs.metadata.uid),
    );
    return (this.list('pods', namespace) as Pod[])
      .filter((p) => rsUids.has(controllerOf(p)?.uid))
      .sort(
        (a, b) =>
          (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
          (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
      );
  }

  /** Adds a denial rule; returns the function that lifts it. */
  deny(rule: DenialRule): () => void {
    return this.parts.denials.add(rule);
  }

  /** Lifts every denial. */
  clearDenials(): void {
    this.parts.denials.clear();
  }

  /** Ends every open watch (cleanly, or by destroying sockets); returns how many. */
  dropWatches(options: { abrupt?: boolean } = {}): number {
    return this.parts.watches.dropAll(options.abrupt ?? false);
  }

  /** Number of open watch connections. */
  get openWatches(): number {
    return this.parts.watches.size;
  }

  /** Keeps only the last `events` changes for watches and continue tokens. */
  setWatchWindow(events: number): void {
    this.parts.registry.store.history.resize(events);
  }

  /** Forgets all change history: any watch or continue token from an older revision gets 410. */
  compact(): void {
    this.parts.registry.store.history.compact(this.parts.registry.store.rv);
  }

  /** Waits until controllers and the kubelet have nothing queued (bounded). */
  async settle(maxTurns = 200): Promise<void> {
    for (let i = 0; i < maxTurns; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.parts.controllers.idle && this.parts.kubelet.idle) return;
    }
  }
}
