/**
 * What to do about each kind of drift, in one line for the `opsctl drift` table; docs/drift.md
 * explains each at length (the runbook).
 */
import type { DriftFinding } from './types.js';

const ADVICE: Record<string, string> = {
  'stale/ephemeral':
    'find what still beats for it (zombie process, another host); deregister once it is stopped',
  'stale/persistent':
    'persistent instances never expire: deregister it (Nacos console or DELETE /nacos/v1/ns/instance)',
  'foreign_ip/loopback': 'pin the address: spring.cloud.nacos.discovery.ip or network-interface',
  'foreign_ip/docker_bridge':
    'the app picked the Docker bridge NIC: set spring.cloud.nacos.discovery.network-interface',
  'foreign_ip/link_local': 'pin the address: spring.cloud.nacos.discovery.ip or network-interface',
  'foreign_ip/outside_cluster':
    'registered on purpose? add it to drift.ignoreCidrs; else fix the discovery IP',
  'healthy_not_ready/starting':
    'early registration: register with instance-enabled=false and enable once Ready, or delay registration',
  'healthy_not_ready/terminating':
    'deregister in a preStop hook (serviceregistry DOWN, then sleep) before shutdown',
  'healthy_not_ready/unready':
    'the pod failed readiness: check its probe and logs; take the instance out of Nacos',
  'ready_unhealthy/ephemeral': 'beats are lost: check the client connection to Nacos and the pod logs',
  'ready_unhealthy/persistent':
    'the Nacos health check fails: check the checked port and the cluster health-check settings',
  'ready_missing/annotation':
    'the pod never registered: check spring.cloud.nacos.discovery settings and logs',
  'ready_missing/label': 'the pod never registered: check spring.cloud.nacos.discovery settings and logs',
  'ready_missing/workload': "its siblings are registered, it is not: check this pod's logs and Nacos address",
  'ready_disabled/disabled':
    'enable it (an "enable after Ready" step was missed, or an offline mark was kept)',
  'ready_disabled/zero_weight': 'set a weight above 0 if it should take traffic',
  'ip_reused/other_service':
    'a new pod took this IP: deregister the old instance now, traffic goes to the wrong app',
  'ip_reused/newer_pod': 'the pod on this IP started after the registration: deregister the old instance',
  'ip_reused/identity_mismatch': 'the registering pod is gone and its IP reused: deregister the old instance',
  'duplicate/same_address': 'one address in several services or clusters: remove the wrong registration',
  'duplicate/same_pod': 'the pod registered twice (NICs, management port): pin ip/port in discovery settings',
};

/** One line saying what to do about a finding. */
export function adviceFor(finding: Pick<DriftFinding, 'kind' | 'reason'>): string {
  return ADVICE[`${finding.kind}/${finding.reason}`] ?? 'see docs/drift.md';
}
