/**
 * The exporter at steady state with 500 pods' GC logs being appended (50 services x 10 pods, one
 * young collection per pod per second, as `-Xlog:gc*` writes it): CPU of the exporter process
 * tree and `/metrics` latency while it works. Runs the built CLI as a separate process.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePath } from '../adapters/package-root.js';
import { cpuSeconds, percentile, processTree, rssBytes } from './proc-stats.js';
import type { BenchReport } from './types.js';

const SERVICES = 50;
const PODS_PER_SERVICE = 10;
const CPU_WINDOW_SECONDS = 45;
const LATENCY_REQUESTS = 1000;
const FIXTURE = packagePath(
  'test',
  'fixtures',
  'gclogs',
  'jvm17',
  'demo',
  'gateway',
  'gc-gateway-5d8f7c9b6-x2x7q-2026-11-22_00-16-05.log',
);

/** The header and one whole young collection (start line to summary) of a real G1 log. */
function templates(): { header: string; event: string[] } {
  const lines = readFileSync(FIXTURE, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.includes('][gc,start') && l.includes('GC(0)'));
  const end = lines.findIndex((l) => /\]\[gc *\] GC\(0\) Pause Young/.test(l));
  return { header: lines.slice(0, start).join('\n') + '\n', event: lines.slice(start, end + 1) };
}

export async function benchExporterSteady(): Promise<BenchReport> {
  const root = mkdtempSync(join(tmpdir(), 'opsctl-bench-steady-'));
  const { header, event } = templates();
  const files: string[] = [];
  for (let s = 0; s < SERVICES; s++) {
    const dir = join(root, 'bench', `service-${s}`);
    mkdirSync(dir, { recursive: true });
    for (let p = 0; p < PODS_PER_SERVICE; p++) {
      const file = join(
        dir,
        `gc-service-${s}-7c6b8d5f4-pod${String(p).padStart(2, '0')}-2026-11-22_00-00-00.log`,
      );
      writeFileSync(file, header);
      files.push(file);
    }
  }
  const port = 19779;
  const exporter = spawn(
    process.execPath,
    [
      packagePath('dist', 'cli', 'bin.js'),
      'exporter',
      '--nas-root',
      root,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--scan-interval',
      '5',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, OPSCTL_LOG_LEVEL: 'warn' } },
  );
  const url = `http://127.0.0.1:${port}/metrics`;
  try {
    await waitReady(`http://127.0.0.1:${port}/readyz`);
    let gcId = 1;
    let uptime = 1;
    const appendAll = () => {
      const id = gcId++;
      uptime += 1;
      const block =
        event
          .map((l) => l.replace(/GC\(0\)/, `GC(${id})`).replace(/\]\[[\d.]+s\]/, `][${uptime.toFixed(3)}s]`))
          .join('\n') + '\n';
      for (const f of files) appendFileSync(f, block);
    };
    appendAll();
    await new Promise((r) => setTimeout(r, 6000)); // one scan to reach steady state
    let nextAppend = Date.now() + 1000;
    const appendDue = () => {
      while (Date.now() >= nextAppend) {
        appendAll();
        nextAppend += 1000;
      }
    };
    // Phase 1, CPU: appends every second and a scrape every 15 s, as Prometheus would.
    const pids = processTree(exporter.pid!);
    const cpu0 = cpuSeconds(pids);
    const t0 = Date.now();
    let nextScrape = t0;
    while (Date.now() - t0 < CPU_WINDOW_SECONDS * 1000) {
      appendDue();
      if (Date.now() >= nextScrape) {
        await (await fetch(url)).text();
        nextScrape += 15_000;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const elapsed = (Date.now() - t0) / 1000;
    const allPids = processTree(exporter.pid!);
    const cpu = (cpuSeconds(allPids) - cpu0) / elapsed;
    // Phase 2, latency: sequential scrapes while the appends go on.
    const latencies: number[] = [];
    let series = 0;
    for (let i = 0; i < LATENCY_REQUESTS; i++) {
      appendDue();
      const started = performance.now();
      const text = await (await fetch(url)).text();
      latencies.push(performance.now() - started);
      series = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
      await new Promise((r) => setTimeout(r, 20));
    }
    const check = await (await fetch(url)).text();
    const counted = check
      .split('\n')
      .filter((l) => l.startsWith('opsctl_gclog_pause_seconds_count{'))
      .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    return {
      name: 'exporter steady state, 500 pods appending GC logs',
      figures: {
        pods: files.length,
        'CPU window s': Math.round(elapsed),
        'exporter CPU % of one core (parent + NAS reader)': Math.round(cpu * 1000) / 10,
        'exporter RSS MB': Math.round(rssBytes(allPids) / 1048576),
        '/metrics requests (sequential, whole body read)': latencies.length,
        '/metrics p50 ms': round(percentile(latencies, 50)),
        '/metrics p99 ms': round(percentile(latencies, 99)),
        '/metrics max ms': round(Math.max(...latencies)),
        'series in /metrics': series,
        'pauses counted': counted,
        'pauses written': files.length * (gcId - 1),
      },
      targets: { '/metrics p99 ms': '< 20' },
      notes: [
        'CPU is measured with one scrape every 15 s; latency with back-to-back scrapes afterwards',
        'pauses counted can trail pauses written by the last scan interval (5 s)',
      ],
    };
  } finally {
    exporter.kill('SIGTERM');
    await new Promise((r) => exporter.once('exit', r));
    rmSync(root, { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`exporter not ready at ${url}`);
}
