/**
 * Conformance of the Kubernetes simulator against the real kubectl 1.30-1.33: tables, wide and
 * all-namespace output, JSON/YAML, selectors, describe, watch, create/apply/patch/delete, and
 * Forbidden errors. Each version gets its own simulator, kubeconfig and discovery cache.
 */
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { startKubeSim, type KubeSim, type Pod } from '../sim/k8s/index.js';
import { Kubectl, KUBECTL_VERSIONS, kubectlForSuite } from './support/kubectl.js';

const SCENARIO = {
  user: 'alice',
  nodes: [{ name: 'node-a', roles: ['worker'] }, { name: 'node-b' }],
  workloads: [
    {
      name: 'gateway',
      namespace: 'prod',
      replicas: 3,
      ready: 2,
      restarts: 1,
      age: '3d',
      image: 'registry.local/gateway:1.4.2',
      ports: [8080],
    },
    {
      name: 'orders',
      namespace: 'prod',
      replicas: 2,
      age: '5h',
      image: 'registry.local/orders:2.0.0',
      labels: { app: 'orders', tier: 'backend' },
      node: 'node-b',
    },
  ],
  pods: [
    {
      name: 'toolbox',
      namespace: 'staging',
      image: 'busybox:1.36',
      age: '10m',
      hostNetwork: true,
      node: 'node-a',
    },
  ],
  denials: [
    { verbs: ['delete'], resources: ['pods'], namespaces: ['prod'], users: ['bob'] },
    { verbs: ['list'], resources: ['pods'], namespaces: [''], users: ['bob'] },
  ],
};

const POD_MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: probe
  labels: {app: probe}
spec:
  containers:
  - name: main
    image: busybox:1.36
  - name: side
    image: envoy:1.30
`;

const deployment = (replicas: number): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
`;

function rows(out: string): string[][] {
  return out
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}/));
}

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const version of KUBECTL_VERSIONS) {
  const found = kubectlForSuite(version);

  describe(`kubectl ${version}`, () => {
    let sim: KubeSim;
    let kubectl: Kubectl;
    let bob: Kubectl;

    function ready(ctx: TestContext): void {
      if (found.failReason) throw new Error(found.failReason);
      if (found.skipReason) ctx.skip(found.skipReason);
    }

    beforeAll(async () => {
      if (!found.path) return;
      sim = await startKubeSim({ scenario: SCENARIO });
      kubectl = await Kubectl.create(found.path, sim.kubeconfig({ namespace: 'prod' }));
      bob = await Kubectl.create(found.path, sim.kubeconfig({ namespace: 'prod', user: 'bob' }));
    });

    afterAll(async () => {
      await kubectl?.dispose();
      await bob?.dispose();
      await sim?.close();
    });

    it('prints the pod table from the server-side Table', async (ctx) => {
      ready(ctx);
      const r = await kubectl.run(['get', 'pods']);
      expect(r.code, r.stderr).toBe(0);
      const table = rows(r.stdout);
      expect(table[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      expect(table).toHaveLength(6);
      const gateway = table.filter((row) => row[0]?.startsWith('gateway-'));
      expect(gateway.map((row) => row[1]).sort()).toEqual(['0/1', '1/1', '1/1']);
      expect(gateway.every((row) => /^1 \(\d+m\d*s? ago\)$/.test(row[3] ?? '') && row[4] === '3d')).toBe(
        true,
      );
      expect(table.find((row) => row[0]?.startsWith('orders-'))?.slice(1)).toEqual([
        '1/1',
        'Running',
        '0',
        '5h',
      ]);
    });

    it('adds IP, NODE, NOMINATED NODE and READINESS GATES with -o wide, and NAMESPACE with -A', async (ctx) => {
      ready(ctx);
      const wide = await kubectl.run(['get', 'pods', '-o', 'wide', '-A']);
      expect(wide.code, wide.stderr).toBe(0);
      const table = rows(wide.stdout);
      expect(table[0]).toEqual([
        'NAMESPACE',
        'NAME',
        'READY',
        'STATUS',
        'RESTARTS',
        'AGE',
        'IP',
        'NODE',
        'NOMINATED NODE',
        'READINESS GATES',
      ]);
      const toolbox = table.find((row) => row[1] === 'toolbox');
      expect(toolbox).toEqual([
        'staging',
        'toolbox',
        '1/1',
        'Running',
        '0',
        '10m',
        '192.168.49.11',
        'node-a',
        '<none>',
        '<none>',
      ]);
      const orders = table.filter((row) => row[1]?.startsWith('orders-'));
      expect(
        orders.every(
          (row) => row[0] === 'prod' && /^10\.244\.2\.\d+$/.test(row[6] ?? '') && row[7] === 'node-b',
        ),
      ).toBe(true);
    });

    it('prints -o json and -o yaml with the stored objects', async (ctx) => {
      ready(ctx);
      const json = await kubectl.run(['get', 'pods', '-l', 'app=orders', '-o', 'json']);
      const list = JSON.parse(json.stdout) as { kind: string; items: Pod[] };
      expect(list.kind).toBe('List');
      expect(list.items).toHaveLength(2);
      expect(list.items[0]).toMatchObject({ apiVersion: 'v1', kind: 'Pod', status: { phase: 'Running' } });
      expect(list.items[0]!.metadata.ownerReferences?.[0]).toMatchObject({
        kind: 'ReplicaSet',
        controller: true,
      });
      const yaml = await kubectl.run(['get', 'pod', list.items[0]!.metadata.name!, '-o', 'yaml']);
      expect(yaml.stdout).toContain('kind: Pod');
      expect(yaml.stdout).toMatch(/podIP: 10\.244\.2\.\d+/);
      expect(yaml.stdout).toContain('pod-template-hash:');
    });

    it('filters with label and field selectors, and prints the server 400 for unknown fields', async (ctx) => {
      ready(ctx);
      const names = async (args: string[]): Promise<string[]> =>
        (await kubectl.run(['get', 'pods', '-o', 'name', ...args])).stdout
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((n) => n.replace(/-[a-z0-9]+-[a-z0-9]+$/, ''));
      expect(await names(['-l', 'app=gateway'])).toEqual(['pod/gateway', 'pod/gateway', 'pod/gateway']);
      expect(await names(['-l', 'app in (orders,nope),tier!=frontend'])).toEqual([
        'pod/orders',
        'pod/orders',
      ]);
      expect(await names(['-l', '!tier'])).toEqual(['pod/gateway', 'pod/gateway', 'pod/gateway']);
      expect(await names(['-l', 'tier notin (backend)'])).toHaveLength(3);
      expect(
        await names(['--field-selector', 'spec.nodeName=node-b,status.phase=Running', '-l', 'tier']),
      ).toEqual(['pod/orders', 'pod/orders']);
      const bad = await kubectl.run(['get', 'pods', '--field-selector', 'spec.image=x']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('Error from server (BadRequest)');
      expect(bad.stderr).toContain('field label not supported: spec.image');
    });

    it('describes a pod with its node, IP, owner, containers and conditions', async (ctx) => {
      ready(ctx);
      const pod = sim.store.podsOf('prod', 'orders')[0]!;
      const r = await kubectl.run(['describe', 'pod', pod.metadata.name!]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Node:\s+node-b\/192\.168\.49\.12/);
      expect(r.stdout).toContain(`IP:               ${pod.status!.podIP!}`);
      expect(r.stdout).toMatch(/Controlled By:\s+ReplicaSet\/orders-[a-z0-9]+/);
      expect(r.stdout).toMatch(/Image:\s+registry\.local\/orders:2\.0\.0/);
      expect(r.stdout).toMatch(/Ready\s+True/);
      expect(r.stdout).toContain('Events:');
    });

    it('shows deployments and replicasets together', async (ctx) => {
      ready(ctx);
      const r = await kubectl.run(['get', 'deploy,rs', '-o', 'wide']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(
        /deployment\.apps\/gateway\s+2\/3\s+3\s+2\s+3d\s+gateway\s+registry\.local\/gateway:1\.4\.2\s+app=gateway/,
      );
      expect(r.stdout).toMatch(
        /replicaset\.apps\/orders-[a-z0-9]+\s+2\s+2\s+2\s+5h\s+orders\s+\S+\s+app=orders,pod-template-hash=[a-z0-9]+,tier=backend/,
      );
    });

    it('streams a change made through the store with get -w', async (ctx) => {
      ready(ctx);
      const target = sim.store
        .podsOf('prod', 'gateway')
        .find((p) => p.status?.containerStatuses?.[0]?.ready)!;
      const name = target.metadata.name!;
      const watch = kubectl.stream(['get', 'pod', name, '-w']);
      try {
        await watch.waitFor(new RegExp(`${name}\\s+1/1`));
        // kubectl drops the first event of a single-object watch (the synthetic ADDED), so change
        // the pod only once the watch is open, as a later change would be on a real cluster.
        await until(() => sim.store.openWatches > 0, 'the kubectl watch');
        sim.store.setPodReady('prod', name, false);
        await watch.waitFor(new RegExp(`${name}\\s+0/1\\s+Running`));
      } finally {
        await watch.stop();
        sim.store.setPodReady('prod', name, true);
      }
    });

    it('creates from a file, patches three ways and deletes with a grace period', async (ctx) => {
      ready(ctx);
      const file = await kubectl.file('probe.yaml', POD_MANIFEST);
      const created = await kubectl.run(['create', '-f', file, '--validate=false']);
      expect(created.stdout.trim(), created.stderr).toBe('pod/probe created');
      await until(
        () => (sim.store.get('pods', 'prod', 'probe') as Pod | undefined)?.status?.phase === 'Running',
        'probe running',
      );
      const strategic = await kubectl.run([
        'patch',
        'pod',
        'probe',
        '-p',
        '{"spec":{"containers":[{"name":"side","image":"envoy:1.31"}]}}',
      ]);
      expect(strategic.stdout.trim(), strategic.stderr).toBe('pod/probe patched');
      const merge = await kubectl.run([
        'patch',
        'pod',
        'probe',
        '--type=merge',
        '-p',
        '{"metadata":{"labels":{"tier":"debug"}}}',
      ]);
      expect(merge.code, merge.stderr).toBe(0);
      const json = await kubectl.run([
        'patch',
        'pod',
        'probe',
        '--type=json',
        '-p',
        '[{"op":"add","path":"/metadata/annotations","value":{"owner":"sre"}}]',
      ]);
      expect(json.code, json.stderr).toBe(0);
      const stored = sim.store.get('pods', 'prod', 'probe') as Pod;
      expect(stored.spec.containers.map((c) => c.image)).toEqual(['busybox:1.36', 'envoy:1.31']);
      expect(stored.metadata.labels).toEqual({ app: 'probe', tier: 'debug' });
      expect(stored.metadata.annotations).toEqual({ owner: 'sre' });
      const deleting = kubectl.run(['delete', 'pod', 'probe', '--grace-period=1']);
      await until(
        () => sim.store.get('pods', 'prod', 'probe')?.metadata.deletionTimestamp !== undefined,
        'deletionTimestamp',
      );
      const deleted = await deleting;
      expect(deleted.stdout.trim(), deleted.stderr).toBe('pod "probe" deleted');
      expect(sim.store.get('pods', 'prod', 'probe')).toBeUndefined();
    });

    it('applies a deployment client-side and re-applies a change', async (ctx) => {
      ready(ctx);
      const file = await kubectl.file('web.yaml', deployment(2));
      const first = await kubectl.run(['apply', '-f', file, '--validate=false']);
      expect(first.stdout.trim(), first.stderr).toBe('deployment.apps/web created');
      await until(() => sim.store.podsOf('prod', 'web').length === 2, 'two web pods');
      await kubectl.file('web.yaml', deployment(4));
      const second = await kubectl.run(['apply', '-f', file, '--validate=false']);
      expect(second.stdout.trim(), second.stderr).toBe('deployment.apps/web configured');
      await until(() => sim.store.podsOf('prod', 'web').length === 4, 'four web pods');
      const unchanged = await kubectl.run(['apply', '-f', file, '--validate=false']);
      expect(unchanged.stdout.trim()).toBe('deployment.apps/web unchanged');
    });

    it("prints the apiserver's Forbidden text and exits 1 for denied verbs", async (ctx) => {
      ready(ctx);
      const pod = sim.store.podsOf('prod', 'gateway')[0]!.metadata.name!;
      const del = await bob.run(['delete', 'pod', pod]);
      expect(del.code).toBe(1);
      expect(del.stderr.trim()).toBe(
        `Error from server (Forbidden): pods "${pod}" is forbidden: User "bob" cannot delete resource "pods" in API group "" in the namespace "prod"`,
      );
      const list = await bob.run(['get', 'pods', '-A']);
      expect(list.code).toBe(1);
      expect(list.stderr).toContain(
        'Error from server (Forbidden): pods is forbidden: User "bob" cannot list resource "pods" in API group "" at the cluster scope',
      );
      expect((await bob.run(['get', 'pods'])).code).toBe(0);
    });
  });
}
