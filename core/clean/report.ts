/**
 * What a clean-logs run did (or would do, on a dry run) per namespace/service, and its table.
 * Pure: the adapters fill these in, the CLI prints them.
 */
import type { CleanupPlan, KeepReason } from './types.js';

/** Counts of kept entries by reason. */
export type KeptCounts = Record<KeepReason, number>;

/** One service folder's result. */
export interface ServiceReport {
  readonly namespace: string;
  readonly service: string;
  /** Live pods mapped to this service (0 is called out: everything of it is cleaned). */
  readonly livePods: number;
  /** Files and folders deleted (planned, on a dry run). */
  readonly deletedFiles: number;
  readonly deletedBytes: number;
  readonly kept: KeptCounts;
  /** Entries that could not be deleted. */
  readonly failed: number;
  /** Why the service was aborted (hung NAS, unreadable folder). */
  readonly error?: { readonly code: string; readonly message: string };
}

/** A namespace whose pods could not be read: nothing in it was touched. */
export interface NamespaceFailure {
  readonly namespace: string;
  readonly code: string;
  readonly message: string;
}

/** The result of a run. */
export interface CleanReport {
  readonly dryRun: boolean;
  readonly services: readonly ServiceReport[];
  readonly namespaceFailures: readonly NamespaceFailure[];
}

/** Zero counts for every keep reason. */
export function emptyKept(): KeptCounts {
  return { live: 0, too_new: 0, not_old_enough: 0, protected: 0, kept_dump: 0, symlink: 0, not_empty: 0 };
}

/** Counts a plan's keeps by reason. */
export function countKept(plan: CleanupPlan): KeptCounts {
  const kept = emptyKept();
  for (const entry of plan.keeps) kept[entry.reason]++;
  return kept;
}

/** Totals over every service. */
export function totalsOf(report: CleanReport): { files: number; bytes: number; failed: number } {
  let files = 0;
  let bytes = 0;
  let failed = 0;
  for (const s of report.services) {
    files += s.deletedFiles;
    bytes += s.deletedBytes;
    failed += s.failed;
  }
  return { files, bytes, failed };
}

const HEADER = [
  'NAMESPACE',
  'SERVICE',
  'PODS',
  'DELETED',
  'BYTES',
  'LIVE',
  'TOO NEW',
  'PROTECTED',
  'OTHER KEPT',
  'ERRORS',
];

/** The summary table, with notes for services without live pods and for failures. */
export function renderCleanReport(report: CleanReport): string {
  const rows = report.services.map((s) => [
    s.namespace,
    s.service,
    String(s.livePods),
    String(s.deletedFiles),
    formatBytes(s.deletedBytes),
    String(s.kept.live),
    String(s.kept.too_new + s.kept.not_old_enough),
    String(s.kept.protected),
    String(s.kept.kept_dump + s.kept.symlink + s.kept.not_empty),
    s.error !== undefined ? s.error.code : String(s.failed),
  ]);
  const lines = renderTable([HEADER, ...rows]);
  const totals = totalsOf(report);
  const verb = report.dryRun ? 'would delete' : 'deleted';
  lines.push('', `${verb} ${totals.files} entries, ${formatBytes(totals.bytes)}`);
  for (const s of report.services) {
    if (s.livePods === 0 && s.error === undefined)
      lines.push(`note: ${s.namespace}/${s.service} has no live pod: all its pod files are cleaned`);
    if (s.error !== undefined) lines.push(`error: ${s.namespace}/${s.service}: ${s.error.message}`);
  }
  for (const f of report.namespaceFailures)
    lines.push(`error: namespace ${f.namespace} not cleaned (pods unreadable): ${f.message}`);
  return lines.join('\n');
}

/** `1.5 MiB` style sizes. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function renderTable(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}
