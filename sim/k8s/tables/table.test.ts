import { describe, expect, it } from 'vitest';
import type { Pod, Workload } from '../types.js';
import { humanDuration } from './duration.js';
import { buildTable } from './table.js';

const now = Date.parse('2024-05-01T12:00:00Z');
const ago = (s: number): string => new Date(now - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

function pod(overrides: Partial<Pod['status']> = {}, deletion?: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'gateway-5d8f7c9b6-x2x7q',
      namespace: 'prod',
      creationTimestamp: ago(3700),
      ...(deletion ? { deletionTimestamp: deletion } : {}),
    },
    spec: { containers: [{ name: 'app' }, { name: 'side' }], nodeName: 'node-a' },
    status: {
      phase: 'Running',
      podIPs: [{ ip: '10.244.1.7' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'app',
          ready: true,
          restartCount: 2,
          image: 'a',
          imageID: '',
          state: { running: {} },
          lastState: { terminated: { exitCode: 1, finishedAt: ago(300) } },
        },
        {
          name: 'side',
          ready: false,
          restartCount: 0,
          image: 'b',
          imageID: '',
          state: { running: {} },
          lastState: {},
        },
      ],
      ...overrides,
    },
  };
}

const options = { now, includeObject: 'Metadata' as const, noHeaders: false, apiVersion: 'meta.k8s.io/v1' };

describe('human durations', () => {
  it('matches the apimachinery buckets', () => {
    expect(
      [59, 119, 150, 600, 7200, 3 * 3600 + 1800, 30 * 3600, 3 * 86400 + 3600, 30 * 86400, 800 * 86400].map(
        (s) => humanDuration(s * 1000),
      ),
    ).toEqual(['59s', '119s', '2m30s', '10m', '120m', '3h30m', '30h', '3d1h', '30d', '2y70d']);
  });
});

describe('pod table rows', () => {
  it('has the nine pod columns with wide ones at priority 1 and a PartialObjectMetadata row object', () => {
    const table = buildTable('Pod', [pod()], { resourceVersion: '42' }, options);
    expect(table.columnDefinitions?.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Ready:0',
      'Status:0',
      'Restarts:0',
      'Age:0',
      'IP:1',
      'Node:1',
      'Nominated Node:1',
      'Readiness Gates:1',
    ]);
    expect(table.rows[0]!.cells).toEqual([
      'gateway-5d8f7c9b6-x2x7q',
      '1/2',
      'Running',
      '2 (5m ago)',
      '61m',
      '10.244.1.7',
      'node-a',
      '<none>',
      '<none>',
    ]);
    expect(table.rows[0]!.object).toMatchObject({
      kind: 'PartialObjectMetadata',
      metadata: { namespace: 'prod' },
    });
    expect(table.metadata.resourceVersion).toBe('42');
  });

  it('shows waiting reasons, Terminating and Completed', () => {
    const waiting = pod({
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 0,
          image: 'a',
          imageID: '',
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: {},
        },
      ],
    });
    expect(buildTable('Pod', [waiting], {}, options).rows[0]!.cells[2]).toBe('CrashLoopBackOff');
    expect(buildTable('Pod', [pod({}, ago(1))], {}, options).rows[0]!.cells[2]).toBe('Terminating');
    const done = buildTable(
      'Pod',
      [pod({ phase: 'Succeeded', containerStatuses: [] })],
      {},
      { ...options, noHeaders: true },
    );
    expect(done.rows[0]!.cells[2]).toBe('Succeeded');
    expect(done.rows[0]!.conditions).toHaveLength(1);
    expect(done.columnDefinitions).toBeNull();
  });
});

describe('workload table rows', () => {
  it('prints deployments as READY x/y with containers, images and selector', () => {
    const d: Workload = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'gateway', creationTimestamp: ago(86400 * 2) },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'gateway' } },
        template: { spec: { containers: [{ name: 'gw', image: 'gw:1' }] } },
      },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    expect(buildTable('Deployment', [d], {}, { ...options, includeObject: 'None' }).rows[0]).toEqual({
      cells: ['gateway', '2/3', 3, 2, '2d', 'gw', 'gw:1', 'app=gateway'],
    });
  });
});
