/**
 * The event model every GC log parser produces. Parsers are pure and incremental: they are fed
 * lines in file order and return the events those lines complete. Aggregation (counters,
 * histograms, reports) happens elsewhere, over these events only.
 */

/** How a GC log file is written. */
export type GcLogFormat = 'unified' | 'jdk8' | 'openj9';

/**
 * The collector in use. OpenJ9 policies keep their own names.
 * `ZGC-generational` is JDK 21+ `-XX:+ZGenerational`.
 */
export type GcCollector =
  | 'G1'
  | 'Parallel'
  | 'Serial'
  | 'CMS'
  | 'ZGC'
  | 'ZGC-generational'
  | 'Shenandoah'
  | 'Epsilon'
  | 'gencon'
  | 'balanced'
  | 'optthruput'
  | 'optavgpause'
  | 'metronome'
  | 'unknown';

/**
 * The kind of stop-the-world pause, lower snake case. `young`, `mixed` and `full` map to
 * Micrometer's `action` ("end of minor GC" / "end of major GC"); every other type is a phase
 * pause of a concurrent collector (G1 remark/cleanup, CMS initial mark/remark, Shenandoah and
 * ZGC phase pauses, OpenJ9 global/scavenge...).
 */
export type GcPauseType =
  | 'young'
  | 'mixed'
  | 'full'
  | 'initial_mark'
  | 'remark'
  | 'cleanup'
  | 'init_mark'
  | 'final_mark'
  | 'init_update_refs'
  | 'final_update_refs'
  | 'final_roots'
  | 'degenerated'
  | 'mark_start'
  | 'mark_end'
  | 'relocate_start'
  | 'other';

/** Where in time an event happened, as far as the log says. */
export interface GcTime {
  /** Seconds since JVM start, when the log carries uptime. */
  uptimeSeconds?: number;
  /** Wall clock in ms since the epoch, when the log carries a date/time decorator. */
  epochMs?: number;
}

/** Heap occupancy around one collection, in bytes (whole heap unless stated). */
export interface GcHeapChange {
  beforeBytes: number;
  afterBytes: number;
  /** The size in parentheses after the change: committed heap. */
  committedBytes?: number;
  /** Young generation before/after, when the log has it (JDK 8 details, OpenJ9 nursery). */
  youngBeforeBytes?: number;
  youngAfterBytes?: number;
}

/** One stop-the-world pause, counted exactly once. */
export interface GcPauseEvent extends GcTime {
  kind: 'pause';
  /** GC id from the log (`GC(12)`, `#12:`, OpenJ9 `id`), when present. */
  gcId?: number;
  type: GcPauseType;
  /** The cause verbatim ("G1 Evacuation Pause", "Allocation Failure", "System.gc()"), or "". */
  cause: string;
  durationSeconds: number;
  heap?: GcHeapChange;
}

/** A concurrent phase (runs beside the application; never counted as pause time). */
export interface GcConcurrentEvent extends GcTime {
  kind: 'concurrent';
  gcId?: number;
  /** Phase name as the log says it, lower snake case ("mark", "concurrent_cycle", "sweep"...). */
  phase: string;
  durationSeconds: number;
}

/**
 * A collection summary without a pause duration of its own (ZGC `Garbage Collection (...)`
 * lines, generational ZGC `Minor/Major Collection`): carries heap figures and the cause.
 */
export interface GcCycleEvent extends GcTime {
  kind: 'cycle';
  gcId?: number;
  cause: string;
  heap?: GcHeapChange;
  /** Total cycle duration when the line has one (generational ZGC). */
  durationSeconds?: number;
}

/** A thread stalled waiting for memory (ZGC `Allocation Stall`, Shenandoah pacing stalls). */
export interface GcAllocationStallEvent extends GcTime {
  kind: 'allocation_stall';
  gcId?: number;
  durationSeconds: number;
}

/** G1 "To-space exhausted" / evacuation failure, JDK 8 "(to-space exhausted)" / "promotion failed". */
export interface GcToSpaceExhaustedEvent extends GcTime {
  kind: 'to_space_exhausted';
  gcId?: number;
}

/**
 * Facts about the JVM found in the log header or first lines (`Using G1`, `Version: 17.0.15+6`,
 * `Heap Max Capacity`, JDK 8 `CommandLine flags: -XX:MaxHeapSize=...`, OpenJ9 `<initialized>`).
 * Emitted when learnt; later facts complete earlier ones.
 */
export interface GcJvmInfoEvent extends GcTime {
  kind: 'jvm_info';
  collector?: GcCollector;
  jvmVersion?: string;
  maxHeapBytes?: number;
  /** JVM start as wall clock, when the log lets us compute it (date decorator minus uptime). */
  startEpochMs?: number;
}

export type GcEvent =
  | GcPauseEvent
  | GcConcurrentEvent
  | GcCycleEvent
  | GcAllocationStallEvent
  | GcToSpaceExhaustedEvent
  | GcJvmInfoEvent;

/** Counters every parser keeps while it is fed. */
export interface GcParseStats {
  /** Lines fed. */
  lines: number;
  /** Lines that looked like GC events but could not be parsed (skipped, never fatal). */
  parseErrors: number;
}

/**
 * An incremental parser for one file (or one rotation chain of files). Feed complete lines in
 * order, without the trailing newline; multi-line records (JDK 8 G1, OpenJ9 XML) are held until
 * complete. `end()` returns what a final partial record can still yield and is called at EOF
 * only when the file is known to be finished (rotated away), not on every poll.
 */
export interface GcLogParser {
  readonly format: GcLogFormat;
  readonly stats: GcParseStats;
  /** The events this line completes; the array may be shared and must not be mutated. */
  push(line: string): readonly GcEvent[];
  end(): readonly GcEvent[];
}
