/**
 * The drift engine as its users call it: feed both sides and a time, get the findings past their
 * grace period, the transitions since the last evaluation, and the inventories. The exporter keeps
 * one monitor for its lifetime (`continuous`); `opsctl drift` makes one per run (`one-shot`).
 */
import type { RegistryNamespaceError } from '../ports/registry-source.js';
import { detectDrift, type Detection, type DriftInput, type ExpectedPod } from './detect.js';
import type { DriftSettings } from './settings.js';
import { DriftTracker, type TrackerMode } from './tracker.js';
import type { DriftFinding } from './types.js';

/** The outcome of one evaluation. */
export interface DriftReport {
  /** Epoch ms of the evaluation. */
  computedAt: number;
  /** Reported drift (past grace periods). */
  findings: DriftFinding[];
  /** Findings that started being reported with this evaluation. */
  entered: DriftFinding[];
  /** Conditions still within their grace period. */
  pending: number;
  expected: ExpectedPod[];
  pods: number;
  /** Instances compared and how many of them were tied to a pod. */
  instances: number;
  matched: number;
  /** Nacos namespaces that could not be read: their services are unknown, not empty. */
  unread: RegistryNamespaceError[];
}

/** Evaluates drift over time with grace periods. */
export class DriftMonitor {
  private readonly tracker: DriftTracker;
  private last: { input: DriftInput; detection: Detection } | undefined;

  constructor(
    private readonly settings: DriftSettings,
    mode: TrackerMode = 'continuous',
  ) {
    this.tracker = new DriftTracker(settings.graceSeconds, mode);
  }

  /** One evaluation at `now` (epoch ms). */
  evaluate(input: DriftInput, now: number): DriftReport {
    const detection = this.detect(input, now);
    const tracked = this.tracker.apply(detection.candidates, now);
    return {
      computedAt: now,
      findings: tracked.findings,
      entered: tracked.entered,
      pending: tracked.pending.length,
      expected: detection.expected,
      pods: input.pods.length,
      instances: detection.compared.length,
      matched: detection.matched,
      unread: input.registry.errors,
    };
  }

  /**
   * Detection depends on the inputs and on what the tracker learnt from earlier inputs, which
   * only changes when the inputs do: the same pod list and snapshot give the same candidates, so
   * the periodic re-evaluation that only advances ages and grace periods costs nothing.
   */
  private detect(input: DriftInput, now: number): Detection {
    const last = this.last;
    if (last && last.input.pods === input.pods && last.input.registry === input.registry)
      return last.detection;
    this.tracker.observe(input.pods, input.registry.instances, now);
    const detection = detectDrift(input, this.settings, this.tracker);
    if (this.tracker.mode === 'continuous') this.last = { input, detection };
    return detection;
  }
}
