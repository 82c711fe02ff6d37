/**
 * opsctl clean-logs end to end: generated NAS trees with the edge cases, pods served by the
 * Kubernetes simulator and changed with the real kubectl; the exact sets of deleted and kept
 * paths, the audit log, and the failures (API unreachable, 403 on list pods, no --yes).
 */
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { recordingIo } from '../cli/test-io.js';
import { startKubeSim, type KubeSim } from '../sim/k8s/index.js';
import { Kubectl, kubectlForSuite } from './support/kubectl.js';

const OLD = (Date.now() - 2 * 86_400_000) / 1000;
const T = '2026-11-20_01-02-03';

/** Files of one service folder; each is written two days old unless listed in `fresh`. */
function serviceTree(live: string, gone: string): string[] {
  return [
    `gc-${live}-${T}.log`,
    `gc-${live}-${T}.log.0`,
    `gc-${gone}-${T}.log`,
    `gc-${gone}-${T}.log.1`,
    `dump-${live}-%t.hprof`,
    `dump-${gone}-%t.hprof`,
    `dump-${gone}-%t.hprof.1`,
    'java_pid1.hprof',
    'gc.log',
    'catalogs.log',
    'profile-x.log',
    `${live}.out`,
    'application.yml',
    'application-prod.yml',
    'tmp/cache.bin',
    'tools/arthas/arthas-boot.jar',
    `logs/${live}.log`,
    `logs/${live}-error.log`,
    `logs/${gone}.log`,
    'logs/catalogs.log',
    'logs/error/old-error.log.gz',
    `logs/info/${live}-info.log.1`,
    'logs/warn/2026-11/w.log',
    'backup/old.tar',
    `logs/pay 服务-gone 1.log`,
  ];
}

interface World {
  root: string;
  outside: string;
}

function writeTree(base: string, files: readonly string[]): void {
  for (const rel of files) {
    const path = join(base, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `content of ${rel}\n`);
    utimesSync(path, OLD, OLD);
  }
}

/** Every path under `dir` (files, folders, links), relative, sorted. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel === '' ? name : `${rel}/${name}`;
      out.push(r);
      const s = lstatSync(join(dir, r));
      if (s.isDirectory() && !s.isSymbolicLink()) walk(r);
    }
  };
  walk('');
  return out.sort();
}

let sim: KubeSim;
let work: string;
let kubeconfig: string;
let kubectl: Kubectl | undefined;
const suite = kubectlForSuite('1.33');

async function run(args: string[], env: Record<string, string> = {}) {
  const io = recordingIo({ OPSCTL_CLEAN_LOGS_SERVICE_LABEL: 'app', ...env });
  const code = await main(['clean-logs', '--kubeconfig', kubeconfig, ...args], io);
  return { code, out: io.out(), err: io.err() };
}

function setupWorld(name: string): World {
  const root = join(work, name, 'nas');
  const outside = join(work, name, 'outside');
  writeTree(outside, ['secret.log', 'gc.log']);
  writeTree(join(root, 'test/gateway'), serviceTree('gateway-7c9d-x2x7q', 'gateway-7c9d-aaaaa'));
  writeTree(join(root, 'test/gateway'), ['logs/gateway-7c9d-x2x7.log']);
  writeTree(join(root, 'test/order'), serviceTree('order-1', 'order-2'));
  writeTree(join(root, 'uat/gateway'), serviceTree('gateway-u1', 'gateway-u0'));
  symlinkSync(outside, join(root, 'test/gateway/escape'));
  symlinkSync(outside, join(root, 'test/gateway/logs/error/escape'));
  writeTree(join(root, 'test/gateway'), ['fresh-gc.log']);
  const fresh = join(root, 'test/gateway/fresh-gc.log');
  utimesSync(fresh, new Date(), new Date());
  return { root, outside };
}

/** What must be deleted from one service folder built by serviceTree. */
function expectedDeleted(live: string, gone: string): string[] {
  return [
    `gc-${gone}-${T}.log`,
    `gc-${gone}-${T}.log.1`,
    `dump-${gone}-%t.hprof`,
    `dump-${gone}-%t.hprof.1`,
    'java_pid1.hprof',
    'gc.log',
    'catalogs.log',
    'profile-x.log',
    'tools',
    'tools/arthas',
    'tools/arthas/arthas-boot.jar',
    `logs/${gone}.log`,
    'logs/catalogs.log',
    'logs/error/old-error.log.gz',
    `logs/info/${live}-info.log.1`,
    'logs/warn/2026-11',
    'logs/warn/2026-11/w.log',
    'backup',
    'backup/old.tar',
    `logs/pay 服务-gone 1.log`,
  ];
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'clean-logs-'));
  sim = await startKubeSim({
    scenario: {
      user: 'ops',
      namespaces: ['test', 'uat', 'secret'],
      pods: [
        { name: 'gateway-7c9d-x2x7q', namespace: 'test', image: 'gw:1', labels: { app: 'gateway' } },
        { name: 'gateway-7c9d-x2x7', namespace: 'test', image: 'gw:1', labels: { app: 'gateway' } },
        { name: 'order-1', namespace: 'test', image: 'order:1', labels: { app: 'order' } },
        { name: 'gateway-u1', namespace: 'uat', image: 'gw:1', labels: { app: 'gateway' } },
      ],
    },
  });
  kubeconfig = join(work, 'kubeconfig');
  writeFileSync(kubeconfig, sim.kubeconfig({ namespace: 'test', name: 'sim' }));
  if (suite.path !== undefined)
    kubectl = await Kubectl.create(suite.path, sim.kubeconfig({ namespace: 'test' }));
});

afterAll(async () => {
  await sim?.close();
  await rm(work, { recursive: true, force: true });
});

describe('opsctl clean-logs against the simulator', () => {
  it('dry run prints the plan and deletes nothing', async () => {
    const world = setupWorld('dry');
    const before = tree(world.root);
    const result = await run(['test', 'uat', '--nas-root', world.root, '--dry-run', '-o', 'json']);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.out) as { dryRun: boolean; totals: { files: number } };
    expect(body.dryRun).toBe(true);
    expect(body.totals.files).toBeGreaterThan(0);
    expect(tree(world.root)).toEqual(before);
  });

  it('deletes exactly the files of gone pods, archives, tools and unknown root entries', async () => {
    const world = setupWorld('full');
    const audit = join(work, 'full', 'audit.jsonl');
    const before = tree(world.root);
    const result = await run(['test', 'uat', '--nas-root', world.root, '--yes', '--audit-log', audit]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const after = new Set(tree(world.root));
    const deleted = before.filter((p) => !after.has(p));
    const expected = [
      ...expectedDeleted('gateway-7c9d-x2x7q', 'gateway-7c9d-aaaaa').map((p) => `test/gateway/${p}`),
      ...expectedDeleted('order-1', 'order-2').map((p) => `test/order/${p}`),
      ...expectedDeleted('gateway-u1', 'gateway-u0').map((p) => `uat/gateway/${p}`),
    ];
    expect(deleted.sort()).toEqual(expected.sort());
    // The outside folder behind the links is intact; the links, live files and protected ones stay.
    expect(tree(world.outside)).toEqual(['gc.log', 'secret.log']);
    for (const kept of [
      'escape',
      'logs/error/escape',
      'fresh-gc.log',
      'logs/gateway-7c9d-x2x7.log',
      'tmp/cache.bin',
      'application.yml',
      'gateway-7c9d-x2x7q.out',
    ])
      expect(after.has(`test/gateway/${kept}`)).toBe(true);
    const records = readFileSync(audit, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { path: string; namespace: string; size: number });
    expect(records.map((r) => r.path.slice(world.root.length + 1)).sort()).toEqual(expected.sort());
    expect(
      records.every((r) => typeof r.size === 'number' && (r.namespace === 'test' || r.namespace === 'uat')),
    ).toBe(true);
  });

  it.runIf(suite.path !== undefined)('follows pod changes made with the real kubectl', async () => {
    const world = setupWorld('kubectl');
    const file = 'test/gateway/logs/gateway-7c9d-x2x7.log';
    await run(['test', '--nas-root', world.root, '--yes', '--audit-log', '']);
    expect(tree(world.root)).toContain(file);
    const deleted = await kubectl!.run([
      'delete',
      'pod',
      'gateway-7c9d-x2x7',
      '-n',
      'test',
      '--grace-period=0',
      '--force',
    ]);
    expect(deleted.code).toBe(0);
    await expect
      .poll(async () => (await kubectl!.run(['get', 'pods', '-n', 'test', '-o', 'name'])).stdout)
      .not.toContain('pod/gateway-7c9d-x2x7\n');
    const dry = await run(['test', '--nas-root', world.root, '--dry-run']);
    expect(dry.out).toContain(`delete ${world.root}/${file} (gone_pod`);
    await run(['test', '--nas-root', world.root, '--yes', '--audit-log', '']);
    expect(tree(world.root)).not.toContain(file);
    expect(tree(world.root)).toContain('test/gateway/logs/gateway-7c9d-x2x7q.log');
  });

  it('leaves a namespace whose pods cannot be listed (403) untouched and cleans the others (exit 69)', async () => {
    const world = setupWorld('denied');
    const lift = sim.store.deny({ verbs: ['list'], resources: ['pods'], namespaces: ['uat'] });
    try {
      const before = tree(join(world.root, 'uat'));
      const result = await run([
        'test',
        'uat',
        '--nas-root',
        world.root,
        '--yes',
        '--audit-log',
        '',
        '-o',
        'json',
      ]);
      expect(result.code).toBe(69);
      expect(tree(join(world.root, 'uat'))).toEqual(before);
      expect(tree(world.root)).not.toContain('test/gateway/gc.log');
      const body = JSON.parse(result.out) as { namespaceFailures: { namespace: string; code: string }[] };
      expect(body.namespaceFailures.map((f) => f.namespace)).toEqual(['uat']);
    } finally {
      lift();
    }
  });

  it('deletes nothing when the API server is unreachable (exit 69)', async () => {
    const world = setupWorld('unreachable');
    const dead = join(work, 'dead-kubeconfig');
    writeFileSync(
      dead,
      sim.kubeconfig({ namespace: 'test' }).replace(/https:\/\/127\.0\.0\.1:\d+/, 'https://127.0.0.1:1'),
    );
    const before = tree(world.root);
    const io = recordingIo({});
    const code = await main(
      ['clean-logs', 'test', 'uat', '--kubeconfig', dead, '--nas-root', world.root, '--yes'],
      io,
    );
    expect(code).toBe(69);
    expect(tree(world.root)).toEqual(before);
  });

  it('refuses to delete without --yes off a terminal, and bad service names (exit 2)', async () => {
    const world = setupWorld('usage');
    const before = tree(world.root);
    expect((await run(['test', '--nas-root', world.root])).code).toBe(2);
    expect((await run(['test', '--nas-root', world.root, '--yes', '--service', '../uat'])).code).toBe(2);
    expect((await run(['test', '--nas-root', world.root, '--yes', '--service', 'a/b'])).code).toBe(2);
    expect((await run(['test', '--nas-root', world.root, '--dry-run', '--min-age', 'soon'])).code).toBe(2);
    expect(tree(world.root)).toEqual(before);
  });

  it('cleans only the named service and keeps the newest dump with --keep-dumps', async () => {
    const world = setupWorld('service');
    const result = await run([
      'test',
      '--service',
      'order',
      '--nas-root',
      world.root,
      '--yes',
      '--keep-dumps',
      '1',
      '--audit-log',
      '',
    ]);
    expect(result.code).toBe(0);
    const after = tree(world.root);
    expect(after).toContain('test/gateway/gc.log');
    expect(after).not.toContain('test/order/gc.log');
    expect(after.filter((p) => p.startsWith('test/order/dump-order-2'))).toHaveLength(1);
  });
  it('cleans on a cron schedule, logs each run and stops on SIGTERM', async () => {
    const world = setupWorld('schedule');
    const io = recordingIo({ OPSCTL_CLEAN_LOGS_SERVICE_LABEL: 'app' });
    const args = ['clean-logs', 'test', '--kubeconfig', kubeconfig, '--nas-root', world.root];
    const running = main([...args, '--yes', '--audit-log', '', '--schedule', '* * * * * *'], io);
    await expect.poll(() => io.err(), { timeout: 15_000 }).toContain('clean-logs run finished');
    io.shutdown();
    expect(await running).toBe(0);
    expect(tree(world.root)).not.toContain('test/gateway/gc.log');
    expect(tree(world.root)).toContain('test/gateway/application.yml');
    const bad = recordingIo({});
    expect(await main([...args, '--yes', '--schedule', 'every night'], bad)).toBe(2);
    expect(await main([...args, '--schedule', '0 3 * * *'], recordingIo({}))).toBe(2);
  });
});
