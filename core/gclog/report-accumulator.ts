/**
 * Folds the events of one JVM run (one rotation chain of one pod) into a `GcRunSummary`, in memory
 * bounded by the number of distinct pause groups and phases, never by the number of events.
 */

import { heapDelta } from './heap-delta.js';
import { createRunClock, type RunClock } from './report-clock.js';
import { createHeapTrend, type HeapTrend } from './report-heap-trend.js';
import {
  createPauseGroups,
  createPhaseTotals,
  type PauseGroups,
  type PhaseTotals,
} from './report-pause-groups.js';
import type { GcAllocationSummary, GcRunSummary } from './report-types.js';
import { DEFAULT_EXACT_PERCENTILE_CAP } from './stats.js';
import type {
  GcCollector,
  GcCycleEvent,
  GcEvent,
  GcHeapChange,
  GcJvmInfoEvent,
  GcLogFormat,
  GcPauseEvent,
} from './types.js';

/** Who wrote the run and where it was read from. */
export interface GcRunMeta {
  pod: string;
  format: GcLogFormat;
  /** The chain's files, in the order they are fed. */
  files: readonly string[];
  /** JVM start the caller knows (e.g. from `%t` in the file name); the log's own start wins. */
  jvmStartEpochMs?: number;
}

/** Tuning of the accumulator; the defaults suit `opsctl gc`. */
export interface GcRunAccumulatorOptions {
  /** Heap-after-GC samples kept for the trend. @default 20 */
  trendPoints?: number;
  /** Durations kept per pause group for exact percentiles. @default 100000 */
  exactPercentileCap?: number;
  /** A first event at most this far from JVM start makes the span start at uptime 0. @default 60 */
  startWindowSeconds?: number;
  /** Distinct (type, cause) groups before new causes fold into "(other)". @default 200 */
  maxPauseGroups?: number;
  /** Distinct concurrent phases before new ones fold into "other". @default 64 */
  maxConcurrentPhases?: number;
}

/** Feed events with `add`, read the result with `summary` (any number of times). */
export interface GcRunAccumulator {
  add(event: GcEvent): void;
  /** Adds parse errors counted by the parser (its `stats.parseErrors`), which are not events. */
  addParseErrors(count: number): void;
  summary(): GcRunSummary;
}

const validAmount = (value: number | undefined): value is number =>
  value !== undefined && Number.isFinite(value) && value >= 0;

function validHeap(heap: GcHeapChange): boolean {
  return (
    validAmount(heap.beforeBytes) &&
    validAmount(heap.afterBytes) &&
    (heap.committedBytes === undefined || validAmount(heap.committedBytes))
  );
}

/** Allocation and promotion derived from successive collections' heap figures. */
function createAllocationTracker() {
  let previousAfter: number | null = null;
  let firstBefore = 0;
  let allocated = 0;
  let promoted: number | null = null;
  return {
    add(heap: GcHeapChange): void {
      if (previousAfter === null) firstBefore = heap.beforeBytes;
      const delta = heapDelta(previousAfter ?? undefined, heap);
      allocated += delta.allocatedBytes;
      previousAfter = heap.afterBytes;
      if (
        delta.promotedBytes !== undefined &&
        validAmount(heap.youngBeforeBytes) &&
        validAmount(heap.youngAfterBytes)
      )
        promoted = (promoted ?? 0) + delta.promotedBytes;
    },
    /** Counts the heap before the first collection as allocated only when the span starts at JVM start. */
    summary(fromJvmStart: boolean, spanSeconds: number | null): GcAllocationSummary {
      const bytes = previousAfter === null ? null : allocated + (fromJvmStart ? firstBefore : 0);
      const rate = (value: number | null) =>
        value !== null && spanSeconds !== null && spanSeconds > 0 ? value / spanSeconds : null;
      return {
        allocatedBytes: bytes,
        allocationRateBytesPerSecond: rate(bytes),
        promotedBytes: promoted,
        promotionRateBytesPerSecond: rate(promoted),
      };
    },
  };
}

interface RunState {
  clock: RunClock;
  pauses: PauseGroups;
  concurrent: PhaseTotals;
  trend: HeapTrend;
  allocation: ReturnType<typeof createAllocationTracker>;
  collector: GcCollector;
  jvmVersion: string | null;
  maxHeapBytes: number | null;
  counts: { events: number; invalid: number; fullGc: number; toSpace: number; parseErrors: number };
  cycles: { count: number; totalSeconds: number };
  stalls: { count: number; totalSeconds: number };
}

function createState(meta: GcRunMeta, options: GcRunAccumulatorOptions): RunState {
  return {
    clock: createRunClock(meta.jvmStartEpochMs),
    pauses: createPauseGroups(
      options.exactPercentileCap ?? DEFAULT_EXACT_PERCENTILE_CAP,
      options.maxPauseGroups ?? 200,
    ),
    concurrent: createPhaseTotals(options.maxConcurrentPhases ?? 64),
    trend: createHeapTrend(options.trendPoints ?? 20),
    allocation: createAllocationTracker(),
    collector: 'unknown',
    jvmVersion: null,
    maxHeapBytes: null,
    counts: { events: 0, invalid: 0, fullGc: 0, toSpace: 0, parseErrors: 0 },
    cycles: { count: 0, totalSeconds: 0 },
    stalls: { count: 0, totalSeconds: 0 },
  };
}

function addJvmInfo(state: RunState, event: GcJvmInfoEvent): void {
  if (event.collector !== undefined && event.collector !== 'unknown') state.collector = event.collector;
  if (event.jvmVersion !== undefined) state.jvmVersion = event.jvmVersion;
  if (validAmount(event.maxHeapBytes) && event.maxHeapBytes > 0) state.maxHeapBytes = event.maxHeapBytes;
  if (event.startEpochMs !== undefined) state.clock.learnStart(event.startEpochMs);
  state.clock.observe(event);
}

/** Feeds a collection's heap figures to the allocation tracker and the trend. */
function addCollection(state: RunState, event: GcPauseEvent | GcCycleEvent, t: number | null): void {
  const heap = event.heap;
  if (heap === undefined) return;
  if (!validHeap(heap)) {
    state.counts.invalid++;
    return;
  }
  state.allocation.add(heap);
  const full = event.kind === 'pause' && event.type === 'full';
  const committed = heap.committedBytes === undefined ? {} : { committedBytes: heap.committedBytes };
  state.trend.add({ t, time: event, afterBytes: heap.afterBytes, full, ...committed });
}

function addTimedEvent(state: RunState, event: Exclude<GcEvent, GcJvmInfoEvent>): void {
  const t = state.clock.observe(event);
  const duration = 'durationSeconds' in event ? event.durationSeconds : undefined;
  if (duration !== undefined && !validAmount(duration)) {
    state.counts.invalid++;
    // A cycle's duration is optional: its heap figures are still worth keeping.
    if (event.kind !== 'cycle') return;
  }
  switch (event.kind) {
    case 'pause':
      state.pauses.add(event.type, event.cause, event.durationSeconds);
      if (event.type === 'full') state.counts.fullGc++;
      addCollection(state, event, t);
      return;
    case 'cycle':
      state.cycles.count++;
      if (validAmount(event.durationSeconds)) state.cycles.totalSeconds += event.durationSeconds;
      addCollection(state, event, t);
      return;
    case 'concurrent':
      state.concurrent.add(event.phase, event.durationSeconds);
      return;
    case 'allocation_stall':
      state.stalls.count++;
      state.stalls.totalSeconds += event.durationSeconds;
      return;
    case 'to_space_exhausted':
      state.counts.toSpace++;
      return;
  }
}

function summarize(state: RunState, meta: GcRunMeta, startWindowSeconds: number): GcRunSummary {
  const span = state.clock.span(startWindowSeconds);
  const pauses = state.pauses.summary();
  // Capped: a log whose pauses outlast its span (clock jumps, lost lines) must not report < 0% throughput.
  const overhead =
    span.spanSeconds !== null && span.spanSeconds > 0
      ? Math.min(100, (pauses.totalSeconds / span.spanSeconds) * 100)
      : null;
  return {
    pod: meta.pod,
    format: meta.format,
    files: [...meta.files],
    collector: state.collector,
    jvmVersion: state.jvmVersion,
    maxHeapBytes: state.maxHeapBytes,
    jvmStartEpochMs: state.clock.startEpochMs(),
    eventCount: state.counts.events,
    invalidEvents: state.counts.invalid,
    firstEvent: span.first,
    lastEvent: span.last,
    spanFrom: span.spanFrom,
    spanSeconds: span.spanSeconds,
    pauses,
    fullGcCount: state.counts.fullGc,
    concurrent: state.concurrent.summary(),
    cycles: { ...state.cycles },
    overheadPercent: overhead,
    throughputPercent: overhead === null ? null : 100 - overhead,
    allocation: state.allocation.summary(span.spanFrom === 'jvm_start', span.spanSeconds),
    heapAfterGc: state.trend.summary(state.maxHeapBytes, (time) => state.clock.resolve(time)),
    allocationStalls: { ...state.stalls },
    toSpaceExhaustedCount: state.counts.toSpace,
    parseErrors: state.counts.parseErrors,
  };
}

/** Creates an accumulator for one run. */
export function createGcRunAccumulator(
  meta: GcRunMeta,
  options: GcRunAccumulatorOptions = {},
): GcRunAccumulator {
  const state = createState(meta, options);
  const startWindowSeconds = options.startWindowSeconds ?? 60;
  return {
    add(event) {
      state.counts.events++;
      if (event.kind === 'jvm_info') addJvmInfo(state, event);
      else addTimedEvent(state, event);
    },
    addParseErrors(count) {
      if (validAmount(count)) state.counts.parseErrors += count;
    },
    summary: () => summarize(state, meta, startWindowSeconds),
  };
}
