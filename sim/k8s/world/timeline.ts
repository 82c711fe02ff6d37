/**
 * Runs a scenario's `timeline:` entries at their offsets from the simulator start: readiness
 * flips, graceful terminations, forced deletes, restarts, IP reuse, scaling and new pods.
 */
import { parseScenarioDuration } from '../../scenario/duration.js';
import type { ScenarioPod, TimelineEntry } from '../../scenario/kubernetes.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { KubeSimStore } from '../control.js';

function splitRef(ref: string): [string, string] {
  const [ns = '', name = ''] = ref.split('/');
  return [ns, name];
}

function targetPod(
  store: KubeSimStore,
  e: { pod?: string | undefined; workload?: string | undefined; index: number },
): [string, string] {
  if (e.pod !== undefined) return splitRef(e.pod);
  const [ns, workload] = splitRef(e.workload ?? '');
  const pods = store.podsOf(ns, workload).filter((p) => !p.metadata.deletionTimestamp);
  const pod = pods[e.index];
  if (!pod) throw new Error(`workload ${ns}/${workload} has no pod #${e.index} (has ${pods.length})`);
  return [ns, pod.metadata.name ?? ''];
}

/** Applies one timeline entry now. */
export function applyTimelineEntry(
  store: KubeSimStore,
  e: TimelineEntry,
  createPod: (p: ScenarioPod) => void,
): void {
  switch (e.action) {
    case 'setReady': {
      const [ns, name] = targetPod(store, e);
      store.setPodReady(ns, name, e.ready, e.container);
      return;
    }
    case 'terminate': {
      const [ns, name] = targetPod(store, e);
      store.terminatePod(ns, name, e.gracePeriodSeconds);
      return;
    }
    case 'delete': {
      const [ns, name] = targetPod(store, e);
      store.delete('pods', ns, name, { gracePeriodSeconds: 0 });
      return;
    }
    case 'restart': {
      const [ns, name] = targetPod(store, e);
      store.restartPod(ns, name, {
        ...(e.container ? { container: e.container } : {}),
        ...(e.reason ? { reason: e.reason } : {}),
      });
      return;
    }
    case 'reuseIp': {
      const [ns, name] = targetPod(store, e);
      store.reuseIp(ns, name);
      return;
    }
    case 'scale': {
      const [ns, name] = splitRef(e.workload);
      store.scale('deployments', ns, name, e.replicas);
      return;
    }
    case 'createPod':
      createPod(e.spec);
      return;
  }
}

/** Schedules every entry; returns a function cancelling those not yet run. */
export function scheduleTimeline(
  entries: TimelineEntry[],
  clock: Clock,
  store: KubeSimStore,
  createPod: (p: ScenarioPod) => void,
  onError: (entry: TimelineEntry, err: unknown) => void,
): () => void {
  const timers: TimerHandle[] = entries.map((entry) =>
    clock.setTimeout(() => {
      try {
        applyTimelineEntry(store, entry, createPod);
      } catch (e) {
        onError(entry, e);
      }
    }, parseScenarioDuration(entry.at)),
  );
  return () => {
    for (const t of timers) clock.clearTimeout(t);
  };
}
