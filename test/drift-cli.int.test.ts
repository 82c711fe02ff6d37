/**
 * `opsctl drift` against the Kubernetes and Nacos simulators over the wire: the table and the
 * JSON, filters, exit codes (0 no drift, 1 drift, 69 a source unreachable, 78 configuration), and
 * the Nacos password from the environment or a mounted file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { recordingIo } from '../cli/test-io.js';
import type { DriftJson } from '../core/drift/render.js';
import { startKubeSim, type KubeSim } from '../sim/k8s/index.js';
import { startNacosSim, type NacosSim } from '../sim/nacos/index.js';

const USERS = [{ username: 'nacos', password: 's3cret-pw' }];

let kube: KubeSim;
let nacos: NacosSim;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsctl-drift-cli-'));
  kube = await startKubeSim({
    scenario: {
      namespaces: ['test', 'uat'],
      nodes: [{ name: 'node-1', podCIDR: '10.244.1.0/24', internalIP: '192.168.10.11' }],
      workloads: [
        {
          name: 'orders',
          namespace: 'test',
          replicas: 2,
          image: 'shop/orders:1',
          ports: [8080],
          labels: { app: 'orders' },
          pods: [{ ip: '10.244.1.10' }, { ip: '10.244.1.11' }],
        },
        {
          name: 'orders',
          namespace: 'uat',
          replicas: 1,
          image: 'shop/orders:1',
          ports: [8080],
          labels: { app: 'orders' },
          pods: [{ ip: '10.244.1.20' }],
        },
      ],
    },
  });
  nacos = await startNacosSim({
    version: '3.1',
    auth: { users: USERS },
    scenario: {
      namespaces: [{ id: 'test' }, { id: 'uat' }],
      services: [
        {
          name: 'orders',
          namespace: 'test',
          instances: [
            { ip: '10.244.1.10', port: 8080 },
            { ip: '10.244.1.11', port: 8080, enabled: false },
            { ip: '10.244.1.99', port: 8080, ephemeral: false, healthy: false },
          ],
        },
        { name: 'orders', namespace: 'uat', instances: [{ ip: '10.244.1.20', port: 8080 }] },
      ],
    },
  });
  kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, kube.kubeconfig(), { mode: 0o600 });
});

afterAll(async () => {
  await nacos?.close();
  await kube?.close();
  await rm(dir, { recursive: true, force: true });
});

async function drift(args: string[], env: Record<string, string> = {}) {
  const io = recordingIo({
    XDG_CONFIG_HOME: dir,
    HOME: dir,
    OPSCTL_NACOS_USERNAME: 'nacos',
    OPSCTL_NACOS_PASSWORD: USERS[0]!.password,
    ...env,
  });
  const code = await main(['drift', '--kubeconfig', kubeconfig, '--nacos', nacos.serverAddr, ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('opsctl drift', () => {
  it('prints the drift per service and exits 1', async () => {
    const r = await drift([]);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toMatch(/^Nacos http:\/\/127\.0\.0\.1:\d+\/nacos \(3\.x, v3-admin\) vs Kubernetes context/);
    expect(r.out).toContain('test / DEFAULT_GROUP@@orders');
    expect(r.out).toMatch(/ready_disabled +disabled +10\.244\.1\.11:8080 +orders-[a-z0-9]+-[a-z0-9]+ +test /);
    expect(r.out).toMatch(
      /stale +persistent +10\.244\.1\.99:8080 +- +- +- +persistent instances never expire/,
    );
    expect(r.out.trim().split('\n').at(-1)).toBe('2 drifting in 1 service(s) (4 instances, 3 pods compared)');
    expect(r.err).toContain('registry drift: 2 finding(s) in 1 service(s)');
    expect(r.out + r.err).not.toContain(USERS[0]!.password);
  });

  it('prints JSON, narrowed to a Kubernetes namespace and a service', async () => {
    const all = await drift(['-o', 'json']);
    const json = JSON.parse(all.out) as DriftJson;
    expect(json.services[0]!.findings.map((f) => `${f.kind}/${f.reason}`).sort()).toEqual([
      'ready_disabled/disabled',
      'stale/persistent',
    ]);
    expect(json.sources.nacos).toMatchObject({ generation: 3, api: 'v3-admin', namespaces: 3 });
    const uat = await drift(['-n', 'uat']);
    expect(uat.code, uat.err).toBe(0);
    expect(uat.out.trim().split('\n').at(-1)).toMatch(/^no drift: /);
    const other = await drift(['--service', 'billing', '-o', 'json']);
    expect(other.code).toBe(0);
    expect((JSON.parse(other.out) as DriftJson).summary.findings).toBe(0);
  });

  it('reads the password from a mounted file', async () => {
    const file = join(dir, 'nacos-password');
    await writeFile(file, `${USERS[0]!.password}\n`, { mode: 0o600 });
    const r = await drift(['--service', 'orders', '-n', 'uat'], {
      OPSCTL_NACOS_PASSWORD: '',
      OPSCTL_NACOS_PASSWORD_FILE: file,
    });
    expect(r.code, r.err).toBe(0);
  });

  it('exits 78 for a refused login or no Nacos address, 69 when a source is unreachable', async () => {
    const denied = await drift([], { OPSCTL_NACOS_PASSWORD: 'wrong' });
    expect(denied.code, denied.err).toBe(78);
    expect(denied.err).not.toContain('wrong');
    const io = recordingIo({ XDG_CONFIG_HOME: dir, HOME: dir });
    expect(await main(['drift', '--kubeconfig', kubeconfig], io)).toBe(78);
    expect(io.err()).toContain('no Nacos address');
    const noNacos = await drift(['--nacos', '127.0.0.1:1', '--timeout', '5']);
    expect(noNacos.code, noNacos.err).toBe(69);
    const deadKube = join(dir, 'dead-kubeconfig');
    await writeFile(deadKube, kube.kubeconfig().replace(/127\.0\.0\.1:\d+/, '127.0.0.1:1'), { mode: 0o600 });
    const noKube = await drift(['--kubeconfig', deadKube, '--timeout', '5']);
    expect(noKube.code, noKube.err).toBe(69);
  });
});
