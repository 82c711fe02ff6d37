/**
 * The NAS usage scan over a generated tree of 1,000,000 files (2 namespaces x 50 services, each
 * laid out as the clusters have it: GC logs with archives, heap dumps, application logs, archive
 * folders with many rotated logs, tools) at the default budget: time to full coverage, CPU per
 * slice, RSS. The scanner runs in this process exactly as in the NAS reader child.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../core/config/schema.js';
import { GuardedFs } from '../adapters/nas-reader/guarded-fs.js';
import { NasUsageScanner } from '../adapters/nas-reader/usage-scanner.js';
import { percentile } from './proc-stats.js';
import type { BenchReport } from './types.js';

const NAMESPACES = ['prod', 'uat'];
const SERVICES_PER_NAMESPACE = 50;
const FILES_PER_SERVICE = 10_000;
const PODS = 10;

/** The file names of one service folder, 10,000 in all, relative to the folder. */
export function serviceFiles(service: string): { dirs: string[]; files: string[] } {
  const pods = Array.from({ length: PODS }, (_, i) => `${service}-7c6b8d5f4-p${String(i).padStart(4, '0')}`);
  const files: string[] = ['application.yml', 'application-prod.yml'];
  for (const pod of pods) {
    files.push(
      `gc-${pod}-2026-11-22_00-00-00.log`,
      `dump-${pod}-%t.hprof`,
      `logs/${pod}.log`,
      `logs/${pod}-error.log`,
    );
    for (let n = 0; n < 9; n++) files.push(`gc-${pod}-2026-11-22_00-00-00.log.${n}`);
  }
  for (let i = 0; i < 48; i++) files.push(`tools/arthas/lib/file-${i}.jar`);
  const archives = ['error', 'info', 'warn'];
  for (let i = 0; files.length < FILES_PER_SERVICE; i++) {
    const pod = pods[i % PODS]!;
    files.push(`logs/${archives[i % 3]!}/${pod}.2026-${String(1 + (i % 12)).padStart(2, '0')}-${i}.log.gz`);
  }
  const dirs = [
    'logs',
    'logs/error',
    'logs/info',
    'logs/warn',
    'tools',
    'tools/arthas',
    'tools/arthas/lib',
    'tmp',
  ];
  return { dirs, files };
}

/** Empty files, created synchronously: no thread pool round trip per file, a few seconds per 100k. */
function generate(root: string): number {
  let count = 0;
  for (const ns of NAMESPACES) {
    for (let s = 0; s < SERVICES_PER_NAMESPACE; s++) {
      const service = `service-${String(s).padStart(2, '0')}`;
      const dir = join(root, ns, service);
      const { dirs, files } = serviceFiles(service);
      for (const d of ['', ...dirs]) mkdirSync(join(dir, d), { recursive: true });
      for (const f of files) closeSync(openSync(join(dir, f), 'w'));
      count += files.length;
    }
  }
  return count;
}

export async function benchNasScan(): Promise<BenchReport> {
  const root = mkdtempSync(join(tmpdir(), 'opsctl-bench-nasscan-'));
  try {
    const genStart = performance.now();
    const files = generate(root);
    const generateSeconds = (performance.now() - genStart) / 1000;
    const health = defaultConfig.nas.health;
    const scanner = new NasUsageScanner(
      new GuardedFs(defaultConfig.nas.readTimeoutSeconds * 1000),
      {
        nasRoot: root,
        namespaces: [],
        layout: defaultConfig.nas.layout,
        sliceBudgetMs: health.usageSliceBudgetMs,
        sliceMaxCalls: health.usageSliceMaxCalls,
        rescanMs: health.usageRescanSeconds * 1000,
      },
      () => undefined,
    );
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const cpuPerSlice: number[] = [];
    const wallPerSlice: number[] = [];
    const started = performance.now();
    let scanned = 0;
    for (;;) {
      const cpu0 = process.cpuUsage();
      const wall0 = performance.now();
      const stats = await scanner.slice();
      const cpu = process.cpuUsage(cpu0);
      cpuPerSlice.push((cpu.user + cpu.system) / 1000);
      wallPerSlice.push(performance.now() - wall0);
      scanned += stats.files;
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      if (stats.passDone) break;
      await new Promise((r) => setTimeout(r, health.usageSliceSeconds * 1000 - (performance.now() - wall0)));
    }
    const coverageSeconds = (performance.now() - started) / 1000;
    const totals = scanner.tree.totals();
    return {
      name: 'NAS usage scan, 1,000,000 files (2 namespaces x 50 services), default budget',
      figures: {
        'files generated': files,
        'generate s': round(generateSeconds),
        'files scanned': scanned,
        'services reported': totals.length,
        'slices to full coverage': cpuPerSlice.length,
        'time to full coverage s': round(coverageSeconds),
        'slice wall ms p50 / max': `${round(percentile(wallPerSlice, 50))} / ${round(Math.max(...wallPerSlice))}`,
        'CPU per slice ms p50 / max': `${round(percentile(cpuPerSlice, 50))} / ${round(Math.max(...cpuPerSlice))}`,
        'CPU total s': round(cpuPerSlice.reduce((a, b) => a + b, 0) / 1000),
        'RSS before MB': mb(rssBefore),
        'RSS peak MB': mb(rssPeak),
        'folders held': scanner.tree.folderCount(),
      },
      targets: { 'RSS peak MB': '< 200', 'files scanned': `= ${files}` },
      notes: [
        `budget: a slice every ${health.usageSliceSeconds}s of at most ${health.usageSliceBudgetMs} ms and ${health.usageSliceMaxCalls} calls`,
        'CPU per slice is this process (main thread and the libuv threads doing lstat)',
        'RSS is the whole bench process (Node baseline included); the tree holds per-folder totals, not files',
      ],
    };
  } finally {
    spawnSync('rm', ['-rf', root]);
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
const mb = (bytes: number) => Math.round(bytes / 1048576);
