/**
 * The simulated kubelet (plus scheduler): binds pending pods to nodes, starts them after a delay
 * (phase Running, pod IP from the node's CIDR, container statuses, conditions, events), starts
 * ephemeral containers, and finishes graceful deletions when the grace period is over (containers
 * terminated, then the pod removed). Pod lifecycle hooks go to the pod runtime.
 */
import { kubeTime, type Clock, type TimerHandle } from '../clock.js';
import { WorkQueue } from '../controllers/work-queue.js';
import type { EventRecorder } from '../events.js';
import { deleteObject } from '../registry/deletion.js';
import type { Registry } from '../registry/registry.js';
import { resourceByKey } from '../resources.js';
import type { PodRuntime } from '../runtime.js';
import type { ChangeEvent } from '../store/history.js';
import { objectKey } from '../store/object-store.js';
import type { NodeObject, Pod } from '../types.js';
import { Ipam } from './ipam.js';
import { podConditions, runningStatus, terminatedState } from './pod-status.js';
import { pickNode } from './scheduler.js';

/** Kubelet timing. */
export interface KubeletOptions {
  /** Delay between binding and Running. @default 0 */
  startDelayMs?: number;
  /** Upper bound of the wait after a graceful delete (containers that exit early). @default unbounded */
  maxTerminationMs?: number;
}

/** Annotation that makes a new pod start not ready. */
export const READY_ANNOTATION = 'sim.opsctl.dev/ready';

const PODS = resourceByKey('pods');

/** The kubelet of every simulated node. */
export class Kubelet {
  readonly ipam = new Ipam();
  private readonly timers = new Map<string, TimerHandle>();
  private readonly podCount = new Map<string, number>();
  private readonly queue: WorkQueue;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly registry: Registry,
    private readonly clock: Clock,
    private readonly runtime: PodRuntime,
    private readonly events: EventRecorder,
    private readonly options: KubeletOptions = {},
  ) {
    this.queue = new WorkQueue((key) => this.reconcile(key));
  }

  /** Starts watching the store. */
  start(): void {
    const store = this.registry.store;
    for (const node of store.list('nodes')) this.onNode(node);
    for (const pod of store.list('pods')) this.track(pod as Pod, 1);
    this.unsubscribe = store.subscribe((change) => this.onChange(change));
    for (const pod of store.list('pods'))
      this.queue.add(objectKey(pod.metadata.namespace, pod.metadata.name ?? ''));
  }

  /** True when no pod is queued for reconciling (timers may still be pending). */
  get idle(): boolean {
    return this.queue.idle;
  }

  /** Stops timers and the change feed. */
  stop(): void {
    this.unsubscribe?.();
    this.queue.stop();
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
  }

  private onNode(node: NodeObject): void {
    const cidr = node.spec?.podCIDR;
    if (cidr) this.ipam.addNode(node.metadata.name ?? '', cidr);
  }

  private track(pod: Pod, delta: number): void {
    const node = pod.spec.nodeName;
    if (!node) return;
    this.podCount.set(node, (this.podCount.get(node) ?? 0) + delta);
    const ip = pod.status?.podIP;
    if (ip && !pod.spec.hostNetwork) {
      if (delta > 0) this.ipam.reserve(node, ip);
      else this.ipam.release(node, ip);
    }
  }

  private onChange(change: ChangeEvent): void {
    if (change.resource === 'nodes') {
      this.onNode(change.object);
      for (const pod of this.registry.store.list('pods')) {
        if (!(pod as Pod).spec.nodeName)
          this.queue.add(objectKey(pod.metadata.namespace, pod.metadata.name ?? ''));
      }
      return;
    }
    if (change.resource !== 'pods') return;
    const pod = change.object as Pod;
    const key = objectKey(pod.metadata.namespace, pod.metadata.name ?? '');
    if (change.previous) this.track(change.previous as Pod, -1);
    if (change.type === 'DELETED') {
      this.cancel(key);
      this.runtime.podStopped?.(pod);
      return;
    }
    this.track(pod, 1);
    this.queue.add(key);
  }

  private cancel(key: string): void {
    const t = this.timers.get(key);
    if (t) this.clock.clearTimeout(t);
    this.timers.delete(key);
  }

  private later(key: string, ms: number, fn: () => void): void {
    this.cancel(key);
    this.timers.set(
      key,
      this.clock.setTimeout(() => {
        this.timers.delete(key);
        fn();
      }, ms),
    );
  }

  private current(key: string): Pod | undefined {
    const [ns, name] = key.split('/');
    return this.registry.store.get('pods', ns, name ?? '') as Pod | undefined;
  }

  private reconcile(key: string): void {
    const pod = this.current(key);
    if (!pod) return;
    if (pod.metadata.deletionTimestamp) return this.scheduleFinish(key, pod);
    if (!pod.spec.nodeName) return this.bind(pod);
    const started = pod.status?.containerStatuses !== undefined || pod.status?.startTime !== undefined;
    if (!started && !this.timers.has(key)) {
      this.later(key, this.options.startDelayMs ?? 0, () => this.startPod(key));
    }
    if (started) this.startEphemeral(pod);
  }

  private writeStatus(pod: Pod, status: Pod['status'], spec?: Pod['spec']): Pod {
    const next: Pod = { ...pod, metadata: { ...pod.metadata }, spec: spec ?? pod.spec, status: status ?? {} };
    return this.registry.store.update('pods', next) as Pod;
  }

  private bind(pod: Pod): void {
    const nodes = this.registry.store.list('nodes') as NodeObject[];
    const choice = pickNode(
      pod,
      nodes,
      (n) => this.podCount.get(n) ?? 0,
      (n) => this.ipam.hasPreference(n),
    );
    const at = kubeTime(this.clock.now());
    if (!choice.node) {
      const previous = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
      if (previous?.reason === 'Unschedulable' && previous.message === choice.reason) return;
      const condition = {
        type: 'PodScheduled',
        status: 'False' as const,
        lastProbeTime: null,
        lastTransitionTime: at,
      };
      this.writeStatus(pod, {
        ...pod.status,
        conditions: [{ ...condition, reason: 'Unschedulable', message: choice.reason }],
      });
      this.events.record(pod, 'Warning', 'FailedScheduling', choice.reason, {
        component: 'default-scheduler',
      });
      return;
    }
    const status = {
      ...pod.status,
      conditions: [
        { type: 'PodScheduled', status: 'True' as const, lastProbeTime: null, lastTransitionTime: at },
      ],
    };
    const bound = this.writeStatus(pod, status, { ...pod.spec, nodeName: choice.node });
    const msg = `Successfully assigned ${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''} to ${choice.node}`;
    this.events.record(bound, 'Normal', 'Scheduled', msg, { component: 'default-scheduler' });
  }

  private startPod(key: string): void {
    const pod = this.current(key);
    if (!pod?.spec.nodeName || pod.metadata.deletionTimestamp) return;
    const node = this.registry.store.get('nodes', undefined, pod.spec.nodeName) as NodeObject | undefined;
    const hostIP = node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
    const podIP = pod.spec.hostNetwork ? hostIP : this.ipam.allocate(pod.spec.nodeName);
    const now = this.clock.now();
    const at = kubeTime(now);
    const ready = pod.metadata.annotations?.[READY_ANNOTATION] !== 'false';
    const status: NonNullable<Pod['status']> = {
      ...pod.status,
      phase: 'Running',
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: at,
      containerStatuses: pod.spec.containers.map((c) => runningStatus(pod, c, at, ready)),
    };
    const scheduledAt =
      pod.status?.conditions?.find((c) => c.type === 'PodScheduled')?.lastTransitionTime ?? at;
    status.conditions = podConditions(status, scheduledAt, at);
    const started = this.writeStatus(pod, status);
    const source = { component: 'kubelet', host: pod.spec.nodeName };
    for (const c of pod.spec.containers) {
      const path = `spec.containers{${c.name}}`;
      this.events.record(
        started,
        'Normal',
        'Pulled',
        `Container image "${c.image ?? ''}" already present on machine`,
        source,
        path,
      );
      this.events.record(started, 'Normal', 'Created', `Created container: ${c.name}`, source, path);
      this.events.record(started, 'Normal', 'Started', `Started container ${c.name}`, source, path);
    }
    this.runtime.podStarted?.(started);
  }

  private startEphemeral(pod: Pod): void {
    const known = new Set((pod.status?.ephemeralContainerStatuses ?? []).map((s) => s.name));
    const added = (pod.spec.ephemeralContainers ?? []).filter((c) => !known.has(c.name));
    if (added.length === 0) return;
    const at = kubeTime(this.clock.now());
    const statuses = [
      ...(pod.status?.ephemeralContainerStatuses ?? []),
      ...added.map((c) => runningStatus(pod, c, at, false)),
    ];
    const updated = this.writeStatus(pod, { ...pod.status, ephemeralContainerStatuses: statuses });
    for (const c of added) {
      const source = { component: 'kubelet', host: pod.spec.nodeName ?? '' };
      this.events.record(
        updated,
        'Normal',
        'Created',
        `Created container: ${c.name}`,
        source,
        `spec.ephemeralContainers{${c.name}}`,
      );
      this.events.record(
        updated,
        'Normal',
        'Started',
        `Started container ${c.name}`,
        source,
        `spec.ephemeralContainers{${c.name}}`,
      );
      this.runtime.containerStarted?.(updated, c.name);
    }
  }

  private scheduleFinish(key: string, pod: Pod): void {
    if (this.timers.has(key)) return;
    // Like a kubelet, count the grace period from when the deletion is observed.
    let wait = Math.max(0, (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000);
    if (this.options.maxTerminationMs !== undefined) wait = Math.min(wait, this.options.maxTerminationMs);
    for (const c of pod.spec.containers) {
      const source = { component: 'kubelet', host: pod.spec.nodeName ?? '' };
      this.events.record(
        pod,
        'Normal',
        'Killing',
        `Stopping container ${c.name}`,
        source,
        `spec.containers{${c.name}}`,
      );
    }
    this.later(key, wait, () => this.finish(key));
  }

  /** Finishes a graceful deletion before its grace period ends (the runtime saw every container exit). */
  finishTermination(namespace: string, name: string): void {
    const key = objectKey(namespace, name);
    if (!this.current(key)?.metadata.deletionTimestamp) return;
    this.cancel(key);
    this.finish(key);
  }

  private finish(key: string): void {
    const pod = this.current(key);
    if (!pod) return;
    const at = kubeTime(this.clock.now());
    // A runtime running real processes has already written their exit codes: keep those.
    const containerStatuses = (pod.status?.containerStatuses ?? []).map((s) => ({
      ...s,
      ready: false,
      started: false,
      state: s.state.terminated ? s.state : terminatedState(s, at, 0, 'Completed'),
    }));
    const status = { ...pod.status, containerStatuses };
    status.conditions = podConditions(status, at, at);
    this.writeStatus(pod, status);
    deleteObject(this.registry, PODS, pod.metadata.namespace, pod.metadata.name ?? '', {
      gracePeriodSeconds: 0,
    });
  }
}
