import { describe, expect, it } from 'vitest';
import { isTerminating, kubeTimeToMs, podKey, toPodInfo, workloadOf, type KubePodObject } from './pod.js';

const gatewayPod: KubePodObject = {
  metadata: {
    name: 'gateway-5d8f7c9b6-x2x7q',
    namespace: 'prod',
    uid: 'u-1',
    resourceVersion: '42',
    labels: { app: 'gateway', 'pod-template-hash': '5d8f7c9b6' },
    annotations: { 'prometheus.io/scrape': 'true' },
    ownerReferences: [{ kind: 'ReplicaSet', name: 'gateway-5d8f7c9b6', uid: 'rs-1', controller: true }],
    creationTimestamp: '2024-05-01T10:00:00Z',
  },
  spec: {
    nodeName: 'node-a',
    containers: [
      { name: 'app', image: 'gateway:1.4.2', ports: [{ containerPort: 8080, name: 'http' }] },
      { name: 'sidecar', image: 'envoy:1.30', ports: [{ containerPort: 9901, protocol: 'UDP' }] },
    ],
  },
  status: {
    phase: 'Running',
    podIP: '10.244.1.7',
    hostIP: '192.168.0.11',
    startTime: new Date('2024-05-01T10:00:05Z'),
    conditions: [
      { type: 'Ready', status: 'True', lastTransitionTime: '2024-05-01T10:00:30Z' },
      { type: 'PodScheduled', status: 'True' },
    ],
    containerStatuses: [
      {
        name: 'app',
        ready: true,
        restartCount: 2,
        state: { running: { startedAt: '2024-05-01T10:00:06Z' } },
      },
      { name: 'sidecar', ready: false, restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } },
    ],
  },
};

describe('toPodInfo', () => {
  it('normalises identity, placement, readiness, ports and containers', () => {
    const pod = toPodInfo(gatewayPod);
    expect(pod).toMatchObject({
      name: 'gateway-5d8f7c9b6-x2x7q',
      namespace: 'prod',
      uid: 'u-1',
      resourceVersion: '42',
      ip: '10.244.1.7',
      ips: ['10.244.1.7'],
      hostIP: '192.168.0.11',
      hostNetwork: false,
      node: 'node-a',
      phase: 'Running',
      ready: true,
      restarts: 3,
      workload: { kind: 'Deployment', name: 'gateway' },
      createdAt: Date.parse('2024-05-01T10:00:00Z'),
      startedAt: Date.parse('2024-05-01T10:00:05Z'),
      deletionAt: undefined,
    });
    expect(pod.containerPorts).toEqual([
      { container: 'app', port: 8080, name: 'http', protocol: 'TCP' },
      { container: 'sidecar', port: 9901, name: undefined, protocol: 'UDP' },
    ]);
    expect(pod.containers.map((c) => [c.name, c.state, c.ready, c.reason])).toEqual([
      ['app', 'running', true, undefined],
      ['sidecar', 'waiting', false, 'CrashLoopBackOff'],
    ]);
    expect(pod.conditions[0]).toEqual({
      type: 'Ready',
      status: 'True',
      reason: undefined,
      lastTransitionAt: Date.parse('2024-05-01T10:00:30Z'),
    });
    expect(isTerminating(pod)).toBe(false);
    expect(podKey(pod)).toBe('prod/gateway-5d8f7c9b6-x2x7q');
  });

  it('reads dual-stack IPs, host network, terminating pods and unknown phases', () => {
    const pod = toPodInfo({
      metadata: { name: 'p', namespace: 'n', deletionTimestamp: '2024-05-01T11:00:00Z' },
      spec: { hostNetwork: true },
      status: { phase: 'Evicted', podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }] },
    });
    expect(pod.ips).toEqual(['10.0.0.1', 'fd00::1']);
    expect(pod.hostNetwork).toBe(true);
    expect(pod.phase).toBe('Unknown');
    expect(pod.ready).toBe(false);
    expect(isTerminating(pod)).toBe(true);
  });

  it('gives empty values for an object with nothing set', () => {
    const pod = toPodInfo({});
    expect(pod).toMatchObject({
      name: '',
      ip: undefined,
      ips: [],
      workload: undefined,
      containers: [],
      restarts: 0,
    });
  });
});

describe('workloadOf', () => {
  const owner = (kind: string, name: string, controller = true) => ({
    kind,
    name,
    uid: undefined,
    controller,
  });

  it('reads a ReplicaSet with the pod template hash as its Deployment', () => {
    expect(workloadOf([owner('ReplicaSet', 'api-7f9c')], { 'pod-template-hash': '7f9c' })).toEqual({
      kind: 'Deployment',
      name: 'api',
    });
  });

  it('keeps a bare ReplicaSet, StatefulSets and other owners as they are', () => {
    expect(workloadOf([owner('ReplicaSet', 'legacy-rs')], {})).toEqual({
      kind: 'ReplicaSet',
      name: 'legacy-rs',
    });
    expect(workloadOf([owner('StatefulSet', 'nacos')], {})).toEqual({ kind: 'StatefulSet', name: 'nacos' });
  });

  it('prefers the controller owner and has none without owners', () => {
    expect(workloadOf([owner('Node', 'n1', false), owner('DaemonSet', 'agent')], {})).toEqual({
      kind: 'DaemonSet',
      name: 'agent',
    });
    expect(workloadOf([], { app: 'x' })).toBeUndefined();
  });
});

describe('kubeTimeToMs', () => {
  it('reads strings and Dates and rejects garbage', () => {
    expect(kubeTimeToMs('2024-01-01T00:00:00Z')).toBe(Date.UTC(2024, 0, 1));
    expect(kubeTimeToMs(new Date(5))).toBe(5);
    expect(kubeTimeToMs('soon')).toBeUndefined();
    expect(kubeTimeToMs(undefined)).toBeUndefined();
  });
});
