/**
 * `GcReport` as text for a terminal: per pod a verdict, the newest run in detail (header, pause
 * table, overhead, heap after GC, allocation), one line per earlier run, and the heap dumps.
 */

import {
  type Align,
  formatBytes,
  formatCount,
  formatDuration,
  formatEpoch,
  formatPercent,
  formatRate,
  formatSeconds,
  formatSignedBytes,
  formatTable,
  sparkline,
} from './report-format.js';
import type {
  GcPauseGroup,
  GcPodReport,
  GcReport,
  GcReportDump,
  GcRunSummary,
  GcSeverity,
  GcTimePoint,
} from './report-types.js';

/** How to render. */
export interface GcRenderOptions {
  /** ANSI colours for verdicts and headings; false gives plain text. */
  color: boolean;
  /** IANA zone for wall-clock times, e.g. "Asia/Shanghai". */
  timeZone: string;
}

type Paint = (text: string, style: 'bold' | GcSeverity) => string;

const ANSI: Record<'bold' | GcSeverity, string> = {
  bold: '\u001b[1m',
  ok: '\u001b[32m',
  warn: '\u001b[33m',
  critical: '\u001b[31m',
};

const painter =
  (color: boolean): Paint =>
  (text, style) =>
    color ? `${ANSI[style]}${text}\u001b[0m` : text;

const indent = (lines: readonly string[], by = '  ') => lines.map((line) => (line ? by + line : line));

interface Ctx {
  paint: Paint;
  timeZone: string;
}

function formatMoment(point: GcTimePoint | null, timeZone: string): string {
  if (point?.epochMs != null) return formatEpoch(point.epochMs, timeZone);
  if (point?.uptimeSeconds != null) return `uptime ${formatDuration(point.uptimeSeconds)}`;
  return 'unknown';
}

function startLabel(run: GcRunSummary, timeZone: string): string {
  return run.jvmStartEpochMs === null ? 'unknown' : formatEpoch(run.jvmStartEpochMs, timeZone);
}

function filesLabel(run: GcRunSummary): string {
  const first = run.files[0] ?? '(no file)';
  const more = run.files.length > 1 ? ` (+${run.files.length - 1} more)` : '';
  return `${first}${more}, ${run.format}`;
}

function spanLabel(run: GcRunSummary, timeZone: string): string {
  if (run.spanSeconds === null) return 'unknown (no timed events)';
  const from = run.spanFrom === 'jvm_start' ? 'from JVM start' : 'from the first event';
  return `${formatDuration(run.spanSeconds)} ${from} to ${formatMoment(run.lastEvent, timeZone)}`;
}

function heapLine(run: GcRunSummary): string {
  const heap = run.heapAfterGc;
  if (heap.lastBytes === null) return 'no heap figures';
  const ofMax = heap.lastRatioOfMax === null ? '' : ` (${formatPercent(heap.lastRatioOfMax * 100)} of max)`;
  return `min ${formatBytes(heap.minBytes ?? 0)}, last ${formatBytes(heap.lastBytes)}${ofMax}, max ${formatBytes(heap.maxBytes ?? 0)}`;
}

function trendLine(run: GcRunSummary): string {
  const heap = run.heapAfterGc;
  const basis = heap.slopeBasis === 'full_gc' ? 'after full GCs' : 'all collections';
  const slope =
    heap.slopeBytesPerHour === null
      ? 'slope unknown'
      : `${formatSignedBytes(heap.slopeBytesPerHour)}/h (${basis})`;
  const spark = sparkline(heap.points.map((point) => point.afterBytes));
  return spark ? `${slope}  ${spark}` : slope;
}

function allocationLine(run: GcRunSummary): string {
  const a = run.allocation;
  if (a.allocatedBytes === null) return 'unknown (no heap figures)';
  const between = `${formatBytes(a.allocatedBytes)} between collections`;
  if (a.allocationRateBytesPerSecond === null) return `rate unknown (${between})`;
  const promotion =
    a.promotionRateBytesPerSecond === null ? '' : `, promotion ${formatRate(a.promotionRateBytesPerSecond)}`;
  return `${formatRate(a.allocationRateBytesPerSecond)} (${formatBytes(a.allocatedBytes)} in the span)${promotion}`;
}

function eventsLine(run: GcRunSummary): string {
  const stalls = run.allocationStalls;
  return [
    `allocation stalls ${formatCount(stalls.count)} (${formatSeconds(stalls.totalSeconds)})`,
    `to-space exhausted ${formatCount(run.toSpaceExhaustedCount)}`,
    `parse errors ${formatCount(run.parseErrors)}`,
  ].join(', ');
}

function runFacts(run: GcRunSummary, timeZone: string): [string, string][] {
  const version = run.jvmVersion === null ? '' : `, JVM ${run.jvmVersion}`;
  const maxHeap = run.maxHeapBytes === null ? '' : `, max heap ${formatBytes(run.maxHeapBytes)}`;
  const overhead =
    run.overheadPercent === null
      ? 'unknown'
      : `${formatPercent(run.overheadPercent)} (throughput ${formatPercent(run.throughputPercent ?? 0)})`;
  const pauses = run.pauses;
  const concurrent = run.concurrent.map((p) => `${p.phase} ${formatSeconds(p.totalSeconds)} (${p.count}x)`);
  const facts: [string, string][] = [
    ['run', filesLabel(run)],
    ['collector', `${run.collector}${version}${maxHeap}`],
    ['JVM start', startLabel(run, timeZone)],
    ['span', spanLabel(run, timeZone)],
    ['GC overhead', overhead],
    [
      'pauses',
      `${formatCount(pauses.count)}, total ${formatSeconds(pauses.totalSeconds)}, max ${formatSeconds(pauses.maxSeconds)}`,
    ],
    ['full GCs', formatCount(run.fullGcCount)],
    ['heap after GC', heapLine(run)],
    ['heap trend', trendLine(run)],
    ['allocation', allocationLine(run)],
  ];
  if (concurrent.length > 0) facts.push(['concurrent', concurrent.join(', ')]);
  if (run.cycles.count > 0) {
    facts.push([
      'cycles',
      `${formatCount(run.cycles.count)}, total ${formatSeconds(run.cycles.totalSeconds)}`,
    ]);
  }
  facts.push(['other', eventsLine(run)]);
  return facts;
}

function pauseTable(groups: readonly GcPauseGroup[]): string[] {
  if (groups.length === 0) return ['no pauses'];
  const approx = (group: GcPauseGroup, seconds: number) =>
    `${group.percentileMethod === 'histogram' ? '~' : ''}${formatSeconds(seconds)}`;
  const rows = groups.map((g) => [
    g.type,
    g.cause || '-',
    formatCount(g.count),
    formatSeconds(g.totalSeconds),
    approx(g, g.p50Seconds),
    approx(g, g.p99Seconds),
    formatSeconds(g.maxSeconds),
  ]);
  const align: Align[] = ['left', 'left', 'right', 'right', 'right', 'right', 'right'];
  return formatTable([['type', 'cause', 'count', 'total', 'p50', 'p99', 'max'], ...rows], align);
}

function earlierRuns(runs: readonly GcRunSummary[], ctx: Ctx): string[] {
  if (runs.length === 0) return [];
  const rows = runs.map((run) => [
    startLabel(run, ctx.timeZone),
    run.spanSeconds === null ? '-' : formatDuration(run.spanSeconds),
    formatCount(run.pauses.count),
    run.overheadPercent === null ? '-' : formatPercent(run.overheadPercent),
    formatCount(run.fullGcCount),
    run.collector,
    run.files[0] ?? '-',
  ]);
  const header = ['JVM start', 'span', 'pauses', 'overhead', 'full GCs', 'collector', 'file'];
  const align: Align[] = ['left', 'right', 'right', 'right', 'right', 'left', 'left'];
  return ['', ctx.paint('earlier runs', 'bold'), ...indent(formatTable([header, ...rows], align))];
}

function dumpTable(dumps: readonly GcReportDump[], ctx: Ctx): string[] {
  const rows = dumps.map((d) => [
    d.file,
    formatBytes(d.sizeBytes),
    formatEpoch(d.mtimeMs, ctx.timeZone),
    d.format,
    d.complete ? 'complete' : 'incomplete',
  ]);
  const align: Align[] = ['left', 'right', 'left', 'left', 'left'];
  return formatTable([['file', 'size', 'written', 'format', 'state'], ...rows], align);
}

function renderPod(pod: GcPodReport, ctx: Ctx): string[] {
  const severity = pod.verdict.severity;
  const lines = [`${ctx.paint(pod.pod, 'bold')}  ${ctx.paint(severity.toUpperCase(), severity)}`];
  for (const reason of pod.verdict.reasons) {
    lines.push(`  ${ctx.paint(reason.severity, reason.severity)}: ${reason.message}`);
  }
  const [newest, ...older] = pod.runs;
  if (newest) {
    lines.push('', ...indent(formatTable(runFacts(newest, ctx.timeZone), ['left', 'left'])));
    lines.push('', ...indent(pauseTable(newest.pauses.groups)));
  } else {
    lines.push('', '  no GC log found');
  }
  lines.push(...indent(earlierRuns(older, ctx)));
  if (pod.dumps.length > 0) {
    lines.push('', `  ${ctx.paint('heap dumps', 'bold')}`, ...indent(dumpTable(pod.dumps, ctx), '    '));
  }
  return lines;
}

/** The report as aligned text, one section per pod, without a trailing newline (callers print it as a line). */
export function renderGcReport(report: GcReport, opts: GcRenderOptions): string {
  const ctx: Ctx = { paint: painter(opts.color), timeZone: opts.timeZone };
  const title = `GC report ${report.namespace}/${report.service}`;
  const lines = [
    `${ctx.paint(title, 'bold')}  ${ctx.paint(report.severity.toUpperCase(), report.severity)}`,
    `generated ${formatEpoch(report.generatedAtMs, opts.timeZone)}, ${report.pods.length} pod(s)`,
  ];
  if (report.pods.length === 0 && report.unattributedDumps.length === 0) {
    lines.push('', 'no GC logs or heap dumps found');
  }
  for (const pod of report.pods) lines.push('', ...renderPod(pod, ctx));
  if (report.unattributedDumps.length > 0) {
    lines.push('', ctx.paint('heap dumps of unknown pods', 'bold'));
    lines.push(...indent(dumpTable(report.unattributedDumps, ctx)));
  }
  return lines.join('\n');
}
