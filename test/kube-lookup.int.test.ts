/**
 * adapters/kube pod lookup against the Kubernetes simulator: exact name, unique prefix, workload
 * and app-label names choosing a Ready pod, `-A`, and the failures (ambiguous, not found, no
 * running pod, forbidden) by code and exit code.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient, loadKubeTarget, type KubeClient } from '../adapters/kube/index.js';
import { isOpsError, type OpsError } from '../core/errors.js';
import { startKubeSim, type KubeSim } from '../sim/k8s/index.js';

let sim: KubeSim;
let dir: string;
let kube: KubeClient;

async function failure(work: Promise<unknown>): Promise<OpsError> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isOpsError(err)) throw new Error(`expected an OpsError, got ${String(err)}`);
  return err;
}

beforeAll(async () => {
  sim = await startKubeSim({
    scenario: {
      user: 'ops',
      namespaces: ['test', 'uat', 'secret'],
      workloads: [
        { name: 'gateway', namespace: 'test', replicas: 3, ready: 1, image: 'gateway:1.4.2', ports: [8080] },
        { name: 'order-service', namespace: 'test', replicas: 2, image: 'order:2.0.0' },
        { name: 'gateway', namespace: 'uat', replicas: 1, image: 'gateway:1.4.1' },
        {
          name: 'user-service',
          namespace: 'uat',
          replicas: 1,
          image: 'user:3.1.0',
          labels: { 'app.kubernetes.io/name': 'users' },
        },
      ],
      pods: [
        { name: 'toolbox', namespace: 'test', image: 'busybox:1.36' },
        {
          name: 'report-28511',
          namespace: 'test',
          image: 'report:1',
          labels: { app: 'report' },
          phase: 'Succeeded',
        },
        {
          name: 'report-28512',
          namespace: 'test',
          image: 'report:1',
          labels: { app: 'report' },
          phase: 'Failed',
        },
      ],
      denials: [{ verbs: ['get', 'list'], resources: ['pods'], namespaces: ['secret'] }],
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'kube-lookup-'));
  const path = join(dir, 'kubeconfig');
  await writeFile(path, sim.kubeconfig({ namespace: 'test', name: 'sim-test' }));
  kube = createKubeClient(loadKubeTarget({ kubeconfig: path }, { env: {} }));
});

afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('pod lookup', () => {
  it('finds an exact name in the context namespace', async () => {
    const found = await kube.lookup.resolvePod('toolbox');
    expect([found.by, found.pod.namespace, found.pod.name, found.ready]).toEqual([
      'name',
      'test',
      'toolbox',
      true,
    ]);
  });

  it('finds a unique prefix of a generated pod name', async () => {
    const [order] = sim.store.podsOf('test', 'order-service');
    const name = order?.metadata.name ?? '';
    const found = await kube.lookup.resolvePod(name.slice(0, -2));
    expect([found.by, found.pod.name]).toEqual(['prefix', name]);
  });

  it('resolves a deployment name to its Ready pod', async () => {
    const found = await kube.lookup.resolvePod('gateway');
    expect([found.by, found.ready, found.pod.ready, found.pod.workload]).toEqual([
      'workload',
      true,
      true,
      { kind: 'Deployment', name: 'gateway' },
    ]);
    expect(found.pod.containerPorts.map((p) => p.port)).toEqual([8080]);
  });

  it('resolves an app.kubernetes.io/name label in another namespace with -n', async () => {
    const found = await kube.lookup.resolvePod('users', { namespace: 'uat' });
    expect(found.pod.name).toMatch(/^user-service-/);
  });

  it('searches every namespace with -A, and is ambiguous when a workload exists in two', async () => {
    const found = await kube.lookup.resolvePod('user-service', { allNamespaces: true });
    expect(found.pod.namespace).toBe('uat');
    const e = await failure(kube.lookup.resolvePod('gateway', { allNamespaces: true }));
    expect([e.code, e.exitCode]).toEqual(['E_POD_AMBIGUOUS', 2]);
    expect(e.message).toContain('test/gateway-');
    expect(e.message).toContain('uat/gateway-');
  });

  it('lists the candidates of an ambiguous prefix', async () => {
    const e = await failure(kube.lookup.resolvePod('order-service-'));
    expect([e.code, e.exitCode]).toEqual(['E_POD_AMBIGUOUS', 2]);
    for (const pod of sim.store.podsOf('test', 'order-service'))
      expect(e.message).toContain(pod.metadata.name);
  });

  it('fails with E_POD_NOT_FOUND naming namespace and context', async () => {
    const e = await failure(kube.lookup.resolvePod('billing'));
    expect([e.code, e.exitCode]).toEqual(['E_POD_NOT_FOUND', 1]);
    expect(e.message).toContain('namespace "test" (context "sim-test")');
    expect(e.hints).toContain('kubectl --context sim-test get pods -n test');
  });

  it('fails with E_POD_NOT_RUNNING for an app whose pods have all completed', async () => {
    const e = await failure(kube.lookup.resolvePod('report'));
    expect([e.code, e.exitCode]).toEqual(['E_POD_NOT_RUNNING', 1]);
    expect(e.message).toContain('test/report-28511 (Succeeded)');
  });

  it('maps a forbidden namespace to E_KUBE_FORBIDDEN with an auth can-i hint', async () => {
    const e = await failure(kube.lookup.resolvePod('anything', { namespace: 'secret' }));
    expect([e.code, e.exitCode]).toEqual(['E_KUBE_FORBIDDEN', 1]);
    expect(e.message).toContain('namespace "secret" (context "sim-test")');
    expect(e.hints[0]).toBe('kubectl --context sim-test auth can-i get pods -n secret');
  });

  it('rejects an empty argument as a usage error', async () => {
    expect((await failure(kube.lookup.resolvePod(' '))).exitCode).toBe(2);
  });
});
