/**
 * `opsctl sim` as a real process: it prints one JSON line once the simulators listen, the real
 * kubectl works with the kubeconfig it wrote, the Nacos simulator answers, SIGTERM stops it with
 * exit 0, and a broken scenario fails with every problem by path (exit 78).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimReadyLine } from '../cli/commands/sim.js';
import { findKubectl } from './support/kubectl.js';

const ROOT = join(import.meta.dirname, '..');
let dir: string;

/** Starts `opsctl sim` from the sources (tsx), as `npm start` users run the built one. */
function opsctl(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'bin.ts'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function readyLine(child: ChildProcess, timeoutMs = 60_000): Promise<SimReadyLine> {
  return new Promise((resolve, reject) => {
    const stderr: string[] = [];
    child.stderr?.on('data', (c: Buffer) => stderr.push(c.toString()));
    const timer = setTimeout(() => reject(new Error(`no ready line; stderr: ${stderr.join('')}`)), timeoutMs);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as SimReadyLine);
    });
    child.once('exit', (code) => reject(new Error(`opsctl sim exited ${String(code)}: ${stderr.join('')}`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('opsctl sim', () => {
  it('serves the demo world to the real kubectl and stops cleanly on SIGTERM', async () => {
    const kubeconfig = join(dir, 'out', 'kubeconfig');
    const child = opsctl(['sim', '--kubeconfig-out', kubeconfig]);
    try {
      const ready = await readyLine(child);
      expect(ready.kubeconfig).toBe(kubeconfig);
      expect(ready.kubernetes).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(ready.nacos).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(existsSync(kubeconfig)).toBe(true);

      const kubectl = findKubectl('1.33');
      const binary = 'path' in kubectl ? kubectl.path : 'kubectl';
      const args = ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), 'get', 'pods', '-A'];
      const got = spawnSync(binary, args, { encoding: 'utf8', timeout: 30_000 });
      expect(got.status, got.stderr).toBe(0);
      const rows = got.stdout.trim().split('\n');
      expect(rows[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS/);
      expect(rows.filter((r) => /^test\s+gateway-/.test(r))).toHaveLength(2);
      expect(rows.filter((r) => /^uat\s+order-service-/.test(r))).toHaveLength(2);

      const nacos = await fetch(
        `${ready.nacos ?? ''}/nacos/v1/ns/instance/list?serviceName=gateway&namespaceId=test`,
      );
      const instances = (await nacos.json()) as { hosts: { ip: string }[] };
      expect(instances.hosts.map((h) => h.ip).sort()).toEqual(['10.244.1.10', '10.244.2.10']);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exitOf(child)).toBe(0);
    // The kubeconfig the user asked for stays.
    expect(existsSync(kubeconfig)).toBe(true);
  });

  it('removes its temporary kubeconfig on SIGINT, and starts without Nacos when asked', async () => {
    const child = opsctl(['sim', '--no-nacos', '--no-exec']);
    const ready = await readyLine(child);
    expect(ready.nacos).toBeNull();
    expect(existsSync(ready.kubeconfig)).toBe(true);
    child.kill('SIGINT');
    expect(await exitOf(child)).toBe(0);
    expect(existsSync(ready.kubeconfig)).toBe(false);
  });

  it('rejects a broken scenario with every problem by path (exit 78)', async () => {
    const scenario = join(dir, 'broken.yaml');
    await writeFile(
      scenario,
      [
        'kubernetes:',
        '  workloads:',
        '    - { name: Bad_Name, replicas: -1, image: x }',
        'nacos:',
        '  services:',
        '    - { name: gateway, instances: [{ ip: 10.0.0.1, port: 99999 }] }',
      ].join('\n'),
    );
    const child = opsctl(['sim', '--scenario', scenario]);
    const stderr: string[] = [];
    child.stderr?.on('data', (c: Buffer) => stderr.push(c.toString()));
    expect(await exitOf(child)).toBe(78);
    const text = stderr.join('');
    expect(text).toContain('kubernetes.workloads[0].name');
    expect(text).toContain('kubernetes.workloads[0].replicas');
    expect(text).toContain('nacos.services[0].instances[0].port');
  });
});
