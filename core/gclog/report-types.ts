/**
 * The data model of `opsctl gc`: one summary per JVM run and the report that groups them per pod.
 * `GcReport` is exactly what `opsctl gc -o json` prints, so every field here is a contract for
 * scripts: names are stable, every field is always present (unknown values are `null`, never
 * missing), and numbers are in base units: seconds, bytes, bytes per second, epoch milliseconds,
 * and percentages 0..100 where the name ends in `Percent`.
 */

import type { GcCollector, GcLogFormat, GcPauseType } from './types.js';

/** A moment of a run on both clocks, each `null` when neither the log nor the run start gives it. */
export interface GcTimePoint {
  /** Seconds since JVM start. */
  uptimeSeconds: number | null;
  /** Wall clock, ms since the epoch. */
  epochMs: number | null;
}

/** How the p50/p99 of a group were obtained. */
export type GcPercentileMethod =
  /** Nearest-rank over every kept duration. */
  | 'exact'
  /** From a log-bucket histogram (about 1% relative error) once a group outgrew the exact cap. */
  | 'histogram';

/** Pauses of one (type, cause) pair. */
export interface GcPauseGroup {
  type: GcPauseType;
  /** The cause verbatim from the log, "" when the log gives none, "(other)" for folded overflow. */
  cause: string;
  count: number;
  totalSeconds: number;
  p50Seconds: number;
  p99Seconds: number;
  maxSeconds: number;
  percentileMethod: GcPercentileMethod;
}

/** Every stop-the-world pause of a run. */
export interface GcPauseSummary {
  count: number;
  totalSeconds: number;
  /** 0 when there was no pause. */
  maxSeconds: number;
  /** Sorted by total time descending, then type and cause. */
  groups: GcPauseGroup[];
}

/** Time spent in one concurrent phase (beside the application, not pause time). */
export interface GcConcurrentPhase {
  phase: string;
  count: number;
  totalSeconds: number;
}

/**
 * Bytes the application allocated and promoted, derived from heap figures around collections:
 * allocated = sum of (heap before a collection - heap after the previous one) where positive;
 * promoted = sum of (young decrease - whole-heap decrease) where >= 0, i.e. old-generation growth.
 */
export interface GcAllocationSummary {
  /** `null` when no collection carried heap figures. */
  allocatedBytes: number | null;
  /** `allocatedBytes / spanSeconds`; `null` without both. */
  allocationRateBytesPerSecond: number | null;
  /** `null` when no collection carried young-generation figures. */
  promotedBytes: number | null;
  promotionRateBytesPerSecond: number | null;
}

/** One heap-after-GC sample. */
export interface GcHeapPoint extends GcTimePoint {
  afterBytes: number;
}

/** Which samples the heap-after-GC slope was fitted on. */
export type GcSlopeBasis =
  /** After full GCs only: they leave just the live set, so their trend is the leak signal. */
  | 'full_gc'
  /** Every collection, used when fewer than two full GCs were timed. */
  | 'all';

/** Heap occupancy right after collections, over the run. */
export interface GcHeapAfterGcTrend {
  /** Collections that carried heap figures. */
  count: number;
  minBytes: number | null;
  maxBytes: number | null;
  lastBytes: number | null;
  /** Committed heap at the last collection that said it. */
  lastCommittedBytes: number | null;
  /** `lastBytes / maxHeapBytes` (0..1), `null` when the max heap is unknown. */
  lastRatioOfMax: number | null;
  /** Least-squares slope in bytes per hour; `null` with fewer than two timed samples. */
  slopeBytesPerHour: number | null;
  slopeBasis: GcSlopeBasis | null;
  /** The most recent samples, oldest first (at most the accumulator's `trendPoints`). */
  points: GcHeapPoint[];
}

/** Where the observed span starts; the span always ends at the last timed event. */
export type GcSpanFrom =
  /** The log begins within `startWindowSeconds` of JVM start, so the run is covered from uptime 0. */
  | 'jvm_start'
  /** Older parts were rotated away (or the start is unknown): the span starts at the first event. */
  | 'first_event';

/** Everything `opsctl gc` tells about one JVM run (one rotation chain of one pod). */
export interface GcRunSummary {
  pod: string;
  format: GcLogFormat;
  /** The chain's files, in the order they were fed. */
  files: string[];
  collector: GcCollector;
  jvmVersion: string | null;
  maxHeapBytes: number | null;
  /** From the log (date decorator minus uptime) when it allows, else from the caller's meta. */
  jvmStartEpochMs: number | null;
  /** Events fed, of every kind. */
  eventCount: number;
  /**
   * Events with a duration or heap figure that was not a finite non-negative number. Such figures
   * are ignored; a pause without a valid duration is not counted at all.
   */
  invalidEvents: number;
  /** Earliest and latest timed events (by the run's time axis). */
  firstEvent: GcTimePoint | null;
  lastEvent: GcTimePoint | null;
  spanFrom: GcSpanFrom | null;
  /** `null` when no event was timed. */
  spanSeconds: number | null;
  pauses: GcPauseSummary;
  /** Pauses of type `full`. */
  fullGcCount: number;
  /** Sorted by phase name. */
  concurrent: GcConcurrentPhase[];
  /** Collection cycles without a pause of their own (ZGC). */
  cycles: { count: number; totalSeconds: number };
  /** Pause seconds over the span, 0..100; `null` when the span is unknown or zero. */
  overheadPercent: number | null;
  /** `100 - overheadPercent`. */
  throughputPercent: number | null;
  allocation: GcAllocationSummary;
  heapAfterGc: GcHeapAfterGcTrend;
  allocationStalls: { count: number; totalSeconds: number };
  toSpaceExhaustedCount: number;
  /** Lines that looked like GC events but could not be parsed, as the parser counted them. */
  parseErrors: number;
}

/** A heap dump file found for the service. */
export interface GcHeapDump {
  /** The pod from the file name, when it could be recovered. */
  pod?: string;
  file: string;
  sizeBytes: number;
  mtimeMs: number;
  /** `hprof` (HotSpot) or `phd` (OpenJ9). */
  format: string;
  /** False when the header is bad or the file is still being written. */
  complete: boolean;
}

/** A heap dump as reported (the pod is implied by where it is listed). */
export interface GcReportDump {
  file: string;
  sizeBytes: number;
  mtimeMs: number;
  format: string;
  complete: boolean;
}

/** How bad a pod looks. */
export type GcSeverity = 'ok' | 'warn' | 'critical';

/** What a reason is about, for scripts that filter on it. */
export type GcVerdictCode =
  'gc_overhead' | 'full_gc' | 'heap_after_gc' | 'heap_dump' | 'allocation_stall' | 'to_space_exhausted';

/** One finding behind a verdict. */
export interface GcVerdictReason {
  code: GcVerdictCode;
  severity: Exclude<GcSeverity, 'ok'>;
  /** One human sentence, e.g. "GC overhead 12.5% > 10%". */
  message: string;
}

/** The worst severity of the reasons (`ok` without any). */
export interface GcVerdict {
  severity: GcSeverity;
  reasons: GcVerdictReason[];
}

/** Everything about one pod. */
export interface GcPodReport {
  pod: string;
  /** Judged on the newest run and on the pod's dumps. */
  verdict: GcVerdict;
  /** Newest first. */
  runs: GcRunSummary[];
  /** Newest first. */
  dumps: GcReportDump[];
}

/** The output of `opsctl gc <namespace>/<service>` (and of `-o json`). */
export interface GcReport {
  /** Bumped on any incompatible change of this shape. */
  schemaVersion: 1;
  namespace: string;
  service: string;
  generatedAtMs: number;
  /** The worst pod verdict. */
  severity: GcSeverity;
  /** Sorted by pod name. */
  pods: GcPodReport[];
  /** Dumps whose pod could not be told from the file name; listed, not judged. Newest first. */
  unattributedDumps: GcReportDump[];
}
