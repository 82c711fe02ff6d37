/**
 * Defaulting on create, as the apiserver's defaulters and admission plugins fill fields a client
 * left out (so `kubectl get -o yaml` and `describe` look like a real cluster's).
 */
import type { Container, KubeObject, ObjectMeta, Pod, PodSpec, Workload } from '../types.js';

function imagePullPolicy(image: string | undefined): string {
  const ref = image ?? '';
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  const tag = lastSegment.includes('@') ? 'digest' : lastSegment.split(':')[1];
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Container, withPorts: boolean): Container {
  const out: Container = {
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: imagePullPolicy(c.image),
    resources: {},
    ...c,
  };
  if (withPorts && c.ports) out.ports = c.ports.map((p) => ({ protocol: 'TCP', ...p }));
  return out;
}

const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

/** PodSpec defaults (template or pod). `admission` adds what admission plugins add to pods. */
export function defaultPodSpec(spec: PodSpec, admission: boolean): PodSpec {
  const serviceAccountName = (spec.serviceAccountName as string | undefined) ?? 'default';
  const out: PodSpec = {
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
    ...spec,
    containers: (spec.containers ?? []).map((c) => defaultContainer(c, true)),
  };
  if (spec.initContainers) out.initContainers = spec.initContainers.map((c) => defaultContainer(c, true));
  if (spec.ephemeralContainers) {
    out.ephemeralContainers = spec.ephemeralContainers.map((c) => defaultContainer(c, false));
  }
  if (admission) {
    out.serviceAccountName = serviceAccountName;
    out.serviceAccount = serviceAccountName;
    out.enableServiceLinks ??= true;
    out.priority ??= 0;
    out.preemptionPolicy ??= 'PreemptLowerPriority';
    const tolerations = (spec.tolerations as { key?: string }[] | undefined) ?? [];
    const missing = DEFAULT_TOLERATIONS.filter((d) => !tolerations.some((t) => t.key === d.key));
    out.tolerations = [...tolerations, ...missing];
  }
  return out;
}

function defaultWorkload(obj: Workload, deployment: boolean): Workload {
  const spec: Workload['spec'] = { replicas: 1, ...obj.spec };
  if (deployment) {
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
  }
  spec.template = {
    ...spec.template,
    // Real servers serialize the template's zero creationTimestamp as null.
    metadata: { creationTimestamp: null, ...(spec.template?.metadata ?? {}) } as unknown as ObjectMeta,
    spec: defaultPodSpec(spec.template?.spec ?? { containers: [] }, false),
  };
  return { ...obj, spec, status: obj.status ?? (deployment ? {} : { replicas: 0 }) };
}

/** Applies create-time defaults for the object's kind. */
export function applyDefaults(obj: KubeObject): KubeObject {
  switch (obj.kind) {
    case 'Pod': {
      const pod = obj as Pod;
      return {
        ...pod,
        spec: defaultPodSpec(pod.spec ?? { containers: [] }, true),
        status: { phase: 'Pending', qosClass: 'BestEffort', ...(pod.status ?? {}) },
      };
    }
    case 'Deployment':
      return defaultWorkload(obj as Workload, true);
    case 'ReplicaSet':
      return defaultWorkload(obj as Workload, false);
    case 'Namespace': {
      const name = obj.metadata.name ?? '';
      return {
        ...obj,
        metadata: {
          ...obj.metadata,
          labels: { 'kubernetes.io/metadata.name': name, ...(obj.metadata.labels ?? {}) },
        },
        spec: { finalizers: ['kubernetes'], ...(obj.spec ?? {}) },
        status: { phase: 'Active', ...(obj.status ?? {}) },
      };
    }
    default:
      return obj;
  }
}
