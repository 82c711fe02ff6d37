/**
 * Registry drift in the exporter: pods come from a list+watch cache (no polling), the Nacos
 * registry is read every poll interval, and drift is recomputed on every pod change (debounced)
 * and at least every `recomputeMs`. Drift series are published only while both sources are up
 * and fresh; a down source shows as `opsctl_source_up 0` and the drift series disappear rather
 * than claim that everything is missing.
 */
import type { Registry } from 'prom-client';
import { DriftMonitor, type DriftReport } from '../core/drift/monitor.js';
import { sameRegistryData } from '../core/drift/same-registry.js';
import type { DriftSettings } from '../core/drift/settings.js';
import { describeCause } from '../core/errors.js';
import { podKey, type PodInfo } from '../core/kube/pod.js';
import type { PodScope, PodSource, PodWatch } from '../core/ports/pod-source.js';
import type { RegistrySnapshot, RegistrySource } from '../core/ports/registry-source.js';
import {
  driftLabels,
  renderDriftSeries,
  renderExpectedPods,
  renderRegistryInventory,
  type TransitionCount,
} from './drift-metrics.js';
import { SourceHealthMetrics, type SourceState } from './drift-source-metrics.js';

/** The logging the collector does. */
export interface DriftLog {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

/** What the collector reads and how often. */
export interface DriftCollectorOptions {
  pods: PodSource;
  scope: PodScope;
  labelSelector?: string | undefined;
  /** `requests` feeds opsctl_source_requests_total; `close` runs when the collector closes. */
  registry: RegistrySource & { readonly requests?: number; close?(): void };
  settings: DriftSettings;
  pollIntervalMs: number;
  recomputeMs: number;
  /** Nacos data older than this (no successful read since) counts as down. */
  sourceStaleMs: number;
  instanceInfo: boolean;
  /** Transition counters of services without drift for this long are dropped. */
  seriesTtlMs: number;
  /** The exporter's registry: source health metrics live there. */
  metrics: Registry;
  log: DriftLog;
  /** @default Date.now */
  now?: () => number;
}

/**
 * Delay that gathers a burst of pod changes into one recompute: grace periods are tens of
 * seconds, so a second of latency costs nothing and spares work during rollouts.
 */
const DEBOUNCE_MS = 1000;

/** Runs the drift comparison for the exporter. */
export class DriftCollector {
  private readonly now: () => number;
  private readonly monitor: DriftMonitor;
  private readonly health: SourceHealthMetrics;
  private readonly transitions = new Map<string, TransitionCount & { touched: number }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /**
   * The watch cache mirrored from its change events, which cover the initial list and relists
   * too (client-node's ListWatch reports every listed pod as added); PodWatch.pods() would sort
   * a copy of 10,000 pods on every recompute.
   */
  private readonly pods = new Map<string, PodInfo>();
  private podList: PodInfo[] | undefined;
  private inventory: { snapshot: RegistrySnapshot; text: string } | undefined;
  private watch: PodWatch | undefined;
  private snapshot: RegistrySnapshot | undefined;
  private nacosOkAt: number | undefined;
  private nacosFailed = true;
  private debounce: NodeJS.Timeout | undefined;
  private closed = false;
  private awaitingSync = false;
  private failing = '';
  private text = '';
  /** The last evaluation (undefined while a source is down). */
  lastReport: DriftReport | undefined;
  /** Wall time of the last evaluation in milliseconds. */
  lastComputeMs = 0;

  constructor(private readonly options: DriftCollectorOptions) {
    this.now = options.now ?? Date.now;
    this.monitor = new DriftMonitor(options.settings);
    this.health = new SourceHealthMetrics(options.metrics, () => this.sources());
  }

  /** Starts the pod watch, the registry polling and the periodic recompute. */
  start(): void {
    this.watch = this.options.pods.watchPods(this.options.scope, {
      labelSelector: this.options.labelSelector,
      onChange: (change) => {
        const key = podKey(change.pod);
        if (change.type === 'deleted') this.pods.delete(key);
        else this.pods.set(key, change.pod);
        this.podList = undefined;
        this.schedule();
      },
      onError: (error) => {
        this.options.log.warn('pod watch failed, retrying', { code: error.code, error: error.message });
        this.awaitSync();
        this.schedule();
      },
    });
    this.awaitSync();
    void this.poll();
    this.every(this.options.recomputeMs, () => this.recompute());
  }

  /** The drift text for `/metrics` (empty until both sources are up). */
  metricsText(): string {
    return this.text;
  }

  /** Stops everything; no timer or callback runs afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    clearTimeout(this.debounce);
    await this.watch?.stop();
    this.options.registry.close?.();
  }

  private sources(): SourceState[] {
    const watch = this.watch;
    const stats = watch?.stats;
    return [
      {
        source: 'nacos',
        up: this.nacosUp(),
        lastSync: this.nacosOkAt,
        requests: { http: this.options.registry.requests ?? 0 },
      },
      {
        source: 'kubernetes',
        up: watch?.synced === true,
        lastSync: watch?.lastSyncAt,
        requests: { list: stats?.lists ?? 0, watch: stats?.watches ?? 0 },
      },
    ];
  }

  private nacosUp(): boolean {
    const at = this.nacosOkAt;
    return !this.nacosFailed && at !== undefined && this.now() - at <= this.options.sourceStaleMs;
  }

  private every(ms: number, fn: () => void): void {
    const tick = () => {
      this.timers.delete(timer);
      if (this.closed) return;
      fn();
      timer = setTimeout(tick, ms);
      this.timers.add(timer);
    };
    let timer = setTimeout(tick, ms);
    this.timers.add(timer);
  }

  /** Observes how long the pod cache takes to (re)sync, for opsctl_source_sync_duration_seconds. */
  private awaitSync(): void {
    if (this.awaitingSync || !this.watch || this.watch.synced) return;
    this.awaitingSync = true;
    const started = this.now();
    this.watch
      .waitForSync({ timeoutMs: 24 * 3600_000 })
      .then(
        () => {
          this.health.observeSync('kubernetes', (this.now() - started) / 1000);
          this.schedule();
        },
        () => undefined,
      )
      .finally(() => (this.awaitingSync = false));
  }

  private async poll(): Promise<void> {
    if (this.closed) return;
    const started = this.now();
    const wasUp = this.nacosUp();
    try {
      const deadline = AbortSignal.timeout(Math.max(60_000, this.options.pollIntervalMs));
      const read = await this.options.registry.read(deadline);
      // An unchanged registry keeps the old object, so the evaluation is reused (DriftMonitor).
      if (!this.snapshot || !sameRegistryData(this.snapshot, read)) this.snapshot = read;
      this.nacosOkAt = this.now();
      this.nacosFailed = false;
      this.health.observeSync('nacos', (this.nacosOkAt - started) / 1000);
      // Logged when the set of failing namespaces changes, not on every poll.
      const failing = this.snapshot.errors.map((e) => `${e.nacosNamespace}:${e.code}`).join(',');
      if (failing !== this.failing)
        for (const e of this.snapshot.errors)
          this.options.log.warn('Nacos namespace not read', {
            nacosNamespace: e.nacosNamespace,
            code: e.code,
            error: e.message,
          });
      this.failing = failing;
      if (!wasUp) this.options.log.info('Nacos registry read', { instances: this.snapshot.instances.length });
    } catch (error) {
      this.nacosFailed = true;
      if (wasUp || this.nacosOkAt === undefined)
        this.options.log.warn('Nacos registry read failed; drift not published', {
          error: describeCause(error),
        });
    }
    if (this.closed) return;
    this.recompute();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.poll();
    }, this.options.pollIntervalMs);
    this.timers.add(timer);
  }

  private schedule(): void {
    if (this.closed || this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      if (!this.closed) this.recompute();
    }, DEBOUNCE_MS);
  }

  /** One evaluation when both sources are up; otherwise no drift series at all. */
  recompute(): void {
    const watch = this.watch;
    const snapshot = this.snapshot;
    const nacosUp = this.nacosUp();
    if (!watch?.synced || !nacosUp || !snapshot) {
      this.lastReport = undefined;
      this.text = nacosUp && snapshot ? this.inventoryText(snapshot) : '';
      return;
    }
    const started = performance.now();
    const now = this.now();
    const pods = (this.podList ??= [...this.pods.values()]);
    const report = this.monitor.evaluate({ pods, registry: snapshot }, now);
    this.count(report, now);
    this.text =
      renderDriftSeries(report, this.transitions.values(), this.options.instanceInfo) +
      this.inventoryText(snapshot) +
      renderExpectedPods(report.expected);
    this.lastReport = report;
    this.lastComputeMs = performance.now() - started;
    this.health.observeCompute(this.lastComputeMs / 1000);
  }

  /** The registry inventory, rendered once per snapshot. */
  private inventoryText(snapshot: RegistrySnapshot): string {
    if (this.inventory?.snapshot !== snapshot)
      this.inventory = { snapshot, text: renderRegistryInventory(snapshot.instances) };
    return this.inventory.text;
  }

  private count(report: DriftReport, now: number): void {
    for (const f of report.findings) {
      const labels = driftLabels(f);
      const key = JSON.stringify(labels);
      const entry = this.transitions.get(key) ?? { labels, value: 0, touched: now };
      entry.touched = now;
      this.transitions.set(key, entry);
    }
    for (const f of report.entered) this.transitions.get(JSON.stringify(driftLabels(f)))!.value++;
    for (const [key, entry] of this.transitions)
      if (now - entry.touched > this.options.seriesTtlMs) this.transitions.delete(key);
  }
}
