/**
 * Registry drift over the wire: the Kubernetes and Nacos simulators, the world changed with the
 * real kubectl (create pods, patch their status, roll a Deployment) and the official `nacos`
 * client (register, disable, stop beating, deregister), the exporter watching both, and the real
 * Prometheus scraping it: PromQL sees every drift kind, a rolling update publishes no drift, and
 * a Nacos outage turns into `opsctl_source_up 0` without drift series.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NacosNamingClient } from 'nacos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../adapters/log/logger.js';
import { defaultConfig, type OpsConfig } from '../core/config/schema.js';
import { DRIFT_KINDS } from '../core/drift/types.js';
import { startExporter, type RunningExporter } from '../exporter/server.js';
import { startKubeSim, type KubeSim } from '../sim/k8s/index.js';
import { startNacosSim, type NacosSim } from '../sim/nacos/index.js';
import { Kubectl, kubectlForSuite } from './support/kubectl.js';
import { waitFor } from './support/ports.js';
import { startPrometheus, type PrometheusHandle } from './support/prometheus.js';
import { requireTool } from './support/tools.js';

const kubectlFound = kubectlForSuite('1.33');
if (kubectlFound.failReason) throw new Error(kubectlFound.failReason);
if (kubectlFound.skipReason) console.warn(`skipping: ${kubectlFound.skipReason}`);
const available = requireTool('prometheus') && kubectlFound.path !== undefined;

const NODE = { name: 'node-1', podCIDR: '10.244.1.0/24', internalIP: '192.168.10.11' };

interface Client {
  registerInstance(service: string, instance: object, group?: string): Promise<void>;
  deregisterInstance(service: string, instance: object, group?: string): Promise<void>;
  close(): Promise<void>;
}

/** Everything one world runs; closed in reverse order. */
class World {
  kube!: KubeSim;
  nacos!: NacosSim;
  kubectl!: Kubectl;
  exporter!: RunningExporter;
  prometheus!: PrometheusHandle;
  dir!: string;
  clients: Client[] = [];

  async start(graceSeconds: number, kubeOptions: Parameters<typeof startKubeSim>[0] = {}): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'opsctl-drift-it-'));
    this.kube = await startKubeSim({
      scenario: { namespaces: ['shop'], nodes: [NODE] },
      ...kubeOptions,
    });
    this.nacos = await startNacosSim({ version: '2.2', checkIntervalMs: 200, cacheMillis: 500 });
    const kubeconfig = join(this.dir, 'kubeconfig');
    await writeFile(kubeconfig, this.kube.kubeconfig({ namespace: 'shop' }), { mode: 0o600 });
    this.kubectl = await Kubectl.create(kubectlFound.path!, this.kube.kubeconfig({ namespace: 'shop' }));
    const grace = Object.fromEntries(
      DRIFT_KINDS.map((k) => [k, graceSeconds]),
    ) as OpsConfig['drift']['graceSeconds'];
    const config: OpsConfig = {
      ...defaultConfig,
      log: { level: 'error', format: 'text' },
      nas: {
        ...defaultConfig.nas,
        root: this.dir,
        health: { ...defaultConfig.nas.health, watchRoot: false },
      },
      exporter: { ...defaultConfig.exporter, host: '127.0.0.1', port: 0 },
      nacos: { ...defaultConfig.nacos, serverAddr: this.nacos.serverAddr, pollIntervalSeconds: 0.5 },
      kubernetes: { ...defaultConfig.kubernetes, kubeconfig },
      drift: { ...defaultConfig.drift, graceSeconds: grace, recomputeSeconds: 0.5, instanceInfo: true },
    };
    this.exporter = await startExporter(config, createLogger({ level: 'error', format: 'text' }), {
      env: {},
    });
    this.prometheus = await startPrometheus([new URL(this.exporter.url).host]);
  }

  /** An official Nacos client; its errors (a server gone on purpose) are not the test's business. */
  async client(): Promise<Client> {
    const ignore = (): void => undefined;
    const logger = { info: ignore, debug: ignore, warn: ignore, error: ignore } as unknown as typeof console;
    const client = new NacosNamingClient({ logger, serverList: this.nacos.serverAddr, namespace: 'public' });
    await client.ready();
    const wrapped = client as unknown as Client;
    this.clients.push(wrapped);
    return wrapped;
  }

  async kubectlOk(args: string[], input?: string): Promise<string> {
    const r = await this.kubectl.run(args, input === undefined ? {} : { input });
    expect(r.code, `kubectl ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout;
  }

  /** Pod IPs by name once every named pod has one. */
  async podIps(names: string[]): Promise<Record<string, string>> {
    return waitFor(
      async () => {
        const list = JSON.parse(await this.kubectlOk(['get', 'pods', '-o', 'json'])) as {
          items: { metadata: { name: string }; status: { podIP?: string } }[];
        };
        const ips = Object.fromEntries(list.items.map((p) => [p.metadata.name, p.status.podIP ?? '']));
        return names.every((n) => ips[n]) ? ips : undefined;
      },
      20_000,
      `IPs of ${names.join(', ')}`,
    );
  }

  /** Drift series in Prometheus as `kind/reason/service` -> value. */
  async drift(expr = 'opsctl_drift_instances'): Promise<Record<string, number>> {
    const rows = await this.prometheus.query(expr);
    return Object.fromEntries(
      rows.map((r) => [`${r.metric.kind}/${r.metric.reason}/${r.metric.service}`, Number(r.value[1])]),
    );
  }

  async stop(): Promise<void> {
    for (const c of this.clients) await c.close().catch(() => undefined);
    await this.prometheus?.stop();
    await this.exporter?.close();
    await this.kubectl?.dispose();
    await this.nacos?.close();
    await this.kube?.close();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

function podManifest(
  name: string,
  labels: Record<string, string>,
  options: { ready?: boolean; annotations?: Record<string, string> } = {},
): string {
  const annotations = {
    ...(options.annotations ?? {}),
    ...(options.ready === false ? { 'sim.opsctl.dev/ready': 'false' } : {}),
  };
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels, annotations },
    spec: {
      containers: [{ name: 'app', image: 'registry.local/shop/app:1.0', ports: [{ containerPort: 8080 }] }],
    },
  });
}

function readyPatch(ready: boolean): string {
  const status = ready ? 'True' : 'False';
  const at = new Date().toISOString();
  return JSON.stringify({
    status: {
      conditions: [
        { type: 'Ready', status, lastTransitionTime: at },
        { type: 'ContainersReady', status, lastTransitionTime: at },
      ],
    },
  });
}

describe.runIf(available)('registry drift through the exporter and Prometheus', () => {
  const world = new World();
  beforeAll(() => world.start(2));
  afterAll(() => world.stop());

  it('shows every drift kind in PromQL, then only source_up 0 when Nacos goes down', async () => {
    const orders = { app: 'orders' };
    for (const [name, labels, options] of [
      ['orders-a', orders, {}],
      ['orders-b', orders, {}],
      ['orders-c', orders, {}],
      ['orders-d', orders, {}],
      ['orders-new', orders, { ready: false }],
      ['pay-a', { app: 'pay' }, {}],
      ['cache-0', { app: 'redis' }, { annotations: { 'nacos.io/register': 'false' } }],
    ] as const)
      await world.kubectlOk(['create', '--validate=false', '-f', '-'], podManifest(name, labels, options));
    const ip = await world.podIps([
      'orders-a',
      'orders-b',
      'orders-c',
      'orders-d',
      'orders-new',
      'pay-a',
      'cache-0',
    ]);

    const app = await world.client();
    const register = (service: string, address: string, port: number, extra: object = {}) =>
      app.registerInstance(service, { ip: address, port, ...extra });
    await register('orders', ip['orders-b']!, 9999, { enabled: true });
    await app.deregisterInstance('orders', { ip: ip['orders-b']!, port: 9999 });
    await register('orders', ip['orders-c']!, 8080);
    await register('orders', ip['orders-c']!, 8081);
    await register('orders', ip['orders-d']!, 8080);
    await register('orders', ip['orders-new']!, 8080);
    await register('pay', ip['pay-a']!, 8080, { enabled: false });
    await register('orders', ip['cache-0']!, 8080);
    await register('orders', '10.244.1.250', 8080);
    await register('orders', '172.17.0.5', 8080);
    // A client that dies right after registering: its instance loses its beats.
    const doomed = await world.client();
    const shortBeat = { 'preserved.heart.beat.timeout': '1000', 'preserved.ip.delete.timeout': '600000' };
    await doomed.registerInstance('orders', { ip: ip['orders-a']!, port: 8080, metadata: shortBeat });
    await doomed.close();

    // orders-d turns unready once the exporter has seen it Ready.
    await waitFor(
      async () =>
        (await world.prometheus.query('opsctl_registry_expected_pods{service="orders",ready="true"}'))[0]
          ?.value[1] === '4'
          ? true
          : undefined,
      30_000,
      'four Ready orders pods seen',
    );
    await world.kubectlOk([
      'patch',
      'pod',
      'orders-d',
      '--subresource=status',
      '--type=merge',
      '-p',
      readyPatch(false),
    ]);

    const expected = {
      'healthy_not_ready/starting/orders': 1,
      'healthy_not_ready/unready/orders': 1,
      'ready_unhealthy/ephemeral/orders': 1,
      'ready_disabled/disabled/pay': 1,
      'ready_missing/label/orders': 1,
      'stale/ephemeral/orders': 1,
      'foreign_ip/docker_bridge/orders': 1,
      'ip_reused/other_service/orders': 1,
      'duplicate/same_pod/orders': 2,
    };
    const seen = await waitFor(
      async () => {
        const d = await world.drift();
        return Object.keys(expected).every((k) => d[k] === expected[k as keyof typeof expected])
          ? d
          : undefined;
      },
      60_000,
      'every drift kind in Prometheus',
    );
    expect(seen).toEqual(expected);
    const info = await world.prometheus.query('opsctl_drift_instance_info{kind="ready_missing"}');
    expect(info.map((r) => [r.metric.pod, r.metric.k8s_namespace])).toEqual([['orders-b', 'shop']]);
    const ages = await world.prometheus.query('opsctl_drift_oldest_age_seconds{kind="stale"} >= 2');
    expect(ages).toHaveLength(1);
    expect(await world.drift('opsctl_drift_transitions_total')).toMatchObject({
      'stale/ephemeral/orders': 1,
    });
    expect(await world.prometheus.query('opsctl_source_up')).toHaveLength(2);

    await world.nacos.close();
    await waitFor(
      async () =>
        (await world.prometheus.query('opsctl_source_up{source="nacos"} == 0')).length === 1
          ? true
          : undefined,
      20_000,
      'nacos down',
    );
    await waitFor(
      async () => (Object.keys(await world.drift()).length === 0 ? true : undefined),
      10_000,
      'no drift series',
    );
    expect(await world.prometheus.query('opsctl_registry_instances')).toEqual([]);
    expect(await world.prometheus.query('opsctl_source_up{source="kubernetes"} == 1')).toHaveLength(1);
  });
});

describe.runIf(available)('a rolling update through the exporter and Prometheus', () => {
  const world = new World();
  beforeAll(() => world.start(8, { maxTerminationMs: 1500 }));
  afterAll(() => world.stop());

  const deployment = (image: string, startReady: boolean) =>
    JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: {
            labels: { app: 'web' },
            annotations: startReady ? {} : { 'sim.opsctl.dev/ready': 'false' },
          },
          spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 8080 }] }] },
        },
      },
    });

  async function webPods(): Promise<{ name: string; ip: string; terminating: boolean }[]> {
    const list = JSON.parse(await world.kubectlOk(['get', 'pods', '-l', 'app=web', '-o', 'json'])) as {
      items: { metadata: { name: string; deletionTimestamp?: string }; status: { podIP?: string } }[];
    };
    return list.items.map((p) => ({
      name: p.metadata.name,
      ip: p.status.podIP ?? '',
      terminating: p.metadata.deletionTimestamp !== undefined,
    }));
  }

  it('registers early and deregisters late within the grace periods: no drift published', async () => {
    const app = await world.client();
    await world.kubectlOk(
      ['create', '--validate=false', '-f', '-'],
      deployment('registry.local/web:1', true),
    );
    const first = await waitFor(
      async () => {
        const pods = await webPods();
        return pods.length === 2 && pods.every((p) => p.ip) ? pods : undefined;
      },
      20_000,
      'two web pods',
    );
    for (const p of first)
      await app.registerInstance('web', { ip: p.ip, port: 8080, metadata: { 'k8s.pod.name': p.name } });
    await waitFor(
      async () =>
        (await world.prometheus.query('opsctl_registry_expected_pods{service="web",ready="true"}'))[0]
          ?.value[1] === '2'
          ? true
          : undefined,
      30_000,
      'the first release seen',
    );

    await world.kubectlOk(
      ['replace', '--validate=false', '-f', '-'],
      deployment('registry.local/web:2', false),
    );
    const fresh = await waitFor(
      async () => {
        const pods = (await webPods()).filter((p) => !first.some((f) => f.name === p.name));
        return pods.length === 2 && pods.every((p) => p.ip) ? pods : undefined;
      },
      20_000,
      'two new web pods',
    );
    // Early registration: the new pods register before their readiness probe passes.
    for (const p of fresh)
      await app.registerInstance('web', { ip: p.ip, port: 8080, metadata: { 'k8s.pod.name': p.name } });
    await new Promise((r) => setTimeout(r, 2000));
    // Late deregistration: the old instances leave only after their pods are going.
    for (const p of first) await app.deregisterInstance('web', { ip: p.ip, port: 8080 });
    for (const p of fresh)
      await world.kubectlOk([
        'patch',
        'pod',
        p.name,
        '--subresource=status',
        '--type=merge',
        '-p',
        readyPatch(true),
      ]);

    await waitFor(
      async () =>
        (await world.prometheus.query('opsctl_registry_expected_pods{service="web",ready="true"}'))[0]
          ?.value[1] === '2' && (await webPods()).length === 2
          ? true
          : undefined,
      30_000,
      'the second release Ready and the old pods gone',
    );
    await new Promise((r) => setTimeout(r, 10_000));
    expect(await world.prometheus.query('max_over_time(opsctl_drift_instances{service="web"}[2m])')).toEqual(
      [],
    );
    expect(await world.prometheus.query('opsctl_drift_transitions_total{service="web"}')).toEqual([]);
    expect(await world.prometheus.query('opsctl_source_up == 1')).toHaveLength(2);
    // Control: the same pipeline does publish drift of this service once a condition outlasts its grace.
    await app.registerInstance('web', { ip: first[0]!.ip, port: 8080 });
    await waitFor(
      async () => ((await world.drift())['stale/ephemeral/web'] === 1 ? true : undefined),
      30_000,
      'a leftover instance reported',
    );
  });
});
