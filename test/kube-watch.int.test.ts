/**
 * adapters/kube pod watching against the Kubernetes simulator: initial sync, add/update/delete,
 * a forced 410 (relist), clean and abrupt connection drops (re-watch from the resourceVersion
 * without a relist), renewed watches at steady state (no relist), and a forbidden namespace that
 * recovers once allowed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubePodSource, loadKubeTarget, type KubeTarget } from '../adapters/kube/index.js';
import { isOpsError, type OpsError } from '../core/errors.js';
import type { PodChange, PodWatch } from '../core/ports/pod-source.js';
import { startKubeSim, type KubeSim } from '../sim/k8s/index.js';

let sim: KubeSim;
let dir: string;
let target: KubeTarget;
const watches: PodWatch[] = [];

/** Fast retries and short server-side watch timeouts, so reconnects happen within a test. */
const tuning = { backoffInitialMs: 20, backoffMaxMs: 200, watchTimeoutSeconds: () => 1 };

async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function newPod(namespace: string, name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: 'probe' } },
    spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] },
  };
}

function watch(
  scope: Parameters<ReturnType<typeof createKubePodSource>['watchPods']>[0],
  changes: PodChange[] = [],
) {
  const w = createKubePodSource(target, tuning).watchPods(scope, { onChange: (c) => changes.push(c) });
  watches.push(w);
  return w;
}

const seen = (changes: PodChange[], type: PodChange['type'], name: string) =>
  changes.some((c) => c.type === type && c.pod.name === name);

beforeAll(async () => {
  sim = await startKubeSim({
    scenario: {
      namespaces: ['test', 'uat', 'secret'],
      workloads: [
        { name: 'gateway', namespace: 'test', replicas: 3, image: 'gateway:1.4.2' },
        { name: 'user-service', namespace: 'uat', replicas: 2, image: 'user:3.1.0' },
      ],
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'kube-watch-'));
  await writeFile(join(dir, 'kubeconfig'), sim.kubeconfig());
  target = loadKubeTarget({ kubeconfig: join(dir, 'kubeconfig') }, { env: {} });
});

afterAll(async () => {
  await Promise.all(watches.map((w) => w.stop()));
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('pod watch', () => {
  it('syncs a namespace list, then follows add, update and delete', async () => {
    const changes: PodChange[] = [];
    const w = watch({ namespaces: ['test', 'uat'] }, changes);
    expect(w.synced).toBe(false);
    await w.waitForSync({ timeoutMs: 10_000 });
    expect(w.synced).toBe(true);
    expect(w.lastSyncAt).toBeGreaterThan(0);
    expect(w.pods().map((p) => p.namespace)).toEqual(['test', 'test', 'test', 'uat', 'uat']);
    expect(w.stats.lists).toBe(2);

    sim.store.create(newPod('test', 'probe-a'));
    await eventually(() => w.get('test', 'probe-a')?.phase === 'Running', 'probe-a running');
    await eventually(() => w.get('test', 'probe-a')?.ready === true, 'probe-a ready');
    sim.store.setPodReady('test', 'probe-a', false);
    await eventually(() => w.get('test', 'probe-a')?.ready === false, 'readiness change');
    sim.store.delete('pods', 'test', 'probe-a', { gracePeriodSeconds: 0 });
    await eventually(() => seen(changes, 'deleted', 'probe-a'), 'delete of probe-a');
    expect(w.get('test', 'probe-a')).toBeUndefined();
    expect(seen(changes, 'added', 'probe-a') && seen(changes, 'updated', 'probe-a')).toBe(true);
    expect(w.stats.lists).toBe(2);
  });

  it('renews watches at steady state without listing again', async () => {
    const w = watch({ allNamespaces: true });
    await w.waitForSync();
    const lists = w.stats.lists;
    const opened = w.stats.watches;
    // Each watch asks the server to end it after 1 s: it is renewed from its resourceVersion.
    await eventually(() => w.stats.watches >= opened + 2, 'renewed watches', 8_000);
    expect(w.stats.lists).toBe(lists);
    expect(w.stats.errors).toBe(0);
    expect(w.synced).toBe(true);
  });

  it('relists after a forced 410 and keeps following', async () => {
    const changes: PodChange[] = [];
    const w = watch({ namespaces: ['uat'] }, changes);
    await w.waitForSync();
    expect(w.stats.lists).toBe(1);
    sim.store.create(newPod('test', 'bump'));
    sim.store.compact();
    sim.store.dropWatches();
    sim.store.create(newPod('uat', 'probe-b'));
    await eventually(() => seen(changes, 'added', 'probe-b'), 'add after a 410');
    expect(w.stats.expired).toBeGreaterThanOrEqual(1);
    expect(w.stats.lists).toBe(2);
    await eventually(() => w.synced, 'synced again');
  });

  it('re-watches from its resourceVersion after clean and abrupt drops, without a relist', async () => {
    const changes: PodChange[] = [];
    const w = watch({ namespaces: ['test'] }, changes);
    await w.waitForSync();
    sim.store.dropWatches();
    sim.store.create(newPod('test', 'probe-c'));
    await eventually(() => seen(changes, 'added', 'probe-c'), 'add after a clean drop');
    sim.store.dropWatches({ abrupt: true });
    sim.store.delete('pods', 'test', 'probe-c', { gracePeriodSeconds: 0 });
    await eventually(() => seen(changes, 'deleted', 'probe-c'), 'delete after an abrupt drop');
    await eventually(() => w.synced, 'synced again');
    expect(w.stats.lists).toBe(1);
    expect(w.lastError).toBeUndefined();
  });

  it('reports a forbidden namespace, keeps retrying, and syncs once allowed', async () => {
    const lift = sim.store.deny({ verbs: ['list', 'watch'], resources: ['pods'], namespaces: ['secret'] });
    const errors: OpsError[] = [];
    const w = createKubePodSource(target, tuning).watchPods(
      { namespaces: ['secret'] },
      { onError: (e) => errors.push(e) },
    );
    watches.push(w);
    const err = await w.waitForSync({ timeoutMs: 10_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isOpsError(err) && [err.code, err.exitCode]).toEqual(['E_KUBE_FORBIDDEN', 1]);
    expect(isOpsError(err) && err.message).toContain('cannot list pods in namespace "secret"');
    expect(w.lastError?.code).toBe('E_KUBE_FORBIDDEN');
    await eventually(() => errors.length >= 2, 'a retry');
    lift();
    await w.waitForSync({ timeoutMs: 10_000 });
    expect(w.lastError).toBeUndefined();
  });

  it('times out waiting for a sync that cannot happen, with the cause', async () => {
    const closed = loadKubeTarget({ kubeconfig: join(dir, 'kubeconfig') }, { env: {} });
    closed.kubeConfig.clusters = closed.kubeConfig.clusters.map((c) => ({
      ...c,
      server: 'https://127.0.0.1:1',
    }));
    const unreachable = createKubePodSource(closed, tuning).watchPods({ allNamespaces: true });
    watches.push(unreachable);
    const err = await unreachable.waitForSync({ timeoutMs: 500 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isOpsError(err) && [err.code, err.exitCode]).toEqual(['E_KUBE_UNREACHABLE', 69]);
  });

  it('stops quietly', async () => {
    const changes: PodChange[] = [];
    const w = watch({ namespaces: ['test'] }, changes);
    await w.waitForSync();
    await w.stop();
    const before = changes.length;
    sim.store.create(newPod('test', 'after-stop'));
    await new Promise((r) => setTimeout(r, 200));
    expect(changes.length).toBe(before);
  });
});
