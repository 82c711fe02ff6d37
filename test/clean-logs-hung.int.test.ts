/**
 * opsctl clean-logs with a hung NAS: one service folder is a bindfs FUSE mount stopped with
 * SIGSTOP. That service aborts with E_NAS_HUNG after the deadline (its NAS child is killed) and
 * the services before and after it are cleaned; the run exits 69.
 */
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { recordingIo } from '../cli/test-io.js';
import { startKubeSim, type KubeSim } from '../sim/k8s/index.js';
import { mountBindfs, type BindfsMount } from './support/bindfs.js';
import { requireTool } from './support/tools.js';

const OLD = (Date.now() - 2 * 86_400_000) / 1000;
const FILES = ['gc-gone-1-2026-11-20_01-02-03.log', 'logs/gone-1.log', 'logs/error/e.log', 'application.yml'];

function writeTree(base: string): void {
  for (const rel of FILES) {
    const path = join(base, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, rel);
    utimesSync(path, OLD, OLD);
  }
}

describe.runIf(requireTool('bindfs'))('clean-logs with a hung FUSE mount', () => {
  let sim: KubeSim;
  let work: string;
  let mount: BindfsMount | undefined;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'clean-logs-hung-'));
    sim = await startKubeSim({ scenario: { user: 'ops', namespaces: ['test'], pods: [] } });
  });

  afterAll(async () => {
    mount?.unmount();
    await sim?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('aborts the hung service with a clear error and cleans the others (exit 69)', async () => {
    const root = join(work, 'nas');
    for (const service of ['gateway', 'order', 'zeta']) writeTree(join(root, 'test', service));
    writeTree(join(work, 'pay-source'));
    mount = mountBindfs(join(work, 'pay-source'), join(root, 'test', 'pay'));
    const kubeconfig = join(work, 'kubeconfig');
    writeFileSync(kubeconfig, sim.kubeconfig({ namespace: 'test' }));
    mount.hang();
    const io = recordingIo({ OPSCTL_CLEAN_LOGS_TIMEOUT_SECONDS: '1' });
    const args = ['clean-logs', 'test', '--kubeconfig', kubeconfig, '--nas-root', root, '--yes'];
    const code = await main([...args, '--audit-log', '', '--concurrency', '1', '-o', 'json'], io);
    mount.resume();
    expect(code).toBe(69);
    const body = JSON.parse(io.out()) as {
      services: { service: string; error?: { code: string }; deletedFiles: number }[];
    };
    const byService = Object.fromEntries(body.services.map((s) => [s.service, s]));
    expect(byService.pay?.error?.code).toBe('E_NAS_HUNG');
    for (const service of ['gateway', 'order', 'zeta']) {
      expect(byService[service]?.error).toBeUndefined();
      expect(readdirSync(join(root, 'test', service)).sort()).toEqual(['application.yml', 'logs']);
      expect(readdirSync(join(root, 'test', service, 'logs')).sort()).toEqual(['error']);
    }
    expect(readdirSync(join(root, 'test', 'pay')).sort()).toEqual([
      'application.yml',
      'gc-gone-1-2026-11-20_01-02-03.log',
      'logs',
    ]);
  }, 60_000);
});
