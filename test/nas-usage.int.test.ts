import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { defaultConfig, type OpsConfig } from '../core/config/schema.js';
import type { RunningExporter } from '../exporter/server.js';
import { startDemoNas, type DemoNasWorld } from '../sim/demo/nas-world.js';
import { DEMO_NAMESPACE, DEMO_SERVICES } from '../sim/demo/services.js';
import { mountBindfs, type BindfsMount } from './support/bindfs.js';
import { scrapeUntil, startTestExporter, type Scrape } from './support/exporter.js';
import { requireTool } from './support/tools.js';

/** Quick probes and a usage scan that starts a new pass every half second. */
const fast = (over: Partial<OpsConfig['nas']['health']> = {}): Partial<OpsConfig['nas']> => ({
  health: {
    ...defaultConfig.nas.health,
    intervalSeconds: 0.5,
    timeoutSeconds: 1,
    fstypes: [],
    usageSliceSeconds: 0.2,
    usageRescanSeconds: 0.5,
    ...over,
  },
});

const usage = (m: Scrape, ns: string, service: string, kind: string) =>
  m
    .samples('opsctl_nas_usage_bytes')
    .find((s) => s.labels.k8s_namespace === ns && s.labels.service === service && s.labels.kind === kind)
    ?.value;

describe('the demo NAS folder in the exporter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsctl-nasusage-demo-'));
  let world: DemoNasWorld | undefined;
  let exporter: RunningExporter | undefined;
  afterAll(async () => {
    await exporter?.close();
    await world?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('probes the demo folder (not a mount) and reports usage per demo service', async () => {
    world = await startDemoNas({ dir, noJava: true });
    exporter = await startTestExporter(world.nasRoot, {}, fast());
    const nasRoot = world.nasRoot;
    const m = await scrapeUntil(
      exporter.url,
      (s) =>
        s.sum('opsctl_nas_mount_up', { mountpoint: nasRoot }) === 1 &&
        DEMO_SERVICES.every((svc) => (usage(s, DEMO_NAMESPACE, svc.name, 'gc') ?? 0) > 0)
          ? s
          : undefined,
      'demo mount up and usage of every demo service',
    );
    expect(
      m.samples('opsctl_nas_mount_info').find((s) => s.labels.mountpoint === nasRoot)?.labels.fstype,
    ).not.toBe('');
    for (const kind of ['gc', 'dump', 'log', 'archive', 'tools', 'other'])
      expect(usage(m, DEMO_NAMESPACE, DEMO_SERVICES[0]!.name, kind)).toBeGreaterThanOrEqual(0);
    // No Kubernetes source yet: the live pods are unknown, so no reclaimable number at all.
    expect(m.samples('opsctl_nas_reclaimable_bytes')).toEqual([]);
    expect(m.sum('opsctl_nas_usage_last_pass_timestamp_seconds')).toBeGreaterThan(0);
  });
});

describe.runIf(requireTool('bindfs'))('NAS usage on a mount that hangs', () => {
  const base = mkdtempSync(join(tmpdir(), 'opsctl-nasusage-'));
  const source = join(base, 'source');
  let mount: BindfsMount | undefined;
  let exporter: RunningExporter | undefined;
  afterEach(async () => {
    mount?.resume();
    await exporter?.close();
    exporter = undefined;
    mount?.unmount();
    mount = undefined;
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('counts bytes by kind, keeps the last numbers while hung, follows changes after recovery', async () => {
    const svc = join(source, 'test', 'gateway');
    mkdirSync(join(svc, 'logs', 'error'), { recursive: true });
    writeFileSync(join(svc, 'gc-gateway-5d8f7c9b6-x2x7q-2026-11-22_00-16-05.log'), Buffer.alloc(1000));
    writeFileSync(join(svc, 'logs', 'gateway-5d8f7c9b6-x2x7q.log'), Buffer.alloc(300));
    writeFileSync(join(svc, 'logs', 'error', 'gateway-5d8f7c9b6-x2x7q.2026-11-21.log.gz'), Buffer.alloc(70));
    mount = mountBindfs(source, join(base, 'nas'));
    exporter = await startTestExporter(mount.target, {}, { readTimeoutSeconds: 1, ...fast() });
    const url = exporter.url;
    await scrapeUntil(url, (s) => (usage(s, 'test', 'gateway', 'gc') === 1000 ? s : undefined), 'usage');
    const first = await scrapeUntil(
      url,
      (s) => (usage(s, 'test', 'gateway', 'archive') === 70 ? s : undefined),
      'all',
    );
    expect(usage(first, 'test', 'gateway', 'log')).toBe(300);

    mount.hang();
    const hung = await scrapeUntil(
      url,
      (s) => (s.sum('opsctl_nas_mount_up', { mountpoint: mount!.target }) === 0 ? s : undefined),
      'mount down',
    );
    expect(usage(hung, 'test', 'gateway', 'gc')).toBe(1000);

    mount.resume();
    writeFileSync(join(svc, 'dump-gateway-5d8f7c9b6-x2x7q-%t.hprof'), Buffer.alloc(5000));
    const after = await scrapeUntil(
      url,
      (s) => (usage(s, 'test', 'gateway', 'dump') === 5000 ? s : undefined),
      'dump',
    );
    expect(usage(after, 'test', 'gateway', 'gc')).toBe(1000);
    expect(after.sum('opsctl_nas_mount_up', { mountpoint: mount.target })).toBe(1);
  });
});
