import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDriftSettings } from '../core/drift/settings.js';
import { T0, instance, pod, snapshot } from '../core/drift/test-support.js';
import type { PodInfo } from '../core/kube/pod.js';
import type { PodSource, PodWatch, PodWatchOptions } from '../core/ports/pod-source.js';
import type { RegistrySnapshot } from '../core/ports/registry-source.js';
import { DriftCollector } from './drift-collector.js';

/** A pod cache the test controls. */
class FakeWatch implements PodWatch {
  synced = true;
  lastSyncAt: number | undefined = T0;
  stats = { lists: 1, watches: 1, events: 0, expired: 0, errors: 0 };
  lastError = undefined;
  constructor(
    public list: PodInfo[],
    readonly options: PodWatchOptions,
  ) {}
  pods(): PodInfo[] {
    return [...this.list];
  }
  get(): PodInfo | undefined {
    return undefined;
  }
  waitForSync(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise(() => undefined);
  }
  stop(): Promise<void> {
    return Promise.resolve();
  }
}

function fakePods(list: PodInfo[]): PodSource & { watch?: FakeWatch } {
  const source: PodSource & { watch?: FakeWatch } = {
    listPods: () => Promise.resolve(list),
    watchPods: (_scope, options = {}) => {
      source.watch = new FakeWatch(list, options);
      // As client-node's ListWatch does: every listed pod arrives as an `added` change.
      for (const pod of list) options.onChange?.({ type: 'added', pod });
      return source.watch;
    },
  };
  return source;
}

const running: DriftCollector[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.close();
});

function start(pods: PodSource, read: () => Promise<RegistrySnapshot>, instanceInfo = false) {
  const metrics = new Registry();
  const settings = defaultDriftSettings();
  for (const kind of Object.keys(settings.graceSeconds)) settings.graceSeconds[kind as 'stale'] = 0;
  let clock = T0;
  const collector = new DriftCollector({
    pods,
    scope: { allNamespaces: true },
    registry: { read, requests: 7 },
    settings,
    pollIntervalMs: 30,
    recomputeMs: 30,
    sourceStaleMs: 60_000,
    instanceInfo,
    seriesTtlMs: 3_600_000,
    metrics,
    log: { info: () => undefined, warn: () => undefined },
    now: () => (clock += 10),
  });
  running.push(collector);
  collector.start();
  const text = async () => (await metrics.metrics()) + collector.metricsText();
  return { collector, text };
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const world = {
  pods: [pod('orders-1', { ip: '10.0.1.5', ports: [8080], labels: { app: 'orders' } })],
  registry: snapshot([
    instance('orders', '10.0.1.5', 8080, { enabled: false }),
    instance('orders', '10.0.1.9', 8080),
  ]),
};

describe('DriftCollector', () => {
  it('publishes drift, inventory, expected pods and source health while both sources are up', async () => {
    const { text } = start(fakePods(world.pods), () => Promise.resolve(world.registry));
    await until(async () => (await text()).includes('opsctl_drift_instances{'), 'drift series');
    const out = await text();
    expect(out).toContain('opsctl_source_up{source="nacos"} 1');
    expect(out).toContain('opsctl_source_up{source="kubernetes"} 1');
    expect(out).toContain(
      'opsctl_drift_instances{nacos_namespace="public",group="DEFAULT_GROUP",service="orders",kind="ready_disabled",reason="disabled"} 1',
    );
    expect(out).toMatch(/opsctl_drift_instances\{[^}]*kind="stale",reason="ephemeral"\} 1/);
    expect(out).toMatch(/opsctl_drift_oldest_age_seconds\{[^}]*kind="stale"[^}]*\} \d/);
    expect(out).toMatch(/opsctl_drift_transitions_total\{[^}]*kind="stale"[^}]*\} 1/);
    expect(out).toContain(
      'opsctl_registry_instances{nacos_namespace="public",group="DEFAULT_GROUP",service="orders",healthy="true",enabled="false",ephemeral="true"} 1',
    );
    expect(out).toContain(
      'opsctl_registry_expected_pods{k8s_namespace="prod",nacos_namespace="public",group="DEFAULT_GROUP",service="orders",ready="true"} 1',
    );
    expect(out).toContain('opsctl_source_requests_total{source="kubernetes",request="list"} 1');
    expect(out).toContain('opsctl_source_requests_total{source="nacos",request="http"} 7');
    expect(out).toMatch(/opsctl_source_sync_duration_seconds_count\{source="nacos"\} [1-9]/);
    expect(out).not.toContain('opsctl_drift_instance_info');
  });

  it('drops every drift series when Nacos fails, and publishes again once it answers', async () => {
    let failing = false;
    const { text } = start(fakePods(world.pods), () =>
      failing ? Promise.reject(new Error('connection refused')) : Promise.resolve(world.registry),
    );
    await until(async () => (await text()).includes('opsctl_drift_instances{'), 'drift series');
    failing = true;
    await until(async () => (await text()).includes('opsctl_source_up{source="nacos"} 0'), 'nacos down');
    const down = await text();
    expect(down).not.toMatch(/^opsctl_drift_/m);
    expect(down).not.toMatch(/^opsctl_registry_/m);
    expect(down).toContain('opsctl_source_up{source="kubernetes"} 1');
    failing = false;
    await until(async () => (await text()).includes('opsctl_drift_instances{'), 'drift series again');
  });

  it('publishes no drift while the pod cache is not synced, but keeps the registry inventory', async () => {
    const pods = fakePods(world.pods);
    const { collector, text } = start(pods, () => Promise.resolve(world.registry));
    await until(async () => (await text()).includes('opsctl_drift_instances{'), 'drift series');
    pods.watch!.synced = false;
    collector.recompute();
    const out = await text();
    expect(out).toContain('opsctl_source_up{source="kubernetes"} 0');
    expect(out).not.toMatch(/^opsctl_drift_/m);
    expect(out).toMatch(/^opsctl_registry_instances\{/m);
    expect(collector.lastReport).toBeUndefined();
  });

  it('recomputes on a pod change and can export one info series per drifting instance', async () => {
    const pods = fakePods(world.pods);
    const { text } = start(pods, () => Promise.resolve(world.registry), true);
    await until(async () => (await text()).includes('opsctl_drift_instance_info{'), 'info series');
    expect(await text()).toContain(
      'opsctl_drift_instance_info{nacos_namespace="public",group="DEFAULT_GROUP",service="orders",kind="ready_disabled",reason="disabled",cluster="DEFAULT",ip="10.0.1.5",port="8080",pod="orders-1",k8s_namespace="prod"} 1',
    );
    const busybox = pod('busybox', { ip: '10.0.1.200' });
    pods.watch!.list = [busybox];
    pods.watch!.options.onChange?.({ type: 'deleted', pod: world.pods[0]! });
    pods.watch!.options.onChange?.({ type: 'added', pod: busybox });
    const disabled = /opsctl_drift_instances\{[^}]*kind="ready_disabled"/;
    await until(async () => !disabled.test(await text()), 'recompute after the change');
    expect(await text()).toMatch(/opsctl_drift_transitions_total\{[^}]*kind="ready_disabled"[^}]*\} 1/);
    expect(await text()).toMatch(/kind="stale",reason="ephemeral",cluster="DEFAULT",ip="10.0.1.5"/);
  });
});
