import type { GcPauseType } from './types.js';

/**
 * Names of the JVM metrics derived from GC logs and heap dumps (shared/DESIGN.md, "Metrics
 * contract"). Rules and dashboards import these so a rename breaks the build, not a dashboard.
 */
export const GcMetricNames = {
  pause: 'opsctl_gclog_pause_seconds',
  concurrent: 'opsctl_gclog_concurrent_seconds_total',
  heapBefore: 'opsctl_gclog_heap_before_gc_bytes',
  heapAfter: 'opsctl_gclog_heap_after_gc_bytes',
  heapCommitted: 'opsctl_gclog_heap_committed_bytes',
  heapMax: 'opsctl_gclog_heap_max_bytes',
  allocated: 'opsctl_gclog_allocated_bytes_total',
  promoted: 'opsctl_gclog_promoted_bytes_total',
  allocationStalls: 'opsctl_gclog_allocation_stalls_total',
  toSpaceExhausted: 'opsctl_gclog_to_space_exhausted_total',
  jvmStart: 'opsctl_gclog_jvm_start_time_seconds',
  lastEvent: 'opsctl_gclog_last_event_timestamp_seconds',
  info: 'opsctl_gclog_info',
  parseErrors: 'opsctl_gclog_parse_errors_total',
  filesTracked: 'opsctl_gclog_files_tracked',
  bytesRead: 'opsctl_gclog_read_bytes_total',
  dumpFiles: 'opsctl_heapdump_files',
  dumpBytes: 'opsctl_heapdump_bytes',
  dumpLast: 'opsctl_heapdump_last_timestamp_seconds',
  dumpCreated: 'opsctl_heapdump_created_total',
  dumpIncomplete: 'opsctl_heapdump_incomplete',
} as const;

/** Pause histogram buckets in seconds: from sub-millisecond young pauses to long full GCs. */
export const PAUSE_BUCKETS_SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Micrometer's `action` for a pause type, so dashboards built for `jvm_gc_pause_seconds`
 * (`{{action}} ({{cause}})`) read the same: young and mixed collections are minor, full ones
 * major; phase pauses of concurrent collectors are reported as "end of GC pause", as the JDK's
 * ZGC/Shenandoah pause beans do.
 */
export function micrometerAction(type: GcPauseType): string {
  switch (type) {
    case 'young':
    case 'mixed':
      return 'end of minor GC';
    case 'full':
    case 'degenerated':
      return 'end of major GC';
    case 'initial_mark':
    case 'remark':
    case 'cleanup':
    case 'init_mark':
    case 'final_mark':
    case 'init_update_refs':
    case 'final_update_refs':
    case 'final_roots':
    case 'mark_start':
    case 'mark_end':
    case 'relocate_start':
    case 'other':
      return 'end of GC pause';
  }
}
