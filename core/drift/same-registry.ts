/**
 * Whether two registry snapshots hold the same data (origin and timing aside). The exporter
 * keeps the older snapshot object when nothing changed, so an unchanged registry costs no
 * re-evaluation.
 */
import type { RegistryInstance, RegistrySnapshot } from '../ports/registry-source.js';

function sameMetadata(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => a[k] === b[k]);
}

function sameInstance(a: RegistryInstance, b: RegistryInstance): boolean {
  return (
    a.nacosNamespace === b.nacosNamespace &&
    a.group === b.group &&
    a.service === b.service &&
    a.cluster === b.cluster &&
    a.ip === b.ip &&
    a.port === b.port &&
    a.weight === b.weight &&
    a.healthy === b.healthy &&
    a.enabled === b.enabled &&
    a.ephemeral === b.ephemeral &&
    a.instanceId === b.instanceId &&
    sameMetadata(a.metadata, b.metadata)
  );
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i]!));
}

/** True when both snapshots list the same namespaces, services, instances and failures. */
export function sameRegistryData(a: RegistrySnapshot, b: RegistrySnapshot): boolean {
  return (
    sameList(a.instances, b.instances, sameInstance) &&
    sameList(
      a.services,
      b.services,
      (x, y) => x.nacosNamespace === y.nacosNamespace && x.group === y.group && x.service === y.service,
    ) &&
    sameList(a.namespaces, b.namespaces, (x, y) => x.id === y.id && x.name === y.name) &&
    sameList(a.errors, b.errors, (x, y) => x.nacosNamespace === y.nacosNamespace && x.code === y.code)
  );
}
