/**
 * `npm run bench [name...]`: runs the benchmarks (all, or those whose name contains an argument),
 * prints each report, and writes them to bench/out/results.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { packagePath } from '../adapters/package-root.js';
import { benchCleanLogs } from './clean-logs.js';
import { benchAlertRouter } from './alert-router.js';
import { benchDrift } from './drift.js';
import { benchExporterSteady } from './exporter-steady.js';
import { benchGclogParse } from './gclog-parse.js';
import { benchKubeSim } from './kube-sim.js';
import { benchNacosRegistry } from './nacos-registry.js';
import { benchNasHungMetrics } from './nas-hung-metrics.js';
import { benchNasScan } from './nas-scan.js';
import type { Bench, BenchReport } from './types.js';

const BENCHES: Record<string, Bench> = {
  'alert-router': benchAlertRouter,
  'gclog-parse': benchGclogParse,
  'exporter-steady': benchExporterSteady,
  'kube-sim': benchKubeSim,
  'nacos-registry': benchNacosRegistry,
  'nas-scan': benchNasScan,
  'nas-hung-metrics': benchNasHungMetrics,
  'clean-logs': benchCleanLogs,
  drift: benchDrift,
};

function printReport(report: BenchReport): void {
  console.log(`\n== ${report.name}`);
  const width = Math.max(...Object.keys(report.figures).map((k) => k.length));
  for (const [key, value] of Object.entries(report.figures)) {
    const target = report.targets?.[key];
    console.log(`  ${key.padEnd(width)}  ${String(value)}${target ? `   (target ${target})` : ''}`);
  }
  for (const note of report.notes ?? []) console.log(`  note: ${note}`);
}

const wanted = process.argv.slice(2);
const selected = Object.entries(BENCHES).filter(
  ([name]) => wanted.length === 0 || wanted.some((w) => name.includes(w)),
);
if (selected.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}. Available: ${Object.keys(BENCHES).join(', ')}`);
  process.exitCode = 2;
} else {
  const reports: BenchReport[] = [];
  for (const [name, bench] of selected) {
    console.log(`running ${name} ...`);
    const report = await bench();
    printReport(report);
    reports.push(report);
  }
  const dir = packagePath('bench', 'out');
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/results.json`, JSON.stringify(reports, null, 2) + '\n');
  console.log(`\nwritten: ${dir}/results.json`);
}
