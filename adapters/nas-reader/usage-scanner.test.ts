import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultNasLayout } from '../../core/nas/layout.js';
import { GuardedFs } from './guarded-fs.js';
import { NasUsageScanner, type UsageScanOptions } from './usage-scanner.js';

const POD = 'gateway-5d8f7c9b6-x2x7q';
const GONE = 'gateway-5d8f7c9b6-m4n6p';
const root = mkdtempSync(join(tmpdir(), 'opsctl-usage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function put(rel: string, bytes: number): void {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, Buffer.alloc(bytes));
}

put(`test/gateway/gc-${POD}-2026-11-22_00-16-05.log`, 100);
put(`test/gateway/gc-${GONE}-2026-11-21_10-00-00.log.0`, 40);
put(`test/gateway/dump-${GONE}-%t.hprof`, 1000);
put('test/gateway/application.yml', 3);
put(`test/gateway/logs/${POD}.log`, 7);
for (let i = 0; i < 30; i++) put(`test/gateway/logs/error/${GONE}.2026-11-${10 + (i % 10)}.${i}.log.gz`, 2);
put('test/gateway/tools/arthas/arthas-boot.jar', 50);
put('test/order/gc.log', 9);
put('uat/pay/tmp/x', 5);
mkdirSync(join(root, 'lost+found'));
symlinkSync(join(root, 'test', 'order'), join(root, 'test', 'gateway', 'link-to-order'));

const options = (over: Partial<UsageScanOptions> = {}): UsageScanOptions => ({
  nasRoot: root,
  namespaces: [],
  layout: defaultNasLayout,
  sliceBudgetMs: 60_000,
  sliceMaxCalls: 1_000_000,
  rescanMs: 0,
  batchSize: 8,
  ...over,
});

async function fullPass(scanner: NasUsageScanner): Promise<number> {
  for (let slices = 1; slices < 1000; slices++) if ((await scanner.slice()).passDone) return slices;
  throw new Error('no pass finished');
}

describe('NasUsageScanner', () => {
  it('sums usage by kind per service, over many small slices, not following symbolic links', async () => {
    const scanner = new NasUsageScanner(
      new GuardedFs(10_000),
      options({ sliceMaxCalls: 3 }),
      () => undefined,
    );
    const slices = await fullPass(scanner);
    expect(slices).toBeGreaterThan(5);
    const totals = scanner.tree.totals();
    expect(totals.map((t) => `${t.namespace}/${t.service}`)).toEqual([
      'test/gateway',
      'test/order',
      'uat/pay',
    ]);
    expect(totals[0]).toMatchObject({
      bytes: { gc: 140, dump: 1000, log: 7, archive: 60, tools: 50, other: 3 },
      files: 36,
      reclaimableBytes: undefined,
    });
    expect(totals[2]!.bytes.other).toBe(5);
    expect(scanner.lastPass).toMatchObject({ files: 38, errors: 0 });
  });

  it('reports a service only once it was read completely', async () => {
    const scanner = new NasUsageScanner(
      new GuardedFs(10_000),
      options({ sliceMaxCalls: 2 }),
      () => undefined,
    );
    await scanner.slice();
    await scanner.slice();
    expect(scanner.tree.totals()).toEqual([]);
  });

  it('computes reclaimable bytes where the live pods are known, and only there', async () => {
    const live = new Map([['test', new Set([POD])]]);
    const scanner = new NasUsageScanner(new GuardedFs(10_000), options(), (ns) => live.get(ns));
    await fullPass(scanner);
    const byService = new Map(scanner.tree.totals().map((t) => [`${t.namespace}/${t.service}`, t]));
    expect(byService.get('test/gateway')!.reclaimableBytes).toBe(40 + 1000 + 60);
    expect(byService.get('test/order')!.reclaimableBytes).toBe(0);
    expect(byService.get('uat/pay')!.reclaimableBytes).toBeUndefined();
  });

  it('waits for the rescan interval, then sees removed files and folders', async () => {
    let now = 1_000_000;
    const scanner = new NasUsageScanner(
      new GuardedFs(10_000),
      options({ namespaces: ['uat'], rescanMs: 60_000 }),
      () => undefined,
      () => now,
    );
    await fullPass(scanner);
    expect(scanner.tree.totals()).toHaveLength(1);
    expect((await scanner.slice()).skipped).toBe('waiting');
    rmSync(join(root, 'uat', 'pay', 'tmp'), { recursive: true });
    now += 60_000;
    await fullPass(scanner);
    expect(scanner.tree.totals()[0]).toMatchObject({ service: 'pay', files: 0 });
    expect(scanner.tree.folderCount()).toBe(1);
  });
});
