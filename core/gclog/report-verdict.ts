/** The ok / warn / critical judgement of one pod from its newest run and its heap dumps. */

import { formatBytes, formatDuration, formatPercent, formatSeconds } from './report-format.js';
import type { GcReportDump, GcRunSummary, GcSeverity, GcVerdict, GcVerdictReason } from './report-types.js';

/** Where the verdict lines are drawn. */
export interface GcVerdictThresholds {
  /** GC overhead of the newest run above this is a warning. @default 10 */
  overheadWarnPercent: number;
  /** GC overhead of the newest run above this is critical (the JvmGcOverheadHigh alert's level). @default 30 */
  overheadCriticalPercent: number;
  /** This many full GCs or more in the newest run is a warning. @default 1 */
  fullGcWarnCount: number;
  /** Heap after the last GC above this share of the max heap (0..1) is a warning. @default 0.9 */
  heapAfterGcWarnRatio: number;
  /**
   * A heap dump means an OutOfMemoryError; one written less than this many seconds before the
   * report is critical, an older one a warning. @default 86400
   */
  recentDumpSeconds: number;
}

/** The thresholds `opsctl gc` uses unless told otherwise. */
export const DEFAULT_GC_VERDICT_THRESHOLDS: Readonly<GcVerdictThresholds> = Object.freeze({
  overheadWarnPercent: 10,
  overheadCriticalPercent: 30,
  fullGcWarnCount: 1,
  heapAfterGcWarnRatio: 0.9,
  recentDumpSeconds: 86_400,
});

const RANK: Record<GcSeverity, number> = { ok: 0, warn: 1, critical: 2 };

/** The worse of severities (`ok` for none). */
export function worstSeverity(severities: Iterable<GcSeverity>): GcSeverity {
  let worst: GcSeverity = 'ok';
  for (const severity of severities) if (RANK[severity] > RANK[worst]) worst = severity;
  return worst;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function runReasons(run: GcRunSummary, limits: GcVerdictThresholds): GcVerdictReason[] {
  const reasons: GcVerdictReason[] = [];
  const overhead = run.overheadPercent;
  if (overhead !== null && overhead > limits.overheadWarnPercent) {
    const critical = overhead > limits.overheadCriticalPercent;
    const limit = critical ? limits.overheadCriticalPercent : limits.overheadWarnPercent;
    reasons.push({
      code: 'gc_overhead',
      severity: critical ? 'critical' : 'warn',
      message: `GC overhead ${formatPercent(overhead)} > ${limit}%`,
    });
  }
  if (run.fullGcCount >= limits.fullGcWarnCount && run.fullGcCount > 0) {
    const message = `${plural(run.fullGcCount, 'full GC')} in the last run`;
    reasons.push({ code: 'full_gc', severity: 'warn', message });
  }
  const heap = run.heapAfterGc;
  if (heap.lastRatioOfMax !== null && heap.lastRatioOfMax > limits.heapAfterGcWarnRatio) {
    const of = `${formatBytes(heap.lastBytes ?? 0)} of ${formatBytes(run.maxHeapBytes ?? 0)}`;
    const message = `heap after GC ${formatPercent(heap.lastRatioOfMax * 100)} of max (${of})`;
    reasons.push({ code: 'heap_after_gc', severity: 'warn', message });
  }
  if (run.allocationStalls.count > 0) {
    const stalls = run.allocationStalls;
    const message = `${plural(stalls.count, 'allocation stall')} (${formatSeconds(stalls.totalSeconds)})`;
    reasons.push({ code: 'allocation_stall', severity: 'warn', message });
  }
  if (run.toSpaceExhaustedCount > 0) {
    const message = `to-space exhausted ${plural(run.toSpaceExhaustedCount, 'time')}`;
    reasons.push({ code: 'to_space_exhausted', severity: 'warn', message });
  }
  return reasons;
}

function dumpReason(
  dumps: readonly GcReportDump[],
  nowMs: number,
  limits: GcVerdictThresholds,
): GcVerdictReason | null {
  const newest = dumps.reduce<GcReportDump | null>(
    (a, b) => (a === null || b.mtimeMs > a.mtimeMs ? b : a),
    null,
  );
  if (newest === null) return null;
  const ageSeconds = Math.max(0, (nowMs - newest.mtimeMs) / 1000);
  const state = newest.complete ? '' : ', incomplete';
  const more = dumps.length > 1 ? ` (${dumps.length} dumps)` : '';
  return {
    code: 'heap_dump',
    severity: ageSeconds < limits.recentDumpSeconds ? 'critical' : 'warn',
    message: `heap dump ${newest.file} (${formatBytes(newest.sizeBytes)}${state}) written ${formatDuration(ageSeconds)} ago${more}`,
  };
}

/** Judges a pod: `newestRun` (if any) for GC health, `dumps` for past OutOfMemoryErrors. */
export function judgePod(
  newestRun: GcRunSummary | undefined,
  dumps: readonly GcReportDump[],
  nowMs: number,
  limits: GcVerdictThresholds = DEFAULT_GC_VERDICT_THRESHOLDS,
): GcVerdict {
  const reasons = newestRun ? runReasons(newestRun, limits) : [];
  const dump = dumpReason(dumps, nowMs, limits);
  if (dump) reasons.push(dump);
  reasons.sort((a, b) => RANK[b.severity] - RANK[a.severity]);
  return { severity: worstSeverity(reasons.map((reason) => reason.severity)), reasons };
}
