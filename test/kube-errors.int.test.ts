/**
 * How adapters/kube fails, by code and exit code: forbidden lists, an API server that refuses
 * connections, an unknown host, an untrusted certificate, a server that never answers, and a
 * caller that gives up. Messages name the resource, the namespace and the context.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient, loadKubeTarget, type KubeClient } from '../adapters/kube/index.js';
import { isOpsError, type OpsError } from '../core/errors.js';
import { startKubeSim, type KubeSim } from '../sim/k8s/index.js';

let sim: KubeSim;
let dir: string;
let silent: Server;
const held: Socket[] = [];

async function failure(work: Promise<unknown>): Promise<OpsError> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isOpsError(err)) throw new Error(`expected an OpsError, got ${String(err)}`);
  return err;
}

/** A client for the simulator's kubeconfig with the cluster entry edited. */
async function client(name: string, edit: (cluster: Record<string, unknown>) => void = () => undefined) {
  const doc = parse(sim.kubeconfig({ name, namespace: 'prod' })) as {
    clusters: { cluster: Record<string, unknown> }[];
  };
  for (const c of doc.clusters) edit(c.cluster);
  const path = join(dir, name);
  await writeFile(path, stringify(doc));
  return createKubeClient(loadKubeTarget({ kubeconfig: path }, { env: {} }));
}

beforeAll(async () => {
  sim = await startKubeSim({
    scenario: {
      user: 'bob',
      namespaces: ['prod'],
      workloads: [{ name: 'gateway', namespace: 'prod', replicas: 1, image: 'gateway:1' }],
      denials: [{ verbs: ['list'], resources: ['pods'], namespaces: ['prod', ''] }],
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'kube-errors-'));
  // Accepts connections and never answers: a hung API server.
  silent = createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Kubernetes errors', () => {
  let kube: KubeClient;
  beforeAll(async () => {
    kube = await client('ack-prod');
  });

  it('403 on a namespace list: E_KUBE_FORBIDDEN, exit 1, the apiserver text and a can-i hint', async () => {
    const e = await failure(kube.pods.listPods({ namespaces: ['prod'] }));
    expect([e.code, e.exitCode]).toEqual(['E_KUBE_FORBIDDEN', 1]);
    expect(e.message).toMatch(/^cannot list pods in namespace "prod" \(context "ack-prod"\): forbidden: /);
    expect(e.message).toContain('User "bob" cannot list resource "pods"');
    expect(e.hints[0]).toBe('kubectl --context ack-prod auth can-i list pods -n prod');
  });

  it('403 on a cluster-wide list names all namespaces', async () => {
    const e = await failure(kube.pods.listPods({ allNamespaces: true }));
    expect(e.message).toContain('cannot list pods in all namespaces (context "ack-prod")');
    expect(e.hints[0]).toBe('kubectl --context ack-prod auth can-i list pods -A');
  });

  it('a cluster that cannot exec (501 on the upgrade): E_KUBE_NOT_IMPLEMENTED with the server text', async () => {
    const [gateway] = sim.store.podsOf('prod', 'gateway');
    const e = await failure(
      kube.exec.exec({ namespace: 'prod', pod: gateway?.metadata.name ?? '', command: ['true'] }),
    );
    expect([e.code, e.exitCode]).toEqual(['E_KUBE_NOT_IMPLEMENTED', 69]);
    expect(e.message).toMatch(
      /^cannot exec into pod "gateway-[a-z0-9-]+" in namespace "prod" \(context "ack-prod"\)/,
    );
  });

  it('connection refused: E_KUBE_UNREACHABLE, exit 69, naming the server', async () => {
    const down = await client('down', (c) => (c['server'] = 'https://127.0.0.1:1'));
    const e = await failure(down.lookup.resolvePod('gateway'));
    expect([e.code, e.exitCode]).toEqual(['E_KUBE_UNREACHABLE', 69]);
    expect(e.message).toContain('https://127.0.0.1:1');
    expect(e.message).toContain('(context "down")');
  });

  it('unknown host: E_KUBE_UNREACHABLE (DNS)', async () => {
    const nowhere = await client('nowhere', (c) => (c['server'] = 'https://api.cluster.invalid:6443'));
    const e = await failure(nowhere.pods.listPods({ namespaces: ['prod'] }));
    expect([e.code, e.exitCode]).toEqual(['E_KUBE_UNREACHABLE', 69]);
  });

  it('untrusted certificate: E_KUBE_TLS, exit 69', async () => {
    const untrusted = await client('untrusted', (c) => delete c['certificate-authority-data']);
    const e = await failure(untrusted.pods.listPods({ namespaces: ['prod'] }));
    expect([e.code, e.exitCode]).toEqual(['E_KUBE_TLS', 69]);
    expect(e.hints[0]).toContain('certificate-authority-data');
  });

  it('a server that never answers: E_KUBE_TIMEOUT after the call timeout, exit 69', async () => {
    const port = (silent.address() as { port: number }).port;
    const hung = await client('hung', (c) => (c['server'] = `https://127.0.0.1:${port}`));
    const e = await failure(hung.pods.listPods({ namespaces: ['prod'] }, { timeoutMs: 300 }));
    expect([e.code, e.exitCode]).toEqual(['E_KUBE_TIMEOUT', 69]);
    expect(e.message).toContain('did not answer within 0.3s');
  });

  it('a caller abort: E_ABORTED, exit 130', async () => {
    const port = (silent.address() as { port: number }).port;
    const hung = await client('hung2', (c) => (c['server'] = `https://127.0.0.1:${port}`));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const e = await failure(hung.lookup.resolvePod('gateway', { signal: controller.signal }));
    expect([e.code, e.exitCode]).toEqual(['E_ABORTED', 130]);
  });
});
