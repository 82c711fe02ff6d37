/**
 * Conformance of the Kubernetes simulator against the real @kubernetes/client-node: chunked
 * lists, informers through 410s and dropped connections, strategic merge patches and the
 * ephemeralcontainers subresource.
 */
import {
  CoreV1Api,
  KubeConfig,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  Watch,
  type V1Pod,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim, type Pod } from '../sim/k8s/index.js';

let sim: KubeSim;
let api: CoreV1Api;
let kc: KubeConfig;

const pod = (name: string, labels: Record<string, string> = { app: 'lone' }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'prod', labels },
  spec: {
    containers: [
      { name: 'app', image: 'busybox:1.36' },
      { name: 'side', image: 'envoy:1.30' },
    ],
  },
});

async function eventually<T>(fn: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  sim = await startKubeSim({
    scenario: {
      nodes: [{ name: 'node-a' }, { name: 'node-b' }],
      workloads: [
        {
          name: 'gateway',
          namespace: 'prod',
          replicas: 25,
          image: 'registry.local/gateway:1.4.2',
          ports: [8080],
        },
        { name: 'orders', namespace: 'staging', replicas: 3, image: 'registry.local/orders:2.0.0' },
      ],
    },
  });
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  api = kc.makeApiClient(CoreV1Api);
});

afterAll(async () => {
  await sim.close();
});

describe('client-node lists', () => {
  it('pages with limit/continue at one resourceVersion, consistent with the first page', async () => {
    const first = await api.listNamespacedPod({ namespace: 'prod', limit: 10 });
    expect(first.items).toHaveLength(10);
    expect(first.metadata?.remainingItemCount).toBe(15);
    const token = first.metadata?._continue;
    expect(token).toBeTruthy();
    sim.store.create(pod('aaa-created-between-pages'));
    const second = await api.listNamespacedPod({ namespace: 'prod', limit: 10, _continue: token! });
    const third = await api.listNamespacedPod({
      namespace: 'prod',
      limit: 10,
      _continue: second.metadata!._continue!,
    });
    expect(second.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    expect(third.items).toHaveLength(5);
    expect(third.metadata?._continue ?? '').toBe('');
    const names = [...first.items, ...second.items, ...third.items].map((p) => p.metadata!.name);
    expect(new Set(names).size).toBe(25);
    expect(names).not.toContain('aaa-created-between-pages');
    sim.store.delete('pods', 'prod', 'aaa-created-between-pages', { gracePeriodSeconds: 0 });
  });

  it('answers 410 Expired for a continue token older than the retained history', async () => {
    const first = await api.listNamespacedPod({ namespace: 'prod', limit: 5 });
    sim.store.create(pod('bump-revision'));
    sim.store.compact();
    const err = await api
      .listNamespacedPod({ namespace: 'prod', limit: 5, _continue: first.metadata!._continue! })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 410 });
    expect(String((err as { body?: unknown }).body)).toContain('"reason":"Expired"');
    sim.store.delete('pods', 'prod', 'bump-revision', { gracePeriodSeconds: 0 });
  });

  it('filters with label and field selectors and rejects unsupported field labels', async () => {
    const byLabel = await api.listPodForAllNamespaces({ labelSelector: 'app in (orders)' });
    expect(byLabel.items.map((p) => p.metadata!.namespace)).toEqual(['staging', 'staging', 'staging']);
    const byField = await api.listPodForAllNamespaces({
      fieldSelector: 'spec.nodeName=node-a,metadata.namespace=staging',
    });
    expect(byField.items.every((p) => p.spec!.nodeName === 'node-a')).toBe(true);
    const err = await api
      .listNamespacedPod({ namespace: 'prod', fieldSelector: 'spec.image=x' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 400 });
    expect(String((err as { body?: unknown }).body)).toContain('field label not supported: spec.image');
  });
});

describe('client-node informer', () => {
  it('sees add, update and delete, and survives a forced 410 and dropped connections', async () => {
    const seen: string[] = [];
    const informer = makeInformer(kc, '/api/v1/namespaces/staging/pods', () =>
      api.listNamespacedPod({ namespace: 'staging' }),
    );
    const errors: unknown[] = [];
    informer.on('add', (p: V1Pod) => seen.push(`add ${p.metadata!.name}`));
    informer.on('update', (p: V1Pod) =>
      seen.push(`update ${p.metadata!.name} ready=${String(p.status?.containerStatuses?.[0]?.ready)}`),
    );
    informer.on('delete', (p: V1Pod) => seen.push(`delete ${p.metadata!.name}`));
    informer.on('error', (e: unknown) => errors.push(e));
    await informer.start();
    await eventually(() => seen.filter((s) => s.startsWith('add ')).length === 3, 'initial adds');
    await eventually(() => sim.store.openWatches > 0, 'the informer watch');

    sim.store.create({ ...pod('probe-1'), metadata: { name: 'probe-1', namespace: 'staging' } });
    await eventually(() => seen.includes('add probe-1'), 'add of probe-1');
    await eventually(() => sim.store.get('pods', 'staging', 'probe-1')?.status, 'probe-1 started');
    await eventually(
      () => (sim.store.get('pods', 'staging', 'probe-1') as Pod | undefined)?.status?.containerStatuses,
      'probe-1 running',
    );
    sim.store.setPodReady('staging', 'probe-1', false);
    await eventually(() => seen.includes('update probe-1 ready=false'), 'readiness update');

    // Forced 410: history compacted and the watch dropped; the informer relists and carries on.
    sim.store.compact();
    sim.store.dropWatches();
    sim.store.create({ ...pod('probe-2'), metadata: { name: 'probe-2', namespace: 'staging' } });
    await eventually(() => seen.includes('add probe-2'), 'add after a forced 410');

    // Dropped connection without compaction: the informer re-watches from its resourceVersion.
    expect(sim.store.dropWatches()).toBeGreaterThan(0);
    sim.store.delete('pods', 'staging', 'probe-1', { gracePeriodSeconds: 0 });
    await eventually(() => seen.includes('delete probe-1'), 'delete after a dropped connection');
    expect(informer.list('staging').map((p) => p.metadata!.name)).toContain('probe-2');
    expect(errors).toEqual([]);
    await informer.stop();
  });

  it('recovers from an abruptly cut connection when restarted on error, as client-node advises', async () => {
    const seen: string[] = [];
    const informer = makeInformer(kc, '/api/v1/namespaces/staging/pods', () =>
      api.listNamespacedPod({ namespace: 'staging' }),
    );
    informer.on('add', (p: V1Pod) => seen.push(`add ${p.metadata!.name}`));
    let stopped = false;
    informer.on('error', () => setTimeout(() => stopped || void informer.start(), 50));
    await informer.start();
    await eventually(() => sim.store.openWatches > 0, 'the informer watch');
    sim.store.dropWatches({ abrupt: true });
    sim.store.create({ ...pod('probe-4'), metadata: { name: 'probe-4', namespace: 'staging' } });
    await eventually(() => seen.includes('add probe-4'), 'add after an abrupt drop');
    stopped = true;
    await informer.stop();
  });

  it('sends ERROR 410 then closes a watch from a revision older than the window', async () => {
    const old = sim.store.resourceVersion;
    sim.store.create({ ...pod('probe-3'), metadata: { name: 'probe-3', namespace: 'staging' } });
    sim.store.compact();
    const events: { type: string; code?: number }[] = [];
    await new Promise<void>((resolve, reject) => {
      new Watch(kc)
        .watch(
          '/api/v1/namespaces/staging/pods',
          { resourceVersion: String(old) },
          (type, obj: { code?: number }) =>
            events.push(obj.code === undefined ? { type } : { type, code: obj.code }),
          (err) => (err ? reject(err as Error) : resolve()),
        )
        .catch(reject);
    });
    expect(events).toEqual([{ type: 'ERROR', code: 410 }]);
    sim.store.delete('pods', 'staging', 'probe-3', { gracePeriodSeconds: 0 });
  });
});

describe('client-node patches', () => {
  it('merges containers by name with a strategic merge patch', async () => {
    sim.store.create(pod('smp-target'));
    const patched = await api.patchNamespacedPod(
      {
        name: 'smp-target',
        namespace: 'prod',
        body: {
          metadata: { labels: { tier: 'web' } },
          spec: { containers: [{ name: 'side', image: 'envoy:1.31' }] },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(patched.spec!.containers.map((c) => `${c.name}=${c.image}`)).toEqual([
      'app=busybox:1.36',
      'side=envoy:1.31',
    ]);
    expect(patched.metadata!.labels).toEqual({ app: 'lone', tier: 'web' });
  });

  it('stores ephemeral containers patched through the subresource, append-only', async () => {
    await eventually(
      () => (sim.store.get('pods', 'prod', 'smp-target') as Pod | undefined)?.status?.containerStatuses,
      'smp-target running',
    );
    const first = await api.patchNamespacedPodEphemeralcontainers({
      name: 'smp-target',
      namespace: 'prod',
      body: [
        {
          op: 'add',
          path: '/spec/ephemeralContainers',
          value: [
            {
              name: 'debugger-1',
              image: 'nicolaka/netshoot',
              targetContainerName: 'app',
              stdin: true,
              tty: true,
            },
          ],
        },
      ],
    });
    expect(first.spec!.ephemeralContainers).toMatchObject([
      { name: 'debugger-1', image: 'nicolaka/netshoot', targetContainerName: 'app' },
    ]);
    const second = await api.patchNamespacedPodEphemeralcontainers(
      {
        name: 'smp-target',
        namespace: 'prod',
        body: {
          spec: {
            '$setElementOrder/ephemeralContainers': [{ name: 'debugger-1' }, { name: 'debugger-2' }],
            ephemeralContainers: [{ name: 'debugger-2', image: 'busybox:1.36' }],
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(second.spec!.ephemeralContainers!.map((c) => c.name)).toEqual(['debugger-1', 'debugger-2']);
    const stored = await api.readNamespacedPod({ name: 'smp-target', namespace: 'prod' });
    expect(stored.spec!.ephemeralContainers).toHaveLength(2);
    await eventually(
      () =>
        (sim.store.get('pods', 'prod', 'smp-target') as Pod | undefined)?.status?.ephemeralContainerStatuses
          ?.length === 2,
      'ephemeral statuses',
    );
    const err = await api
      .patchNamespacedPodEphemeralcontainers({
        name: 'smp-target',
        namespace: 'prod',
        body: [{ op: 'replace', path: '/spec/ephemeralContainers/0/image', value: 'other' }],
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 422 });
    expect(String((err as { body?: unknown }).body)).toContain(
      'existing ephemeral containers \\"debugger-1\\" may not be changed',
    );
  });
});
