/**
 * What the drift engine needs to know beyond the two snapshots: grace periods, how to find the
 * Nacos service a pod should be registered in, which addresses belong to the cluster. The config
 * schema's `drift:` section maps onto this one to one.
 */
import type { DriftKind } from './types.js';

/** How the Nacos service a pod is expected in is found (first that applies wins). */
export interface ExpectationSettings {
  /** Pod annotation naming the service (`orders`, `PAY@@orders`, or several comma-separated). */
  serviceAnnotation: string;
  /** Pod annotation naming the group (else `defaultGroup`, or the only group having the service). */
  groupAnnotation: string;
  /** Pod annotation naming the Nacos namespace id. */
  namespaceAnnotation: string;
  /** Pod annotation that, set to `false`, says the pod is not registered at all. */
  registerAnnotation: string;
  /**
   * Service names built from pod labels, tried in order; `{label}` is a label value. A template
   * counts only when every label exists and the named service exists in Nacos.
   */
  labelTemplates: string[];
  /** Group when no annotation says otherwise and the name exists in several groups. */
  defaultGroup: string;
  /** Kubernetes namespace -> Nacos namespace id. Unmapped: a Nacos namespace whose id or name equals it, else `public`. */
  namespaceMap: Record<string, string>;
  /** Expect a pod in the services most of the other pods of its workload are registered in. */
  inferFromWorkload: boolean;
}

/** Everything the drift engine is configured with. */
export interface DriftSettings {
  /** Seconds a condition must hold before it is reported, per kind. */
  graceSeconds: Record<DriftKind, number>;
  expectation: ExpectationSettings;
  /**
   * Pod and service CIDRs of the cluster. Empty: inferred as the /24 (IPv4) or /64 (IPv6) blocks
   * that hold a pod or node address.
   */
  clusterCidrs: string[];
  /** Addresses (CIDRs) registered on purpose from outside the cluster: never compared. */
  ignoreCidrs: string[];
  /** Instance metadata keys that name the pod (Downward API through spring.cloud.nacos.discovery.metadata). */
  identityKeys: { podUid: string[]; podName: string[]; podNamespace: string[] };
}

/** Defaults: grace periods from the Nacos and Kubernetes timings in reference/nacos.md section 3. */
export function defaultDriftSettings(): DriftSettings {
  return {
    graceSeconds: {
      // Ephemeral instances are removed 30-35 s after the last beat.
      stale: 40,
      foreign_ip: 30,
      // Early registration lasts until the readiness probe passes; preStop windows are similar.
      healthy_not_ready: 30,
      // Unhealthy after 15-20 s without beats, then removed or recovered.
      ready_unhealthy: 30,
      // A failed node's pods stay Ready ~40 s after Nacos dropped their instances.
      ready_missing: 60,
      // Operator-set enabled/weight survives 60 s; enable-after-Ready hooks need a moment.
      ready_disabled: 60,
      ip_reused: 40,
      duplicate: 60,
    },
    expectation: {
      serviceAnnotation: 'nacos.io/service-name',
      groupAnnotation: 'nacos.io/group',
      namespaceAnnotation: 'nacos.io/namespace',
      registerAnnotation: 'nacos.io/register',
      labelTemplates: ['{app.kubernetes.io/name}', '{app}'],
      defaultGroup: 'DEFAULT_GROUP',
      namespaceMap: {},
      inferFromWorkload: true,
    },
    clusterCidrs: [],
    ignoreCidrs: [],
    identityKeys: {
      podUid: ['k8s.pod.uid', 'pod.uid', 'podUid'],
      podName: ['k8s.pod.name', 'pod.name', 'podName'],
      podNamespace: ['k8s.namespace', 'k8s.pod.namespace', 'pod.namespace', 'podNamespace'],
    },
  };
}
