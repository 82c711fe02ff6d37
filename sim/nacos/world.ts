/** Builds a simulator's world from a `nacos:` scenario and plays its timeline. */
import type { Clock, TimerHandle } from '../k8s/clock.js';
import { parseScenarioDuration } from '../scenario/duration.js';
import type { NacosScenario, NacosTimelineEntry } from './scenario.js';
import type { InstanceRef, NacosStore } from './store.js';

type ScenarioInstance = NacosScenario['services'][number]['instances'][number];

function registerScenarioInstance(
  store: NacosStore,
  where: { namespace: string; group: string; service: string },
  inst: ScenarioInstance,
): void {
  store.register({
    namespaceId: where.namespace,
    group: where.group,
    service: where.service,
    ip: inst.ip,
    port: inst.port,
    cluster: inst.cluster,
    weight: inst.weight,
    healthy: inst.healthy,
    enabled: inst.enabled,
    ephemeral: inst.ephemeral,
    metadata: inst.metadata,
    ...(inst.instanceId === undefined ? {} : { instanceId: inst.instanceId }),
    simBeating: inst.ephemeral && inst.beating,
  });
}

/** Puts a scenario's namespaces, services and instances into a store. */
export function applyNacosScenario(store: NacosStore, scenario: NacosScenario): void {
  for (const ns of scenario.namespaces) {
    store.addNamespace({ id: ns.id, showName: ns.name ?? ns.id, desc: ns.description ?? '' });
  }
  for (const svc of scenario.services) {
    const s = store.ensureService(svc.namespace, svc.group, svc.name);
    s.protectThreshold = svc.protectThreshold;
    s.metadata = { ...svc.metadata };
    for (const inst of svc.instances) {
      registerScenarioInstance(
        store,
        { namespace: svc.namespace, group: svc.group, service: svc.name },
        inst,
      );
    }
  }
}

function refOf(e: Exclude<NacosTimelineEntry, { action: 'register' }>): InstanceRef {
  return {
    namespaceId: e.namespace,
    group: e.group,
    service: e.service,
    ip: e.ip,
    port: e.port,
    cluster: e.cluster,
  };
}

/** Applies one timeline entry. Returns false when its instance does not exist. */
export function applyTimelineEntry(store: NacosStore, e: NacosTimelineEntry): boolean {
  switch (e.action) {
    case 'register':
      registerScenarioInstance(store, e, e.instance);
      return true;
    case 'stopBeating':
      return store.setSimBeating(refOf(e), false);
    case 'startBeating':
      return store.setSimBeating(refOf(e), true);
    case 'disable':
      return store.update(refOf(e), { enabled: false }) !== undefined;
    case 'enable':
      return store.update(refOf(e), { enabled: true }) !== undefined;
    case 'setHealthy':
      return store.update(refOf(e), { healthy: e.healthy }) !== undefined;
    case 'setWeight':
      return store.update(refOf(e), { weight: e.weight }) !== undefined;
    case 'deregister':
      return store.deregister(refOf(e));
  }
}

/**
 * Schedules the timeline on a clock, relative to now. Entries whose instance is missing are
 * reported through `onError`. Returns a function that cancels what has not run yet.
 */
export function scheduleNacosTimeline(
  store: NacosStore,
  clock: Clock,
  timeline: readonly NacosTimelineEntry[],
  onError: (what: string, err: unknown) => void,
): () => void {
  const handles: TimerHandle[] = timeline.map((entry, i) =>
    clock.setTimeout(() => {
      if (!applyTimelineEntry(store, entry)) {
        onError(`nacos timeline[${i}] ${entry.action}`, new Error(`no such instance in ${entry.service}`));
      }
    }, parseScenarioDuration(entry.at)),
  );
  return () => handles.forEach((h) => clock.clearTimeout(h));
}
