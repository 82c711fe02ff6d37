/** Namespaces and nodes of a scenario, created as a real cluster would report them. */
import { DEFAULT_NODE } from '../../scenario/kubernetes-checks.js';
import type { KubeScenario } from '../../scenario/kubernetes.js';
import { parseScenarioDuration } from '../../scenario/duration.js';
import { kubeTime } from '../clock.js';
import type { Registry } from '../registry/registry.js';
import { resourceByKey } from '../resources.js';
import type { NodeObject } from '../types.js';

const NAMESPACES = resourceByKey('namespaces');
const NODES = resourceByKey('nodes');

/** Creates namespaces: the usual system ones, the declared ones and every one referenced. */
export function buildNamespaces(registry: Registry, k: KubeScenario, now: number): void {
  type NamespaceSpec = {
    labels?: Record<string, string> | undefined;
    annotations?: Record<string, string> | undefined;
    age?: string | number | undefined;
  };
  const declared = new Map<string, NamespaceSpec>();
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease'])
    declared.set(ns, { age: '30d' });
  for (const ns of k.namespaces) {
    if (typeof ns === 'string') declared.set(ns, declared.get(ns) ?? {});
    else declared.set(ns.name, ns);
  }
  for (const ref of [...k.workloads, ...k.pods])
    if (!declared.has(ref.namespace)) declared.set(ref.namespace, {});
  for (const [name, spec] of declared) {
    const metadata: Record<string, unknown> = {
      name,
      creationTimestamp: kubeTime(now - parseScenarioDuration(spec.age ?? '7d')),
    };
    if (spec.labels) metadata.labels = spec.labels;
    if (spec.annotations) metadata.annotations = spec.annotations;
    registry.create(NAMESPACES, undefined, { metadata }, { internal: true });
  }
}

function nodeObject(
  n: KubeScenario['nodes'][number],
  index: number,
  version: string,
  now: number,
): NodeObject {
  const cidr = n.podCIDR ?? `10.244.${index}.0/24`;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
    ...Object.fromEntries((n.roles ?? []).map((r) => [`node-role.kubernetes.io/${r}`, ''])),
    ...(n.labels ?? {}),
  };
  const created = kubeTime(now - parseScenarioDuration(n.age));
  const heartbeat = kubeTime(now);
  const ready = n.ready
    ? {
        type: 'Ready',
        status: 'True' as const,
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
      }
    : {
        type: 'Ready',
        status: 'Unknown' as const,
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      };
  const pressure = (type: string, reason: string, message: string) => ({
    type,
    status: 'False' as const,
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: created,
    reason,
    message,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels,
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      creationTimestamp: created,
    },
    spec: { podCIDR: cidr, podCIDRs: [cidr], ...(n.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity: { cpu: '8', 'ephemeral-storage': '102625208Ki', memory: '32869912Ki', pods: '110' },
      allocatable: { cpu: '8', 'ephemeral-storage': '94580335255', memory: '32767512Ki', pods: '110' },
      conditions: [
        pressure('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        pressure('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        pressure('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        { ...ready, lastHeartbeatTime: heartbeat, lastTransitionTime: created },
      ],
      addresses: [
        { type: 'InternalIP', address: n.internalIP ?? `192.168.49.${10 + index}` },
        { type: 'Hostname', address: n.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: `${index}`.padStart(32, '0'),
        systemUUID: `00000000-0000-0000-0000-${`${index}`.padStart(12, '0')}`,
        bootID: `00000000-0000-0000-0001-${`${index}`.padStart(12, '0')}`,
        kernelVersion: '5.15.0-113-generic',
        osImage: 'Ubuntu 22.04.4 LTS',
        containerRuntimeVersion: 'containerd://1.7.18',
        kubeletVersion: version,
        kubeProxyVersion: version,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

/** Creates the scenario's nodes (one default node when none are listed). */
export function buildNodes(registry: Registry, k: KubeScenario, now: number): void {
  const nodes =
    k.nodes.length > 0 ? k.nodes : [{ name: DEFAULT_NODE, ready: true, unschedulable: false, age: '30d' }];
  nodes.forEach((n, i) =>
    registry.create(NODES, undefined, nodeObject(n, i + 1, k.serverVersion, now), { internal: true }),
  );
}
