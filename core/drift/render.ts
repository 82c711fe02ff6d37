/**
 * The drift report for people (`opsctl drift`: a table grouped by service) and for scripts
 * (`-o json`, `schemaVersion: 1`). Pure.
 */
import { adviceFor } from './advice.js';
import type { DriftReport } from './monitor.js';
import { groupByService } from './summary.js';
import { DRIFT_KINDS, type DriftFinding } from './types.js';

/** Where the two sides of a report came from, for its header. */
export interface DriftSources {
  nacos: { server: string; generation: number; api: string; namespaces: number };
  kubernetes: { context: string; server: string; scope: string };
}

/** A finding as `-o json` prints it. */
export interface DriftFindingJson {
  kind: string;
  reason: string;
  ip: string;
  port: number | null;
  cluster: string;
  pod: string | null;
  k8sNamespace: string | null;
  ageSeconds: number | null;
  since: string | null;
  persistent: boolean;
  match: { rule: string; portUnverified: boolean; contested: boolean } | null;
  detail: string;
  advice: string;
}

/** The `-o json` document. */
export interface DriftJson {
  schemaVersion: 1;
  computedAt: string;
  sources: DriftSources;
  summary: {
    findings: number;
    services: number;
    pending: number;
    pods: number;
    instances: number;
    matched: number;
  };
  services: { nacosNamespace: string; group: string; service: string; findings: DriftFindingJson[] }[];
  unreadNamespaces: { nacosNamespace: string; code: string; message: string }[];
}

/** `45s`, `12m`, `5h`, `3d`; `-` when unknown. */
export function formatAge(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  if (seconds < 120) return `${Math.floor(seconds)}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

function flags(f: DriftFinding): string {
  const out: string[] = [];
  if (f.persistent && f.reason !== 'persistent') out.push('persistent');
  if (f.match?.portUnverified) out.push('port unverified');
  if (f.match?.contested) out.push('shared IP');
  return out.length > 0 ? ` [${out.join(', ')}]` : '';
}

function address(f: DriftFinding): string {
  if (f.port === undefined) return f.ip || '-';
  return f.ip.includes(':') ? `[${f.ip}]:${f.port}` : `${f.ip}:${f.port}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** The report as a table per service, then a summary line. */
export function renderDriftTable(report: DriftReport): string {
  const lines: string[] = [];
  for (const group of groupByService(report.findings, DRIFT_KINDS)) {
    const s = group.service;
    lines.push(`${s.nacosNamespace} / ${s.group}@@${s.service}`);
    const rows = [['  KIND', 'REASON', 'ADDRESS', 'POD', 'K8S NS', 'AGE', 'WHAT TO DO']];
    for (const f of group.findings)
      rows.push([
        `  ${f.kind}`,
        `${f.reason}${flags(f)}`,
        address(f),
        f.pod?.name ?? '-',
        f.pod?.namespace ?? '-',
        formatAge(f.ageSeconds),
        adviceFor(f),
      ]);
    lines.push(...table(rows), '');
  }
  for (const u of report.unread)
    lines.push(`warning: Nacos namespace ${u.nacosNamespace} could not be read (${u.code}): ${u.message}`);
  const services = new Set(
    report.findings.map((f) => `${f.service.nacosNamespace}/${f.service.group}/${f.service.service}`),
  );
  const waiting = report.pending > 0 ? `; ${report.pending} more within their grace period` : '';
  lines.push(
    report.findings.length === 0
      ? `no drift: ${report.instances} instances and ${report.pods} pods agree${waiting}`
      : `${report.findings.length} drifting in ${services.size} service(s)${waiting} (${report.instances} instances, ${report.pods} pods compared)`,
  );
  return lines.join('\n');
}

function findingJson(f: DriftFinding): DriftFindingJson {
  return {
    kind: f.kind,
    reason: f.reason,
    ip: f.ip,
    port: f.port ?? null,
    cluster: f.cluster,
    pod: f.pod?.name ?? null,
    k8sNamespace: f.pod?.namespace ?? null,
    ageSeconds: f.ageSeconds === undefined ? null : Math.round(f.ageSeconds),
    since: f.since === undefined ? null : new Date(f.since).toISOString(),
    persistent: f.persistent,
    match: f.match ?? null,
    detail: f.detail,
    advice: adviceFor(f),
  };
}

/** The report as the `-o json` document. */
export function buildDriftJson(report: DriftReport, sources: DriftSources): DriftJson {
  const groups = groupByService(report.findings, DRIFT_KINDS);
  return {
    schemaVersion: 1,
    computedAt: new Date(report.computedAt).toISOString(),
    sources,
    summary: {
      findings: report.findings.length,
      services: groups.length,
      pending: report.pending,
      pods: report.pods,
      instances: report.instances,
      matched: report.matched,
    },
    services: groups.map((g) => ({ ...g.service, findings: g.findings.map(findingJson) })),
    unreadNamespaces: report.unread.map((u) => ({
      nacosNamespace: u.nacosNamespace,
      code: u.code,
      message: u.message,
    })),
  };
}
