/**
 * Memory across evaluations: when each instance was first seen, which pods were Ready, since when
 * each drift condition holds, and which conditions are past their grace period (and so reported).
 * In `one-shot` mode (a single read, `opsctl drift`) nothing is remembered: a condition is dated
 * by what Kubernetes records (pod start, Ready change, deletion), and an undatable one is reported
 * at once with an unknown age.
 */
import type { PodInfo } from '../kube/pod.js';
import type { RegistryInstance } from '../ports/registry-source.js';
import { instanceKey, type DriftHistory } from './context.js';
import type { DriftCandidate, DriftFinding, DriftKind } from './types.js';

/** Whether the tracker remembers between evaluations. */
export type TrackerMode = 'continuous' | 'one-shot';

/** Conditions after grace periods. */
export interface TrackedDrift {
  /** Past their grace period: reported. */
  findings: DriftFinding[];
  /** Findings reported now that were not reported by the previous evaluation (transitions). */
  entered: DriftFinding[];
  /** Conditions still within their grace period. */
  pending: DriftCandidate[];
}

/** Remembers first sightings and applies grace periods. */
export class DriftTracker implements DriftHistory {
  private readonly instancesSeen = new Map<string, { first: number; generation: number }>();
  private readonly readyPods = new Map<string, number>();
  private readonly conditions = new Map<string, number>();
  private reported = new Set<string>();
  private generation = 0;

  constructor(
    private readonly graceSeconds: Readonly<Record<DriftKind, number>>,
    readonly mode: TrackerMode = 'continuous',
  ) {}

  /** Records the instances and Ready pods of this evaluation (call before detecting). */
  observe(pods: readonly PodInfo[], instances: readonly RegistryInstance[], now: number): void {
    if (this.mode === 'one-shot') return;
    const generation = ++this.generation;
    for (const instance of instances) {
      const key = instanceKey(instance);
      const seen = this.instancesSeen.get(key);
      if (seen) seen.generation = generation;
      else this.instancesSeen.set(key, { first: now, generation });
    }
    for (const [key, seen] of this.instancesSeen)
      if (seen.generation !== generation) this.instancesSeen.delete(key);
    for (const pod of pods) if (pod.ready) this.readyPods.set(pod.uid, generation);
    // Pods that left are forgotten now and then; a UID never comes back, so late is harmless.
    if (generation % 100 === 0)
      for (const [uid, last] of this.readyPods) if (generation - last > 100) this.readyPods.delete(uid);
  }

  instanceFirstSeen(key: string): number | undefined {
    return this.instancesSeen.get(key)?.first;
  }

  seenReady(uid: string): boolean {
    return this.readyPods.has(uid);
  }

  private sinceOf(candidate: DriftCandidate, now: number): number | undefined {
    if (this.mode === 'one-shot') return candidate.evidenceSince;
    let first = this.conditions.get(candidate.key);
    if (first === undefined) this.conditions.set(candidate.key, (first = now));
    // Kubernetes may date a condition before this exporter saw both sides disagree; the later
    // of the two is the safe start (a pod Ready for days whose instance vanished a second ago).
    return Math.max(candidate.evidenceSince ?? first, first);
  }

  /** Dates every candidate, applies the grace periods and forgets conditions that ended. */
  apply(candidates: readonly DriftCandidate[], now: number): TrackedDrift {
    const findings: DriftFinding[] = [];
    const pending: DriftCandidate[] = [];
    const present = new Set<string>();
    for (const candidate of candidates) {
      present.add(candidate.key);
      const since = this.sinceOf(candidate, now);
      const age = since === undefined ? undefined : Math.max(0, (now - since) / 1000);
      if (age !== undefined && age < this.graceSeconds[candidate.kind]) pending.push(candidate);
      else findings.push({ ...candidate, since, ageSeconds: age });
    }
    for (const key of this.conditions.keys()) if (!present.has(key)) this.conditions.delete(key);
    const entered = findings.filter((f) => !this.reported.has(f.key));
    this.reported = new Set(findings.map((f) => f.key));
    return { findings, entered, pending };
  }
}
