/**
 * Health of the two drift sources in the exporter's registry: `opsctl_source_up`,
 * `opsctl_source_last_sync_timestamp_seconds`, `opsctl_source_sync_duration_seconds` (a Nacos
 * read; a pod cache (re)sync), and `opsctl_source_requests_total` (Kubernetes lists and watches,
 * Nacos HTTP requests), which shows a watch staying quiet at steady state; and the time one drift
 * evaluation takes (`opsctl_exporter_drift_compute_duration_seconds`).
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What one source reports. */
export interface SourceState {
  source: 'nacos' | 'kubernetes';
  up: boolean;
  /** Epoch ms of the last good data. */
  lastSync: number | undefined;
  /** Requests sent since start, by kind. */
  requests: Record<string, number>;
}

/** The source health metrics, read from `state()` at every scrape. */
export class SourceHealthMetrics {
  private readonly duration: Histogram;
  private readonly compute: Histogram;

  constructor(registry: Registry, state: () => SourceState[]) {
    new Gauge({
      name: 'opsctl_source_up',
      help: 'Whether a drift source is up and its data fresh (1) or not (0).',
      labelNames: ['source'],
      registers: [registry],
      collect() {
        for (const s of state()) this.set({ source: s.source }, s.up ? 1 : 0);
      },
    });
    new Gauge({
      name: 'opsctl_source_last_sync_timestamp_seconds',
      help: 'When a drift source last delivered good data (Unix seconds).',
      labelNames: ['source'],
      registers: [registry],
      collect() {
        this.reset();
        for (const s of state())
          if (s.lastSync !== undefined) this.set({ source: s.source }, Math.floor(s.lastSync / 1000));
      },
    });
    new Counter({
      name: 'opsctl_source_requests_total',
      help: 'Requests a drift source has sent (kubernetes: list, watch; nacos: http).',
      labelNames: ['source', 'request'],
      registers: [registry],
      collect() {
        this.reset();
        for (const s of state())
          for (const [request, n] of Object.entries(s.requests)) this.inc({ source: s.source, request }, n);
      },
    });
    this.duration = new Histogram({
      name: 'opsctl_source_sync_duration_seconds',
      help: 'Duration of a Nacos registry read, or of a Kubernetes pod cache (re)sync.',
      labelNames: ['source'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
    this.compute = new Histogram({
      name: 'opsctl_exporter_drift_compute_duration_seconds',
      help: 'Duration of one drift evaluation (matching, classification, rendering).',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    });
  }

  /** Records one drift evaluation. */
  observeCompute(seconds: number): void {
    this.compute.observe(seconds);
  }

  /** Records one sync. */
  observeSync(source: SourceState['source'], seconds: number): void {
    this.duration.observe({ source }, seconds);
  }
}
