/**
 * kubectl-like cluster resolution end to end against the Kubernetes simulator: `--kubeconfig`
 * over KUBECONFIG over ~/.kube/config over the in-cluster service account, `--context`, the
 * namespace precedence, and a rejected token (401).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKubeClient,
  loadKubeTarget,
  type KubeTargetEnv,
  type KubeTargetFlags,
} from '../adapters/kube/index.js';
import { isOpsError } from '../core/errors.js';
import { SIM_CA_PEM, startKubeSim, type KubeSim } from '../sim/k8s/index.js';

let sim: KubeSim;
let dir: string;
const paths = { sim: '', dead: '', home: '' };

interface KubeconfigDoc {
  clusters: { cluster: { server: string } }[];
  users: { user: { token: string } }[];
}

/** Pods a resolved target sees in its namespace, or the failure code. */
async function podsSeen(flags: KubeTargetFlags, env: KubeTargetEnv): Promise<string[] | string> {
  const kube = createKubeClient(loadKubeTarget(flags, env));
  try {
    const pods = await kube.pods.listPods({ namespaces: [kube.target.namespace] }, { timeoutMs: 5000 });
    return pods.map((p) => `${kube.target.context}:${p.namespace}/${p.labels['app'] ?? p.name}`);
  } catch (e) {
    if (isOpsError(e)) return e.code;
    throw e;
  }
}

beforeAll(async () => {
  sim = await startKubeSim({
    scenario: {
      namespaces: ['test', 'uat'],
      workloads: [
        { name: 'gateway', namespace: 'test', replicas: 1, image: 'gateway:1' },
        { name: 'user-service', namespace: 'uat', replicas: 1, image: 'user:1' },
      ],
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'kube-config-'));
  paths.sim = join(dir, 'sim.yaml');
  paths.dead = join(dir, 'dead.yaml');
  paths.home = join(dir, 'home');
  await writeFile(paths.sim, sim.kubeconfig({ name: 'sim', namespace: 'test' }));
  const dead = parse(sim.kubeconfig({ name: 'dead' })) as KubeconfigDoc;
  for (const c of dead.clusters) c.cluster.server = 'https://127.0.0.1:1';
  await writeFile(paths.dead, stringify(dead));
  await mkdir(join(paths.home, '.kube'), { recursive: true });
  await writeFile(join(paths.home, '.kube', 'config'), sim.kubeconfig({ name: 'home', namespace: 'uat' }));
});

afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cluster resolution against the simulator', () => {
  it('--kubeconfig wins over KUBECONFIG', async () => {
    const env = { env: { KUBECONFIG: paths.dead }, homeDir: paths.home };
    expect(await podsSeen({ kubeconfig: paths.sim }, env)).toEqual(['sim:test/gateway']);
  });

  it('KUBECONFIG merges files: the first current-context wins, --context picks another', async () => {
    const env = { env: { KUBECONFIG: `${paths.dead}:${paths.sim}` }, homeDir: paths.home };
    expect(await podsSeen({}, env)).toBe('E_KUBE_UNREACHABLE');
    expect(await podsSeen({ context: 'sim' }, env)).toEqual(['sim:test/gateway']);
    const reversed = { env: { KUBECONFIG: `${paths.sim}:${paths.dead}` }, homeDir: paths.home };
    expect(await podsSeen({}, reversed)).toEqual(['sim:test/gateway']);
  });

  it('falls back to ~/.kube/config with its context namespace, and -n overrides it', async () => {
    const env = { env: {}, homeDir: paths.home };
    expect(await podsSeen({}, env)).toEqual(['home:uat/user-service']);
    expect(await podsSeen({ namespace: 'test' }, env)).toEqual(['home:test/gateway']);
  });

  it('uses the in-cluster service account when there is no kubeconfig', async () => {
    const sa = join(dir, 'serviceaccount');
    await mkdir(sa, { recursive: true });
    const token = (parse(sim.kubeconfig()) as KubeconfigDoc).users[0]?.user.token ?? '';
    await writeFile(join(sa, 'token'), token);
    await writeFile(join(sa, 'ca.crt'), SIM_CA_PEM);
    await writeFile(join(sa, 'namespace'), 'uat');
    const env = {
      env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(sim.port) },
      homeDir: join(dir, 'nobody'),
      serviceAccountDir: sa,
    };
    expect(await podsSeen({}, env)).toEqual(['in-cluster:uat/user-service']);
  });

  it('a token the server rejects is E_KUBE_UNAUTHORIZED', async () => {
    const doc = parse(sim.kubeconfig({ name: 'stale' })) as KubeconfigDoc;
    for (const u of doc.users) u.user.token = 'expired-token';
    const path = join(dir, 'stale.yaml');
    await writeFile(path, stringify(doc));
    expect(await podsSeen({ kubeconfig: path }, { env: {} })).toBe('E_KUBE_UNAUTHORIZED');
  });
});
