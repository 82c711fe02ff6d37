/**
 * core/v1 Events as controllers and the kubelet record them (Scheduled, Pulled, Created, Started,
 * Killing, SuccessfulCreate, ScalingReplicaSet...), so `kubectl describe` and `get events` show
 * a plausible history.
 */
import { kubeTime } from './clock.js';
import type { Registry } from './registry/registry.js';
import { RESOURCES } from './resources.js';
import type { KubeObject } from './types.js';

const EVENTS = RESOURCES.find((r) => r.resource === 'events');

/** Who reports an event. */
export interface EventSource {
  component: string;
  host?: string;
}

/** Records events; a disabled recorder records nothing (large benchmarks). */
export class EventRecorder {
  constructor(
    private readonly registry: Registry,
    public enabled = true,
  ) {}

  /** Creates one Event about `involved`. */
  record(
    involved: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: EventSource,
    fieldPath?: string,
  ): void {
    if (!this.enabled || !EVENTS) return;
    const now = this.registry.clock.now();
    const namespace = involved.metadata.namespace ?? 'default';
    const involvedObject: Record<string, unknown> = {
      kind: involved.kind,
      namespace: involved.metadata.namespace,
      name: involved.metadata.name,
      uid: involved.metadata.uid,
      apiVersion: involved.apiVersion,
      resourceVersion: involved.metadata.resourceVersion,
    };
    if (fieldPath) involvedObject.fieldPath = fieldPath;
    const name = `${involved.metadata.name ?? 'object'}.${(now * 1e6 + Math.floor(Math.random() * 1e6)).toString(16)}`;
    const event = {
      metadata: { name, namespace },
      involvedObject,
      reason,
      message,
      source,
      firstTimestamp: kubeTime(now),
      lastTimestamp: kubeTime(now),
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    };
    try {
      this.registry.create(EVENTS, namespace, event, { internal: true });
    } catch {
      // The namespace may be going away with the object; a lost event is what a real cluster does too.
    }
  }
}
