import { describe, expect, it } from 'vitest';
import { toPodInfo, type PodInfo } from './pod.js';
import { matchPod } from './pod-match.js';

interface PodSpec {
  name: string;
  namespace?: string;
  ready?: boolean;
  phase?: string;
  rs?: string;
  hash?: string;
  labels?: Record<string, string>;
  readySince?: string;
  restarts?: number;
  terminating?: boolean;
}

function pod(spec: PodSpec): PodInfo {
  const labels = { ...(spec.labels ?? {}), ...(spec.hash ? { 'pod-template-hash': spec.hash } : {}) };
  return toPodInfo({
    metadata: {
      name: spec.name,
      namespace: spec.namespace ?? 'test',
      labels,
      ...(spec.rs ? { ownerReferences: [{ kind: 'ReplicaSet', name: spec.rs, controller: true }] } : {}),
      ...(spec.terminating ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
      creationTimestamp: '2024-01-01T00:00:00Z',
    },
    spec: { containers: [{ name: 'app' }] },
    status: {
      phase: spec.phase ?? 'Running',
      conditions: [
        {
          type: 'Ready',
          status: spec.ready === false ? 'False' : 'True',
          lastTransitionTime: spec.readySince ?? '2024-01-01T00:01:00Z',
        },
      ],
      containerStatuses: [{ name: 'app', restartCount: spec.restarts ?? 0 }],
    },
  });
}

const gateway = (suffix: string, extra: Partial<PodSpec> = {}) =>
  pod({ name: `gateway-5d8f7c9b6-${suffix}`, rs: 'gateway-5d8f7c9b6', hash: '5d8f7c9b6', ...extra });

const names = (r: ReturnType<typeof matchPod>) =>
  r.kind === 'ambiguous' || r.kind === 'unavailable' ? r.candidates.map((p) => p.name) : [];

describe('matchPod', () => {
  const pods = [
    gateway('aaaaa'),
    gateway('bbbbb'),
    pod({ name: 'gateway-admin-7c7c7-ccccc', rs: 'gateway-admin-7c7c7', hash: '7c7c7' }),
    pod({ name: 'user-service-0', labels: { 'app.kubernetes.io/name': 'users' } }),
    pod({ name: 'order-service-6f6f-ddddd', rs: 'order-service-6f6f', hash: '6f6f' }),
  ];

  it('takes the exact name first, even when it is also a prefix of others', () => {
    const exact = [pod({ name: 'api' }), pod({ name: 'api-2' })];
    expect(matchPod('api', exact)).toMatchObject({ kind: 'found', by: 'name', pod: { name: 'api' } });
  });

  it('takes a unique prefix', () => {
    expect(matchPod('gateway-5d8f7c9b6-b', pods)).toMatchObject({
      kind: 'found',
      by: 'prefix',
      pod: { name: 'gateway-5d8f7c9b6-bbbbb' },
    });
    expect(matchPod('order', pods)).toMatchObject({ kind: 'found', by: 'prefix' });
  });

  it('resolves a deployment name to one of its pods although it prefixes other workloads too', () => {
    const result = matchPod('gateway', pods);
    expect(result).toMatchObject({ kind: 'found', by: 'workload', ready: true });
    if (result.kind === 'found') expect(result.pod.workload?.name).toBe('gateway');
  });

  it('resolves the ReplicaSet name and the app.kubernetes.io/name label', () => {
    expect(matchPod('gateway-5d8f7c9b6', pods)).toMatchObject({ kind: 'found', by: 'workload' });
    expect(matchPod('users', pods)).toMatchObject({ kind: 'found', pod: { name: 'user-service-0' } });
  });

  it('prefers Ready, then Ready longest, then fewer restarts, never a terminating pod', () => {
    const choice = (list: PodInfo[]) => {
      const r = matchPod('gateway', list);
      return r.kind === 'found' ? r.pod.name.slice(-5) : r.kind;
    };
    expect(choice([gateway('aaaaa', { ready: false }), gateway('bbbbb')])).toBe('bbbbb');
    expect(
      choice([
        gateway('aaaaa', { readySince: '2024-01-02T00:00:00Z' }),
        gateway('bbbbb', { readySince: '2024-01-01T00:00:00Z' }),
      ]),
    ).toBe('bbbbb');
    expect(choice([gateway('aaaaa', { restarts: 4 }), gateway('bbbbb', { restarts: 1 })])).toBe('bbbbb');
    expect(choice([gateway('aaaaa', { terminating: true }), gateway('bbbbb', { ready: false })])).toBe(
      'bbbbb',
    );
  });

  it('falls back to a Running pod that is not Ready, saying so', () => {
    expect(matchPod('gateway', [gateway('aaaaa', { ready: false })])).toMatchObject({
      kind: 'found',
      ready: false,
    });
  });

  it('reports a workload without a running pod', () => {
    const result = matchPod('gateway', [
      gateway('aaaaa', { phase: 'Pending' }),
      gateway('bbbbb', { terminating: true }),
    ]);
    expect(result.kind).toBe('unavailable');
    expect(names(result)).toEqual(['gateway-5d8f7c9b6-aaaaa', 'gateway-5d8f7c9b6-bbbbb']);
  });

  it('is ambiguous for a shared prefix that names no workload, listing the candidates', () => {
    const result = matchPod('gateway-', pods);
    expect(result).toMatchObject({ kind: 'ambiguous', by: 'prefix' });
    expect(names(result)).toHaveLength(3);
  });

  it('is ambiguous across namespaces, by name or by workload', () => {
    const twice = [pod({ name: 'x', namespace: 'uat' }), pod({ name: 'x', namespace: 'test' })];
    expect(matchPod('x', twice)).toMatchObject({ kind: 'ambiguous', by: 'name' });
    const wide = [gateway('aaaaa'), gateway('bbbbb', { namespace: 'uat' })];
    expect(matchPod('gateway', wide)).toMatchObject({ kind: 'ambiguous', by: 'workload' });
  });

  it('finds nothing for an unknown name', () => {
    expect(matchPod('billing', pods)).toEqual({ kind: 'none' });
    expect(matchPod('x', [])).toEqual({ kind: 'none' });
  });
});
