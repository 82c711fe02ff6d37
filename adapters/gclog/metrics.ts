import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { GcMetricNames as N, PAUSE_BUCKETS_SECONDS, micrometerAction } from '../../core/gclog/metric-spec.js';
import type { GcCollector, GcEvent, GcLogFormat } from '../../core/gclog/types.js';

/** The pod a GC log belongs to, as the NAS layout tells it. */
export type PodLabels = {
  k8s_namespace: string;
  service: string;
  pod: string;
};

type Labels = Record<string, string>;

/**
 * GC log metrics on a prom-client Registry. Remembers every label set it created per pod, so a
 * pod's series can be dropped at once when its files stop changing (bounded cardinality).
 */
export class GcLogMetrics {
  private readonly pause: Histogram;
  private readonly concurrent: Counter;
  private readonly gauges: Record<'before' | 'after' | 'committed' | 'max' | 'start' | 'last', Gauge>;
  private readonly allocated: Counter;
  private readonly promoted: Counter;
  private readonly stalls: Counter;
  private readonly toSpace: Counter;
  private readonly info: Gauge;
  private readonly parseErrors: Counter;
  private readonly seen = new Map<string, { metric: Counter | Gauge | Histogram; labels: Labels }[]>();

  constructor(registry: Registry) {
    const pod = ['k8s_namespace', 'service', 'pod'];
    const reg = { registers: [registry] };
    this.pause = new Histogram({
      name: N.pause,
      help: 'Stop-the-world GC pauses read from the GC logs on the NAS.',
      labelNames: [...pod, 'action', 'cause', 'type'],
      buckets: PAUSE_BUCKETS_SECONDS,
      ...reg,
    });
    this.concurrent = new Counter({
      name: N.concurrent,
      help: 'Time spent in concurrent GC phases (not pauses), by phase.',
      labelNames: [...pod, 'phase'],
      ...reg,
    });
    const gauge = (name: string, help: string): Gauge => new Gauge({ name, help, labelNames: pod, ...reg });
    this.gauges = {
      before: gauge(N.heapBefore, 'Heap used before the last collection.'),
      after: gauge(N.heapAfter, 'Heap used after the last collection (live data estimate).'),
      committed: gauge(N.heapCommitted, 'Committed heap at the last collection.'),
      max: gauge(N.heapMax, 'Maximum heap size, when the log states it.'),
      start: gauge(N.jvmStart, 'JVM start time as Unix seconds.'),
      last: gauge(N.lastEvent, 'Time of the last GC event read, as Unix seconds.'),
    };
    const counter = (name: string, help: string): Counter =>
      new Counter({ name, help, labelNames: pod, ...reg });
    this.allocated = counter(
      N.allocated,
      'Bytes allocated between collections (heap before GC minus heap after the previous GC).',
    );
    this.promoted = counter(
      N.promoted,
      'Bytes promoted from the young to the old generation, when the log has young figures.',
    );
    this.stalls = counter(
      N.allocationStalls,
      'Allocation stalls (threads waiting for memory), ZGC/Shenandoah.',
    );
    this.toSpace = counter(N.toSpaceExhausted, 'Evacuation failures: to-space exhausted, promotion failed.');
    this.info = new Gauge({
      name: N.info,
      help: 'GC log format and collector per pod (always 1).',
      labelNames: [...pod, 'format', 'collector'],
      ...reg,
    });
    this.parseErrors = new Counter({
      name: N.parseErrors,
      help: 'GC log lines that looked like events but could not be parsed (skipped).',
      labelNames: ['format'],
      ...reg,
    });
  }

  /** Applies one parsed event of a pod. */
  record(pod: PodLabels, event: GcEvent): void {
    switch (event.kind) {
      case 'pause': {
        const labels = { ...pod, action: micrometerAction(event.type), cause: event.cause, type: event.type };
        this.track(pod, this.pause, labels).observe(labels, event.durationSeconds);
        return;
      }
      case 'concurrent': {
        const labels = { ...pod, phase: event.phase };
        this.track(pod, this.concurrent, labels).inc(labels, event.durationSeconds);
        return;
      }
      case 'allocation_stall':
        this.track(pod, this.stalls, pod).inc(pod);
        return;
      case 'to_space_exhausted':
        this.track(pod, this.toSpace, pod).inc(pod);
        return;
      case 'cycle':
      case 'jvm_info':
        return;
    }
  }

  /** Heap figures of the latest collection, plus derived allocation/promotion deltas. */
  heap(
    pod: PodLabels,
    figures: { before: number; after: number; committed?: number; allocated: number; promoted?: number },
  ): void {
    this.setGauge(pod, 'before', figures.before);
    this.setGauge(pod, 'after', figures.after);
    if (figures.committed !== undefined) this.setGauge(pod, 'committed', figures.committed);
    if (figures.allocated > 0) this.track(pod, this.allocated, pod).inc(pod, figures.allocated);
    if (figures.promoted !== undefined && figures.promoted > 0)
      this.track(pod, this.promoted, pod).inc(pod, figures.promoted);
  }

  setGauge(pod: PodLabels, which: keyof GcLogMetrics['gauges'], value: number): void {
    this.track(pod, this.gauges[which], pod).set(pod, value);
  }

  setInfo(pod: PodLabels, format: GcLogFormat, collector: GcCollector): void {
    for (const entry of this.seen.get(keyOf(pod)) ?? []) {
      if (entry.metric === this.info) this.info.remove(entry.labels);
    }
    const entries = this.seen.get(keyOf(pod));
    if (entries)
      this.seen.set(
        keyOf(pod),
        entries.filter((e) => e.metric !== this.info),
      );
    const labels = { ...pod, format, collector };
    this.track(pod, this.info, labels).set(labels, 1);
  }

  /** Ensures the parse error counter exists for a format (so `rate()` sees the 0), then adds. */
  addParseErrors(format: GcLogFormat, count: number): void {
    this.parseErrors.inc({ format }, count);
  }

  /** Drops every series of a pod (its files stopped changing for longer than the TTL). */
  dropPod(pod: PodLabels): void {
    for (const { metric, labels } of this.seen.get(keyOf(pod)) ?? []) metric.remove(labels);
    this.seen.delete(keyOf(pod));
  }

  private track<M extends Counter | Gauge | Histogram>(pod: PodLabels, metric: M, labels: Labels): M {
    const key = keyOf(pod);
    let entries = this.seen.get(key);
    if (!entries) this.seen.set(key, (entries = []));
    const id = JSON.stringify(labels);
    if (!entries.some((e) => e.metric === metric && JSON.stringify(e.labels) === id))
      entries.push({ metric, labels });
    return metric;
  }
}

function keyOf(pod: PodLabels): string {
  return `${pod.k8s_namespace}/${pod.service}/${pod.pod}`;
}
