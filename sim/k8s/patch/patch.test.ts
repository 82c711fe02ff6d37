import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { PatchError } from './patch-error.js';
import { applyStrategicMergePatch } from './strategic.js';

const pod = {
  metadata: { name: 'p', labels: { app: 'a', tier: 'web' }, finalizers: ['x'] },
  spec: {
    containers: [
      { name: 'app', image: 'app:1', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] },
      { name: 'side', image: 'side:1' },
    ],
    tolerations: [{ key: 'a' }],
  },
  status: {
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ],
  },
};

describe('json patch', () => {
  it('adds to the end of a list, replaces, removes and tests', () => {
    const out = applyJsonPatch(pod, [
      { op: 'add', path: '/spec/ephemeralContainers', value: [] },
      { op: 'add', path: '/spec/ephemeralContainers/-', value: { name: 'dbg' } },
      { op: 'replace', path: '/spec/containers/0/image', value: 'app:2' },
      { op: 'remove', path: '/metadata/labels/tier' },
      { op: 'test', path: '/metadata/name', value: 'p' },
    ]);
    expect(out.spec).toMatchObject({
      ephemeralContainers: [{ name: 'dbg' }],
      containers: [{ image: 'app:2' }, {}],
    });
    expect(out.metadata.labels).toEqual({ app: 'a' });
    expect(pod.spec.containers[0]!.image).toBe('app:1');
  });

  it('fails on a missing path and on a failed test, and rejects non-array documents', () => {
    expect(() => applyJsonPatch(pod, [{ op: 'replace', path: '/spec/nope/x', value: 1 }])).toThrow(
      PatchError,
    );
    expect(() => applyJsonPatch(pod, [{ op: 'test', path: '/metadata/name', value: 'q' }])).toThrow(
      /test failed/,
    );
    expect(() => applyJsonPatch(pod, { op: 'add' })).toThrow(
      expect.objectContaining({ kind: 'malformed' }) as unknown,
    );
  });

  it('moves and copies values', () => {
    const out = applyJsonPatch({ a: { b: 1 }, c: [1, 2] }, [
      { op: 'copy', from: '/a/b', path: '/c/0' },
      { op: 'move', from: '/a', path: '/d' },
    ]);
    expect(out).toEqual({ c: [1, 1, 2], d: { b: 1 } });
  });
});

describe('merge patch', () => {
  it('merges maps, deletes with null and replaces lists', () => {
    const out = applyMergePatch(pod, {
      metadata: { labels: { tier: null, new: 'y' } },
      spec: { containers: [{ name: 'only' }] },
    });
    expect(out.metadata.labels).toEqual({ app: 'a', new: 'y' });
    expect(out.spec.containers).toEqual([{ name: 'only' }]);
    expect(pod.metadata.labels.tier).toBe('web');
  });
});

describe('strategic merge patch', () => {
  it('merges containers by name and their ports and env by key', () => {
    const out = applyStrategicMergePatch('Pod', pod, {
      spec: {
        containers: [
          { name: 'app', image: 'app:2', ports: [{ containerPort: 9090 }], env: [{ name: 'A', value: '2' }] },
          { name: 'new', image: 'new:1' },
        ],
      },
    });
    expect(out.spec.containers.map((c) => c.name)).toEqual(['app', 'side', 'new']);
    expect(out.spec.containers[0]).toMatchObject({
      image: 'app:2',
      ports: [{ containerPort: 80 }, { containerPort: 9090 }],
      env: [{ name: 'A', value: '2' }],
    });
  });

  it('merges status conditions by type and replaces atomic lists', () => {
    const out = applyStrategicMergePatch('Pod', pod, {
      spec: { tolerations: [{ key: 'b' }] },
      status: { conditions: [{ type: 'Ready', status: 'False' }] },
    });
    expect(out.spec.tolerations).toEqual([{ key: 'b' }]);
    expect(out.status.conditions).toEqual([
      { type: 'Ready', status: 'False' },
      { type: 'PodScheduled', status: 'True' },
    ]);
  });

  it('honours $patch: delete, $patch: replace, null and primitive set lists', () => {
    const out = applyStrategicMergePatch('Pod', pod, {
      metadata: { labels: { $patch: 'replace', only: 'one' }, finalizers: ['x', 'y'] },
      spec: { containers: [{ name: 'side', $patch: 'delete' }], tolerations: null },
    });
    expect(out.metadata.labels).toEqual({ only: 'one' });
    expect(out.metadata.finalizers).toEqual(['x', 'y']);
    expect(out.spec.containers.map((c) => c.name)).toEqual(['app']);
    expect(out.spec).not.toHaveProperty('tolerations');
  });

  it('replaces a whole merge list with a $patch: replace element', () => {
    const out = applyStrategicMergePatch('Pod', pod, {
      spec: { containers: [{ $patch: 'replace' }, { name: 'solo', image: 's' }] },
    });
    expect(out.spec.containers).toEqual([{ name: 'solo', image: 's' }]);
  });

  it('orders with $setElementOrder and removes with $deleteFromPrimitiveList', () => {
    const out = applyStrategicMergePatch('Pod', pod, {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['x'] },
      spec: {
        '$setElementOrder/ephemeralContainers': [{ name: 'e1' }],
        ephemeralContainers: [{ name: 'e1', image: 'busybox' }],
        '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }],
      },
    });
    expect(out.metadata.finalizers).toEqual([]);
    expect(out.spec).toMatchObject({ ephemeralContainers: [{ name: 'e1', image: 'busybox' }] });
    expect(out.spec.containers.map((c) => c.name)).toEqual(['side', 'app']);
  });

  it('merges a deployment pod template by container name and rejects a list body', () => {
    const deploy = {
      spec: { template: { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b' }] } } },
    };
    const out = applyStrategicMergePatch('Deployment', deploy, {
      spec: { template: { spec: { containers: [{ name: 'a', image: '2' }] } } },
    });
    expect(out.spec.template.spec.containers).toEqual([{ name: 'a', image: '2' }, { name: 'b' }]);
    expect(() => applyStrategicMergePatch('Pod', pod, [])).toThrow(PatchError);
  });
});
