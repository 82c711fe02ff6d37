/**
 * The GC report behind `opsctl gc <namespace>/<service>`: run summaries (from
 * `createGcRunAccumulator`) and heap dumps grouped per pod, each pod judged ok / warn / critical.
 * Pure: the caller reads the NAS, feeds the parsers' events and prints `renderGcReport` or JSON.
 */

import type { GcHeapDump, GcPodReport, GcReport, GcReportDump, GcRunSummary } from './report-types.js';
import {
  DEFAULT_GC_VERDICT_THRESHOLDS,
  type GcVerdictThresholds,
  judgePod,
  worstSeverity,
} from './report-verdict.js';

export { createGcRunAccumulator } from './report-accumulator.js';
export type { GcRunAccumulator, GcRunAccumulatorOptions, GcRunMeta } from './report-accumulator.js';
export { renderGcReport } from './report-render.js';
export type { GcRenderOptions } from './report-render.js';
export { DEFAULT_GC_VERDICT_THRESHOLDS } from './report-verdict.js';
export type { GcVerdictThresholds } from './report-verdict.js';
export type * from './report-types.js';

/** What `buildGcReport` groups. */
export interface GcReportInput {
  namespace: string;
  service: string;
  /** One summary per JVM run, any order, any pods. */
  runs: readonly GcRunSummary[];
  dumps: readonly GcHeapDump[];
  /** The report's "now" (dump ages are measured against it). */
  generatedAtMs: number;
}

/** Options of `buildGcReport`. */
export interface GcReportOptions {
  /** Overrides of the verdict thresholds. @default DEFAULT_GC_VERDICT_THRESHOLDS */
  thresholds?: Partial<GcVerdictThresholds>;
}

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** When a run started, as well as it is known: JVM start, else its first or last event. */
function runStartMs(run: GcRunSummary): number | null {
  return run.jvmStartEpochMs ?? run.firstEvent?.epochMs ?? run.lastEvent?.epochMs ?? null;
}

/**
 * Newest first: by start time when both runs have one, else by first file name, which embeds the
 * JVM start (`%t` as `YYYY-MM-DD_HH-MM-SS`) and so sorts chronologically within a pod.
 */
function compareRunsNewestFirst(a: GcRunSummary, b: GcRunSummary): number {
  const startA = runStartMs(a);
  const startB = runStartMs(b);
  if (startA !== null && startB !== null && startA !== startB) return startB - startA;
  return compareText(b.files[0] ?? '', a.files[0] ?? '');
}

function toReportDump(dump: GcHeapDump): GcReportDump {
  const { file, sizeBytes, mtimeMs, format, complete } = dump;
  return { file, sizeBytes, mtimeMs, format, complete };
}

function sortDumps(dumps: GcHeapDump[]): GcReportDump[] {
  return dumps.map(toReportDump).sort((a, b) => b.mtimeMs - a.mtimeMs || compareText(a.file, b.file));
}

/** Groups runs and dumps per pod (pods sorted by name, runs and dumps newest first) and judges each pod. */
export function buildGcReport(input: GcReportInput, options: GcReportOptions = {}): GcReport {
  const limits: GcVerdictThresholds = { ...DEFAULT_GC_VERDICT_THRESHOLDS, ...options.thresholds };
  const runsByPod = new Map<string, GcRunSummary[]>();
  const dumpsByPod = new Map<string, GcHeapDump[]>();
  const unattributed: GcHeapDump[] = [];
  for (const run of input.runs) append(runsByPod, run.pod, run);
  for (const dump of input.dumps) {
    if (dump.pod === undefined || dump.pod === '') unattributed.push(dump);
    else append(dumpsByPod, dump.pod, dump);
  }
  const podNames = [...new Set([...runsByPod.keys(), ...dumpsByPod.keys()])].sort(compareText);
  const pods: GcPodReport[] = podNames.map((pod) => {
    const runs = [...(runsByPod.get(pod) ?? [])].sort(compareRunsNewestFirst);
    const dumps = sortDumps(dumpsByPod.get(pod) ?? []);
    return { pod, verdict: judgePod(runs[0], dumps, input.generatedAtMs, limits), runs, dumps };
  });
  return {
    schemaVersion: 1,
    namespace: input.namespace,
    service: input.service,
    generatedAtMs: input.generatedAtMs,
    severity: worstSeverity(pods.map((pod) => pod.verdict.severity)),
    pods,
    unattributedDumps: sortDumps(unattributed),
  };
}
