import { heapDelta } from '../../core/gclog/heap-delta.js';
import type { GcEvent, GcLogFormat } from '../../core/gclog/types.js';
import type { GcLogMetrics, PodLabels } from '../gclog/metrics.js';

/** What applying events needs to remember per JVM run (one rotation chain). */
export interface RunState {
  labels: PodLabels;
  format?: GcLogFormat | 'unknown';
  startEpochMs: number | undefined;
  lastAfterBytes: number | undefined;
}

/**
 * Turns a run's parsed events into metric updates: pauses and phases, heap gauges, allocation and
 * promotion (core/gclog/heap-delta.ts), JVM facts, and the time of the last event (its own clock,
 * else JVM start plus uptime).
 */
export function applyGcEvents(metrics: GcLogMetrics, run: RunState, events: readonly GcEvent[]): void {
  const pod = run.labels;
  let lastMs: number | undefined;
  for (const event of events) {
    if (event.kind === 'jvm_info') {
      if (event.collector && run.format && run.format !== 'unknown')
        metrics.setInfo(pod, run.format, event.collector);
      if (event.maxHeapBytes !== undefined) metrics.setGauge(pod, 'max', event.maxHeapBytes);
      if (event.startEpochMs !== undefined) run.startEpochMs = event.startEpochMs;
      continue;
    }
    metrics.record(pod, event);
    if ((event.kind === 'pause' || event.kind === 'cycle') && event.heap) {
      const h = event.heap;
      const delta = heapDelta(run.lastAfterBytes, h);
      metrics.heap(pod, {
        before: h.beforeBytes,
        after: h.afterBytes,
        allocated: delta.allocatedBytes,
        ...(h.committedBytes !== undefined ? { committed: h.committedBytes } : {}),
        ...(delta.promotedBytes !== undefined ? { promoted: delta.promotedBytes } : {}),
      });
      run.lastAfterBytes = h.afterBytes;
    }
    const at =
      event.epochMs ??
      (run.startEpochMs !== undefined && event.uptimeSeconds !== undefined
        ? run.startEpochMs + event.uptimeSeconds * 1000
        : undefined);
    if (at !== undefined) lastMs = at;
  }
  if (run.startEpochMs !== undefined) metrics.setGauge(pod, 'start', run.startEpochMs / 1000);
  if (lastMs !== undefined) metrics.setGauge(pod, 'last', lastMs / 1000);
}
