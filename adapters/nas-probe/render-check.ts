import type { NasCheckReport } from './check.js';
import { formatBytes, formatMs, type MountCheck, type NasVerdict } from './verdict.js';

export interface RenderCheckOptions {
  /** ANSI colours for the verdicts. @default false */
  color?: boolean;
}

const COLOURS: Readonly<Record<NasVerdict, number>> = {
  OK: 32,
  SLOW: 33,
  FULL: 31,
  'READ-ONLY': 31,
  ERROR: 31,
  STALE: 31,
  HUNG: 31,
  'NOT-MOUNTED': 31,
};

/** The `opsctl nas check` text: a block per mount with numbers and what to do, then a summary. */
export function renderNasCheck(report: NasCheckReport, options: RenderCheckOptions = {}): string {
  const paint = (verdict: NasVerdict) =>
    options.color ? `\x1b[${COLOURS[verdict]}m${verdict}\x1b[0m` : verdict;
  const blocks = report.mounts.map((m) => renderMount(m, paint(m.verdict)));
  const counts = new Map<NasVerdict, number>();
  for (const m of report.mounts) counts.set(m.verdict, (counts.get(m.verdict) ?? 0) + 1);
  const summary = [...counts].map(([verdict, n]) => `${n} ${verdict}`).join(', ');
  const noun = report.mounts.length === 1 ? 'mount' : 'mounts';
  return [
    ...blocks,
    `${report.mounts.length} ${noun}: ${summary} (deadline ${report.timeoutSeconds}s, slow above ${report.slowSeconds}s)`,
  ].join('\n\n');
}

function renderMount(m: MountCheck, verdict: string): string {
  const lines = [`${m.path}  ${verdict}`];
  const mount =
    m.mountPoint === m.path
      ? `${m.fstype} ${m.source}`
      : `${m.fstype} ${m.source} (folder on ${m.mountPoint})`;
  if (m.fstype !== '') lines.push(`  mount    ${mount}  ${m.options}`);
  if (m.ops.length > 0) lines.push(`  probes   ${m.ops.map(renderOp).join(' · ')}`);
  if (m.space) {
    const s = m.space;
    const inodes =
      s.filesFreePercent === undefined
        ? ''
        : ` · inodes ${formatCount(s.filesFree)} free of ${formatCount(s.files)} (${s.filesFreePercent.toFixed(1)}%)`;
    lines.push(
      `  space    ${formatBytes(s.availBytes)} free of ${formatBytes(s.sizeBytes)} (${s.availPercent.toFixed(1)}%)${inodes}`,
    );
  }
  for (const reason of m.reasons) lines.push(`  found    ${reason}`);
  for (const hint of m.hints) lines.push(`  try      ${hint}`);
  return lines.join('\n');
}

function renderOp(op: MountCheck['ops'][number]): string {
  if (op.errno === 'timeout') return `${op.op} no answer`;
  const ms = op.ms === undefined ? '' : ` ${formatMs(op.ms)}`;
  return op.ok ? `${op.op}${ms}` : `${op.op} ${op.errno ?? 'failed'}`;
}

function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  return String(n);
}
