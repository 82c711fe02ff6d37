import { describe, expect, it } from 'vitest';
import type { PodInfo } from '../kube/pod.js';
import type { RegistryInstance, RegistryNamespaceError } from '../ports/registry-source.js';
import { NO_HISTORY, type DriftHistory } from './context.js';
import { detectDrift } from './detect.js';
import { defaultDriftSettings, type DriftSettings } from './settings.js';
import { T0, instance, pod, snapshot } from './test-support.js';
import type { DriftCandidate } from './types.js';

interface Row {
  name: string;
  pods: PodInfo[];
  instances: RegistryInstance[];
  services?: string[];
  errors?: RegistryNamespaceError[];
  settings?: (s: DriftSettings) => void;
  history?: DriftHistory;
  /** `kind/reason ip:port pod` per candidate, sorted. */
  expected: string[];
}

function line(c: DriftCandidate): string {
  return `${c.kind}/${c.reason} ${c.ip}:${c.port ?? '-'} ${c.pod?.name ?? '-'}`;
}

function run(row: Row): DriftCandidate[] {
  const settings = defaultDriftSettings();
  row.settings?.(settings);
  const registry = snapshot(row.instances, {
    ...(row.services ? { services: row.services } : {}),
    ...(row.errors ? { errors: row.errors } : {}),
  });
  return detectDrift({ pods: row.pods, registry }, settings, row.history ?? NO_HISTORY).candidates;
}

/** A Ready pod of app `orders` on 10.0.1.5 declaring 8080, and a neighbour that keeps 10.0.1.0/24 known. */
const orders = (extra: Parameters<typeof pod>[1] = {}) =>
  pod('orders-1', { ip: '10.0.1.5', ports: [8080], labels: { app: 'orders' }, ...extra });
const neighbour = pod('busybox', { ip: '10.0.1.200' });

const ROWS: Row[] = [
  {
    name: 'no drift: Ready pod, healthy enabled instance',
    pods: [orders()],
    instances: [instance('orders', '10.0.1.5', 8080)],
    expected: [],
  },
  {
    name: 'stale: nobody holds the address (ephemeral)',
    pods: [neighbour],
    instances: [instance('orders', '10.0.1.9', 8080)],
    expected: ['stale/ephemeral 10.0.1.9:8080 -'],
  },
  {
    name: 'stale: persistent instances are marked',
    pods: [neighbour],
    instances: [instance('orders', '10.0.1.9', 8080, { ephemeral: false, healthy: false })],
    expected: ['stale/persistent 10.0.1.9:8080 -'],
  },
  {
    name: 'stale: the pod that had the address has finished',
    pods: [neighbour, orders({ phase: 'Failed', ready: false })],
    instances: [instance('orders', '10.0.1.5', 8080)],
    expected: ['stale/ephemeral 10.0.1.5:8080 -'],
  },
  {
    name: 'stale: identity metadata names a pod that is gone, nobody has its address',
    pods: [neighbour],
    instances: [instance('orders', '10.0.1.9', 8080, { metadata: { 'k8s.pod.name': 'orders-old' } })],
    expected: ['stale/ephemeral 10.0.1.9:8080 -'],
  },
  {
    name: 'stale, not foreign: configured cluster CIDRs cover the address',
    pods: [],
    instances: [instance('orders', '10.9.9.9', 8080)],
    settings: (s) => (s.clusterCidrs = ['10.0.0.0/8']),
    expected: ['stale/ephemeral 10.9.9.9:8080 -'],
  },
  {
    name: 'foreign_ip: the Docker bridge address of a pod named in metadata',
    pods: [orders()],
    instances: [
      instance('orders', '10.0.1.5', 8080, { metadata: { 'k8s.pod.name': 'orders-1' } }),
      instance('orders', '172.17.0.3', 8080, { metadata: { 'k8s.pod.name': 'orders-1' } }),
    ],
    expected: ['foreign_ip/docker_bridge 172.17.0.3:8080 orders-1'],
  },
  {
    name: 'foreign_ip: loopback and outside addresses',
    pods: [orders()],
    instances: [instance('orders', '127.0.0.1', 8080), instance('orders', '203.0.113.7', 8080)],
    expected: [
      'foreign_ip/loopback 127.0.0.1:8080 -',
      'foreign_ip/outside_cluster 203.0.113.7:8080 -',
      'ready_missing/label 10.0.1.5:- orders-1',
    ],
  },
  {
    name: 'ignored CIDRs are never compared',
    pods: [],
    instances: [instance('legacy', '203.0.113.7', 8080)],
    settings: (s) => (s.ignoreCidrs = ['203.0.113.0/24']),
    expected: [],
  },
  {
    name: 'healthy_not_ready/starting: registered before the readiness probe passed',
    pods: [orders({ ready: false, startedAgo: 20, readyChangedAgo: 20 })],
    instances: [instance('orders', '10.0.1.5', 8080)],
    expected: ['healthy_not_ready/starting 10.0.1.5:8080 orders-1'],
  },
  {
    name: 'healthy_not_ready/unready: Ready earlier, failing its probe now',
    pods: [orders({ ready: false, startedAgo: 3600, readyChangedAgo: 120 })],
    instances: [instance('orders', '10.0.1.5', 8080)],
    expected: ['healthy_not_ready/unready 10.0.1.5:8080 orders-1'],
  },
  {
    name: 'healthy_not_ready/unready: a pod the exporter saw Ready',
    pods: [orders({ ready: false, startedAgo: 30, readyChangedAgo: 28 })],
    instances: [instance('orders', '10.0.1.5', 8080)],
    history: { instanceFirstSeen: () => undefined, seenReady: (uid) => uid === 'uid-orders-1' },
    expected: ['healthy_not_ready/unready 10.0.1.5:8080 orders-1'],
  },
  {
    name: 'healthy_not_ready/terminating: still Ready, deletion started, not deregistered',
    pods: [orders({ deletedAgo: 10 })],
    instances: [instance('orders', '10.0.1.5', 8080)],
    expected: ['healthy_not_ready/terminating 10.0.1.5:8080 orders-1'],
  },
  {
    name: 'no drift: not Ready and disabled (register disabled, enable once Ready)',
    pods: [orders({ ready: false, startedAgo: 20, readyChangedAgo: 20 })],
    instances: [instance('orders', '10.0.1.5', 8080, { enabled: false })],
    expected: [],
  },
  {
    name: 'no drift: not Ready and unhealthy',
    pods: [orders({ ready: false, startedAgo: 3600, readyChangedAgo: 60 })],
    instances: [instance('orders', '10.0.1.5', 8080, { healthy: false })],
    expected: [],
  },
  {
    name: 'ready_unhealthy: beats lost (ephemeral) and failing health check (persistent)',
    pods: [orders(), pod('orders-2', { ip: '10.0.1.6', ports: [8080], labels: { app: 'orders' } })],
    instances: [
      instance('orders', '10.0.1.5', 8080, { healthy: false }),
      instance('orders', '10.0.1.6', 8080, { healthy: false, ephemeral: false }),
    ],
    expected: [
      'ready_unhealthy/ephemeral 10.0.1.5:8080 orders-1',
      'ready_unhealthy/persistent 10.0.1.6:8080 orders-2',
    ],
  },
  {
    name: 'ready_disabled: disabled, and weight 0',
    pods: [orders(), pod('orders-2', { ip: '10.0.1.6', ports: [8080], labels: { app: 'orders' } })],
    instances: [
      instance('orders', '10.0.1.5', 8080, { enabled: false }),
      instance('orders', '10.0.1.6', 8080, { weight: 0 }),
    ],
    expected: [
      'ready_disabled/disabled 10.0.1.5:8080 orders-1',
      'ready_disabled/zero_weight 10.0.1.6:8080 orders-2',
    ],
  },
  {
    name: 'ready_missing/label: the app label names an existing service',
    pods: [orders(), pod('orders-2', { ip: '10.0.1.6', ports: [8080], labels: { app: 'orders' } })],
    instances: [instance('orders', '10.0.1.5', 8080)],
    expected: ['ready_missing/label 10.0.1.6:- orders-2'],
  },
  {
    name: 'ready_missing/label: a service listed without any instance left',
    pods: [orders()],
    instances: [],
    services: ['orders'],
    expected: ['ready_missing/label 10.0.1.5:- orders-1'],
  },
  {
    name: 'ready_missing/annotation: group@@service annotation, in a namespace it names',
    pods: [
      pod('billing-1', {
        ip: '10.0.1.7',
        annotations: { 'nacos.io/service-name': 'PAY@@billing', 'nacos.io/namespace': 'prod' },
      }),
    ],
    instances: [],
    services: ['prod/PAY@@other'],
    expected: ['ready_missing/annotation 10.0.1.7:- billing-1'],
  },
  {
    name: 'no drift: group@@service annotation and namespace "" meaning public',
    pods: [
      pod('billing-1', {
        ip: '10.0.1.7',
        ports: [8080],
        annotations: { 'nacos.io/service-name': 'PAY@@billing', 'nacos.io/namespace': '' },
      }),
    ],
    instances: [instance('PAY@@billing', '10.0.1.7', 8080)],
    expected: [],
  },
  {
    name: 'ready_missing/workload: siblings of the Deployment are registered, this pod is not',
    pods: [
      pod('api-abc12-a', { ip: '10.0.1.10', ports: [8080], deployment: 'api' }),
      pod('api-abc12-b', { ip: '10.0.1.11', ports: [8080], deployment: 'api' }),
      pod('api-abc12-c', { ip: '10.0.1.12', ports: [8080], deployment: 'api' }),
    ],
    instances: [instance('api-service', '10.0.1.10', 8080), instance('api-service', '10.0.1.11', 8080)],
    expected: ['ready_missing/workload 10.0.1.12:- api-abc12-c'],
  },
  {
    name: 'no drift: Ready pods of non-Nacos apps are not expected anywhere',
    pods: [pod('redis-0', { ip: '10.0.1.20', ports: [6379], labels: { app: 'redis' } })],
    instances: [],
    expected: [],
  },
  {
    name: 'no ready_missing while the expected namespace could not be read',
    pods: [orders({ annotations: { 'nacos.io/namespace': 'prod' } })],
    instances: [],
    services: ['prod/orders'],
    errors: [{ nacosNamespace: 'prod', code: 'E_NACOS_HTTP', message: 'HTTP 500', hints: [] }],
    expected: [],
  },
  {
    name: 'ip_reused/other_service: the pod on the address belongs to another service',
    pods: [pod('inventory-1', { ip: '10.0.1.5', ports: [8080], labels: { app: 'inventory' } })],
    instances: [instance('orders', '10.0.1.5', 8080), instance('inventory', '10.0.1.99', 8080)],
    expected: [
      'ip_reused/other_service 10.0.1.5:8080 inventory-1',
      'ready_missing/label 10.0.1.5:- inventory-1',
      'stale/ephemeral 10.0.1.99:8080 -',
    ],
  },
  {
    name: 'ip_reused/other_service: the pod opted out of Nacos',
    pods: [pod('redis-0', { ip: '10.0.1.5', annotations: { 'nacos.io/register': 'false' } })],
    instances: [instance('orders', '10.0.1.5', 8080)],
    expected: ['ip_reused/other_service 10.0.1.5:8080 redis-0'],
  },
  {
    name: 'ip_reused/identity_mismatch: registered by a gone pod, address held by another',
    pods: [pod('redis-0', { ip: '10.0.1.5', ports: [6379] })],
    instances: [instance('orders', '10.0.1.5', 8080, { metadata: { 'k8s.pod.uid': 'uid-gone' } })],
    expected: ['ip_reused/identity_mismatch 10.0.1.5:8080 redis-0'],
  },
  {
    name: 'ip_reused/newer_pod: the pod started after the instance was first seen',
    pods: [pod('redis-0', { ip: '10.0.1.5', startedAgo: 60 })],
    instances: [instance('orders', '10.0.1.5', 8080)],
    history: { instanceFirstSeen: () => T0 - 600_000, seenReady: () => false },
    expected: ['ip_reused/newer_pod 10.0.1.5:8080 redis-0'],
  },
  {
    name: 'terminating and new pod on one address: the new pod is taken (and is another app)',
    pods: [
      orders({ deletedAgo: 5 }),
      pod('inventory-1', { ip: '10.0.1.5', ports: [8080], labels: { app: 'inventory' }, startedAgo: 10 }),
    ],
    instances: [instance('orders', '10.0.1.5', 8080), instance('inventory', '10.0.1.5', 8081)],
    expected: ['ip_reused/other_service 10.0.1.5:8080 inventory-1'],
  },
  {
    name: 'duplicate/same_address: one address in two services',
    pods: [orders()],
    instances: [instance('orders', '10.0.1.5', 8080), instance('billing', '10.0.1.5', 8080)],
    expected: [
      'duplicate/same_address 10.0.1.5:8080 orders-1',
      'duplicate/same_address 10.0.1.5:8080 orders-1',
      'ip_reused/other_service 10.0.1.5:8080 orders-1',
    ],
  },
  {
    name: 'duplicate/same_pod: the app and its management port registered',
    pods: [orders()],
    instances: [instance('orders', '10.0.1.5', 8080), instance('orders', '10.0.1.5', 8081)],
    expected: ['duplicate/same_pod 10.0.1.5:8080 orders-1', 'duplicate/same_pod 10.0.1.5:8081 orders-1'],
  },
  {
    name: 'hostNetwork: the node IP matches only with a declared port',
    pods: [pod('agent-x', { hostNetwork: true, ips: ['192.168.0.10'], ports: [9100] }), neighbour],
    instances: [instance('agent', '192.168.0.10', 9100), instance('other', '192.168.0.10', 8080)],
    expected: ['stale/ephemeral 192.168.0.10:8080 -'],
  },
  {
    name: 'multiple containers: a sidecar port matches',
    pods: [orders({ sidecars: [{ name: 'envoy', ports: [15090] }] })],
    instances: [instance('orders', '10.0.1.5', 8080), instance('orders-mesh', '10.0.1.5', 15090)],
    services: [],
    settings: (s) => (s.expectation.labelTemplates = []),
    expected: [],
  },
  {
    name: 'IPv6: registered text differs from the pod IP text',
    pods: [pod('orders-6', { ips: ['10.0.1.8', 'fd00::a:5'], ports: [8080], labels: { app: 'orders' } })],
    instances: [instance('orders', 'FD00:0:0:0:0:0:A:5', 8080, { healthy: false })],
    expected: ['ready_unhealthy/ephemeral FD00:0:0:0:0:0:A:5:8080 orders-6'],
  },
];

describe('detectDrift', () => {
  it.each(ROWS)('$name', (row) => {
    expect(run(row).map(line).sort()).toEqual([...row.expected].sort());
  });

  it('marks persistent instances and keeps the instance of instance kinds', () => {
    const [c] = run(ROWS.find((r) => r.name.startsWith('stale: persistent'))!);
    expect(c).toMatchObject({ persistent: true, instance: { ephemeral: false }, kind: 'stale' });
  });

  it('says how an instance matched: identity, ip+port, ip only, contested', () => {
    const candidates = run({
      name: 'match info',
      pods: [
        pod('a', { ip: '10.0.1.1', ports: [8080], ready: false, startedAgo: 5, readyChangedAgo: 5 }),
        pod('b', { ip: '10.0.1.2', ready: false, startedAgo: 5, readyChangedAgo: 5 }),
        pod('c', { ip: '10.0.1.3', ready: false, startedAgo: 5, readyChangedAgo: 5 }),
        pod('c-old', { ip: '10.0.1.4', ports: [8080], deletedAgo: 1 }),
        pod('c-new', { ip: '10.0.1.4', ports: [8080], ready: false, startedAgo: 5, readyChangedAgo: 5 }),
      ],
      instances: [
        instance('s', '10.0.1.1', 8080),
        instance('s', '10.0.1.2', 8080),
        instance('s', '10.0.1.9', 8080, { metadata: { 'k8s.pod.uid': 'uid-c' } }),
        instance('s', '10.0.1.4', 8080),
      ],
      settings: (s) => (s.clusterCidrs = ['10.0.0.0/8']),
      expected: [],
    });
    const byPod = Object.fromEntries(candidates.map((c) => [c.pod?.name ?? '-', c.match]));
    expect(byPod).toEqual({
      a: { rule: 'ip_port', portUnverified: false, contested: false },
      b: { rule: 'ip', portUnverified: true, contested: false },
      c: { rule: 'identity', portUnverified: false, contested: false },
      'c-new': { rule: 'ip_port', portUnverified: false, contested: true },
    });
  });

  it('dates conditions by what Kubernetes records', () => {
    const [starting] = run(ROWS.find((r) => r.name.startsWith('healthy_not_ready/starting'))!);
    expect(starting!.evidenceSince).toBe(T0 - 20_000);
    const [terminating] = run(ROWS.find((r) => r.name.startsWith('healthy_not_ready/terminating'))!);
    expect(terminating!.evidenceSince).toBe(T0 - 10_000);
    const [unhealthy] = run(ROWS.find((r) => r.name.startsWith('IPv6'))!);
    expect(unhealthy!.evidenceSince).toBe(T0 - 3_595_000);
  });
});
