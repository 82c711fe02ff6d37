/**
 * Expectations of every pod of one evaluation: explicit ones computed once, inferred ones per
 * set of verified registrations (detectDrift asks twice: before and after judging reused IPs).
 * Built for 10,000 pods per evaluation: only workloads with a verified pod are looked at.
 */
import type { PodInfo } from '../kube/pod.js';
import {
  explicitExpectations,
  inferForWorkload,
  workloadKey,
  type Expectation,
  type RegistryCatalog,
} from './expected.js';
import type { ExpectationSettings } from './settings.js';
import type { ServiceRef } from './types.js';

/** What a pod is expected in; `opted_out` expects nothing, undefined means unknown. */
export interface ExpectationView {
  get(uid: string): readonly Expectation[] | 'opted_out' | undefined;
}

/** Verified registrations: pod UID -> service key -> service. */
export type Verified = ReadonlyMap<string, ReadonlyMap<string, ServiceRef>>;

/** The expectations of the live pods of one evaluation. */
export class PodExpectations {
  private readonly explicit = new Map<string, Expectation[] | 'opted_out'>();
  private readonly workloads = new Map<string, PodInfo[]>();
  private readonly workloadOf = new Map<string, string>();

  constructor(live: readonly PodInfo[], settings: ExpectationSettings, catalog: RegistryCatalog) {
    for (const pod of live) {
      const own = explicitExpectations(pod, settings, catalog);
      if (own === 'opted_out' || own.length > 0) this.explicit.set(pod.uid, own);
      const key = settings.inferFromWorkload ? workloadKey(pod) : undefined;
      if (!key) continue;
      this.workloadOf.set(pod.uid, key);
      const list = this.workloads.get(key);
      if (list) list.push(pod);
      else this.workloads.set(key, [pod]);
    }
  }

  /** Explicit expectations, else what the workload's verified registrations suggest. */
  view(verified: Verified): ExpectationView {
    const inferred = new Map<string, Expectation[]>();
    const done = new Set<string>();
    for (const uid of verified.keys()) {
      const key = this.workloadOf.get(uid);
      if (key === undefined || done.has(key)) continue;
      done.add(key);
      const group = this.workloads.get(key)!;
      if (group.every((p) => this.explicit.has(p.uid))) continue;
      for (const [podUid, list] of inferForWorkload(group, verified))
        if (!this.explicit.has(podUid)) inferred.set(podUid, list);
    }
    return { get: (uid) => this.explicit.get(uid) ?? inferred.get(uid) ?? [] };
  }
}
