import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { defaultConfig, type OpsConfig } from '../core/config/schema.js';
import type { RunningExporter } from '../exporter/server.js';
import { mountBindfs, type BindfsMount } from './support/bindfs.js';
import { scrape, scrapeUntil, startTestExporter, type Scrape } from './support/exporter.js';
import { requireTool } from './support/tools.js';

/** A liveness bound, not a speed assertion: an exporter blocked on a mount would not answer at all. */
const answers = (url: string, path = '/metrics') =>
  fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });

/** Fast probes of exactly the given folders: no other mount of this machine is watched. */
function health(paths: string[], over: Partial<OpsConfig['nas']['health']> = {}): Partial<OpsConfig['nas']> {
  return {
    health: {
      ...defaultConfig.nas.health,
      intervalSeconds: 0.5,
      timeoutSeconds: 1,
      fstypes: [],
      paths,
      watchRoot: false,
      ...over,
    },
  };
}

const value = (m: Scrape, name: string, labels: Record<string, string>) =>
  m.samples(name).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe.runIf(requireTool('bindfs'))('NAS mount health in the exporter (real FUSE and tmpfs mounts)', () => {
  const base = mkdtempSync(join(tmpdir(), 'opsctl-nashealth-'));
  const localRoot = join(base, 'local-root');
  mkdirSync(localRoot);
  const mounts: BindfsMount[] = [];
  const tmpfs: string[] = [];
  let exporter: RunningExporter | undefined;

  const bindfs = (name: string, options: string[] = []): BindfsMount => {
    const source = join(base, `${name}-source`);
    mkdirSync(source, { recursive: true });
    const mount = mountBindfs(source, join(base, name), options);
    mounts.push(mount);
    return mount;
  };

  afterEach(async () => {
    for (const m of mounts) {
      try {
        m.resume();
      } catch {
        // the bindfs process was killed by the test
      }
    }
    await exporter?.close();
    exporter = undefined;
    for (const m of mounts.splice(0)) m.unmount();
    for (const dir of tmpfs.splice(0)) spawnSync('umount', ['-l', dir]);
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('reports a healthy mount: up, info with source/fstype/options, space, probe durations', async () => {
    const nas = bindfs('healthy');
    exporter = await startTestExporter(localRoot, {}, health([nas.target], { writeProbe: true }));
    const m = await scrapeUntil(
      exporter.url,
      (s) =>
        value(s, 'opsctl_nas_last_success_timestamp_seconds', { mountpoint: nas.target }) ? s : undefined,
      'a successful probe',
    );
    const mp = { mountpoint: nas.target };
    expect(value(m, 'opsctl_nas_mount_up', mp)).toBe(1);
    expect(
      value(m, 'opsctl_nas_mount_info', { ...mp, fstype: 'fuse', source: join(base, 'healthy-source') }),
    ).toBe(1);
    expect(
      m.samples('opsctl_nas_mount_info').find((s) => s.labels.mountpoint === nas.target)?.labels.options,
    ).toBe('rw');
    expect(value(m, 'opsctl_nas_readonly', mp)).toBe(0);
    expect(value(m, 'opsctl_nas_probes_hung', mp)).toBe(0);
    expect(value(m, 'opsctl_nas_size_bytes', mp)).toBeGreaterThan(0);
    expect(value(m, 'opsctl_nas_files', mp)).toBeGreaterThan(0);
    for (const op of ['stat', 'statfs', 'readdir', 'write'])
      expect(value(m, 'opsctl_nas_probe_duration_seconds_count', { ...mp, op })).toBeGreaterThanOrEqual(1);
  });

  it('keeps /metrics answering while three mounts hang at once, counts them hung, recovers on SIGCONT', async () => {
    const hung = [bindfs('hung-a'), bindfs('hung-b'), bindfs('hung-c')];
    exporter = await startTestExporter(localRoot, {}, health(hung.map((m) => m.target)));
    const url = exporter.url;
    const allUp = (s: Scrape) =>
      hung.every((m) => value(s, 'opsctl_nas_mount_up', { mountpoint: m.target }) === 1) ? s : undefined;
    await scrapeUntil(url, allUp, 'three healthy mounts');
    for (const m of hung) m.hang();
    const during = await scrapeUntil(
      url,
      (s) =>
        hung.every((m) => value(s, 'opsctl_nas_probes_hung', { mountpoint: m.target }) === 1) ? s : undefined,
      'three hung probes',
    );
    for (const m of hung) {
      expect(value(during, 'opsctl_nas_mount_up', { mountpoint: m.target })).toBe(0);
      expect(
        during.sum('opsctl_nas_probe_errors_total', { mountpoint: m.target, errno: 'timeout' }),
      ).toBeGreaterThan(0);
    }
    for (let i = 0; i < 10; i++) expect((await answers(url)).status).toBe(200);
    expect((await answers(url, '/healthz')).status).toBe(200);
    // One probe per mount while hung, however many intervals pass.
    await new Promise((r) => setTimeout(r, 2000));
    const still = await scrape(url);
    for (const m of hung) expect(value(still, 'opsctl_nas_probes_hung', { mountpoint: m.target })).toBe(1);
    for (const m of hung) m.resume();
    const after = await scrapeUntil(
      url,
      (s) =>
        allUp(s) && hung.every((m) => value(s, 'opsctl_nas_probes_hung', { mountpoint: m.target }) === 0)
          ? s
          : undefined,
      'recovery',
    );
    expect(after.sum('opsctl_nas_probes_hung')).toBe(0);
  });

  it('ENOTCONN when the FUSE daemon is killed', async () => {
    const nas = bindfs('killed');
    exporter = await startTestExporter(localRoot, {}, health([nas.target]));
    await scrapeUntil(
      exporter.url,
      (s) => (value(s, 'opsctl_nas_mount_up', { mountpoint: nas.target }) ? s : undefined),
      'up',
    );
    process.kill(nas.pid, 'SIGKILL');
    const m = await scrapeUntil(
      exporter.url,
      (s) =>
        s.sum('opsctl_nas_probe_errors_total', { mountpoint: nas.target, errno: 'ENOTCONN' }) > 0
          ? s
          : undefined,
      'ENOTCONN',
    );
    expect(value(m, 'opsctl_nas_mount_up', { mountpoint: nas.target })).toBe(0);
  });

  it('a read-only mount: ro in the options, readonly 1, EROFS from the write probe', async () => {
    const nas = bindfs('readonly', ['-o', 'ro']);
    exporter = await startTestExporter(localRoot, {}, health([nas.target], { writeProbe: true }));
    const mp = { mountpoint: nas.target };
    const m = await scrapeUntil(
      exporter.url,
      (s) =>
        s.sum('opsctl_nas_probe_errors_total', { ...mp, op: 'write', errno: 'EROFS' }) > 0 ? s : undefined,
      'EROFS',
    );
    expect(value(m, 'opsctl_nas_readonly', mp)).toBe(1);
    expect(
      m.samples('opsctl_nas_mount_info').find((s) => s.labels.mountpoint === nas.target)?.labels.options,
    ).toBe('ro');
  });

  it('a full tmpfs: no space available, ENOSPC from the write probe', async () => {
    const dir = join(base, 'small');
    mkdirSync(dir);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]).status).toBe(0);
    tmpfs.push(dir);
    fill(dir);
    exporter = await startTestExporter(localRoot, {}, health([dir], { writeProbe: true }));
    const mp = { mountpoint: dir };
    const m = await scrapeUntil(
      exporter.url,
      (s) =>
        s.sum('opsctl_nas_probe_errors_total', { ...mp, op: 'write', errno: 'ENOSPC' }) > 0 ? s : undefined,
      'ENOSPC',
    );
    expect(value(m, 'opsctl_nas_avail_bytes', mp)).toBe(0);
    expect(value(m, 'opsctl_nas_size_bytes', mp)).toBe(1024 * 1024);
    expect(value(m, 'opsctl_nas_mount_info', { ...mp, fstype: 'tmpfs' })).toBe(1);
  });
});

/** Writes until the file system is full. */
function fill(dir: string): void {
  try {
    writeFileSync(join(dir, 'filler'), Buffer.alloc(2 * 1024 * 1024));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
}
