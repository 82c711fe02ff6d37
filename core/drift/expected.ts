/**
 * The Nacos services a pod is expected to be registered in. Explicit first: pod annotations
 * (`nacos.io/service-name`, `nacos.io/group`, `nacos.io/namespace`), then label templates
 * (`{app.kubernetes.io/name}`) naming a service that exists in Nacos. Otherwise inferred from the
 * pod's workload: the services its other pods are verifiably registered in. Pods without any
 * expectation are not Nacos applications as far as drift is concerned (no `ready_missing`).
 */
import type { PodInfo } from '../kube/pod.js';
import type { RegistrySnapshot } from '../ports/registry-source.js';
import { PUBLIC_NAMESPACE } from '../ports/registry-source.js';
import type { ExpectationSettings } from './settings.js';
import type { ServiceRef } from './types.js';

/** How an expectation was derived (the `reason` of `ready_missing`). */
export type ExpectationSource = 'annotation' | 'label' | 'workload';

/** One service a pod should be registered in. */
export interface Expectation {
  service: ServiceRef;
  source: ExpectationSource;
}

/** The registry's names, for resolving what pods say. */
export interface RegistryCatalog {
  /** Namespace ids by id and by display name. */
  namespaceIds: ReadonlyMap<string, string>;
  /** Groups having a service, by `namespace/service`. */
  groups: ReadonlyMap<string, readonly string[]>;
  /** Namespaces read completely (listed and not failed). */
  readable: ReadonlySet<string>;
}

/** Maps `""` (the default namespace as 1.x/2.x list it) to `public`. */
export function normaliseNacosNamespace(id: string | undefined): string {
  return id === undefined || id.trim() === '' ? PUBLIC_NAMESPACE : id.trim();
}

/** Splits `group@@service` as the server does; a bare name takes `group`. */
export function splitGroupedName(name: string, group: string): { group: string; service: string } {
  const at = name.indexOf('@@');
  return at >= 0
    ? { group: name.slice(0, at) || group, service: name.slice(at + 2) }
    : { group, service: name };
}

/** Catalogs of the snapshots still in use: the exporter evaluates one snapshot many times. */
const catalogs = new WeakMap<RegistrySnapshot, RegistryCatalog>();

/** The catalog of a snapshot (computed once per snapshot object). */
export function catalogOf(snapshot: RegistrySnapshot): RegistryCatalog {
  let catalog = catalogs.get(snapshot);
  if (!catalog) catalogs.set(snapshot, (catalog = buildCatalog(snapshot)));
  return catalog;
}

function buildCatalog(snapshot: RegistrySnapshot): RegistryCatalog {
  const namespaceIds = new Map<string, string>();
  for (const ns of snapshot.namespaces) {
    const id = normaliseNacosNamespace(ns.id);
    if (ns.name && !namespaceIds.has(ns.name)) namespaceIds.set(ns.name, id);
    namespaceIds.set(id, id);
  }
  const groups = new Map<string, string[]>();
  const add = (ns: string, group: string, service: string): void => {
    const key = `${normaliseNacosNamespace(ns)}/${service}`;
    const list = groups.get(key) ?? [];
    if (!list.includes(group)) list.push(group);
    groups.set(key, list);
  };
  for (const s of snapshot.services) add(s.nacosNamespace, s.group, s.service);
  for (const i of snapshot.instances) add(i.nacosNamespace, i.group, i.service);
  const failed = new Set(snapshot.errors.map((e) => normaliseNacosNamespace(e.nacosNamespace)));
  const readable = new Set([...new Set(namespaceIds.values())].filter((id) => !failed.has(id)));
  return { namespaceIds, groups, readable };
}

function nacosNamespaceOf(pod: PodInfo, settings: ExpectationSettings, catalog: RegistryCatalog): string {
  const annotated = pod.annotations[settings.namespaceAnnotation];
  if (annotated !== undefined) return normaliseNacosNamespace(annotated);
  const mapped = settings.namespaceMap[pod.namespace];
  if (mapped !== undefined) return normaliseNacosNamespace(mapped);
  return catalog.namespaceIds.get(pod.namespace) ?? PUBLIC_NAMESPACE;
}

function groupFor(ns: string, service: string, settings: ExpectationSettings, catalog: RegistryCatalog) {
  const groups = catalog.groups.get(`${ns}/${service}`) ?? [];
  if (groups.length === 1) return groups[0]!;
  return groups.includes(settings.defaultGroup) || groups.length === 0
    ? settings.defaultGroup
    : [...groups].sort()[0]!;
}

/** The answer for most pods; shared, never changed. */
const NO_EXPECTATIONS: Expectation[] = [];

function fromAnnotation(pod: PodInfo, settings: ExpectationSettings, catalog: RegistryCatalog) {
  const annotation = pod.annotations[settings.serviceAnnotation];
  if (annotation === undefined) return NO_EXPECTATIONS;
  const names = annotation
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const ns = nacosNamespaceOf(pod, settings, catalog);
  const group = pod.annotations[settings.groupAnnotation]?.trim();
  return names.map((name): Expectation => {
    const split = splitGroupedName(name, group || '');
    const g = split.group || groupFor(ns, split.service, settings, catalog);
    return { service: { nacosNamespace: ns, group: g, service: split.service }, source: 'annotation' };
  });
}

type TemplatePart = { label: string } | { text: string };

/** Parsed templates; few distinct ones exist (the configured list), so the cache stays tiny. */
const compiled = new Map<string, TemplatePart[]>();

function compile(template: string): TemplatePart[] {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template
      .split(/(\{[^}]+\})/)
      .filter((p) => p !== '')
      .map((p) => (p.startsWith('{') && p.endsWith('}') ? { label: p.slice(1, -1).trim() } : { text: p }));
    if (compiled.size < 100) compiled.set(template, parts);
  }
  return parts;
}

/** Fills `{label}` placeholders; undefined when a label is missing or empty. */
export function renderLabelTemplate(template: string, labels: Readonly<Record<string, string>>) {
  let out = '';
  for (const part of compile(template)) {
    if ('text' in part) out += part.text;
    else {
      const value = labels[part.label];
      if (!value) return undefined;
      out += value;
    }
  }
  return out === '' ? undefined : out;
}

function fromLabels(pod: PodInfo, settings: ExpectationSettings, catalog: RegistryCatalog) {
  const ns = nacosNamespaceOf(pod, settings, catalog);
  for (const template of settings.labelTemplates) {
    const name = renderLabelTemplate(template, pod.labels);
    if (name === undefined || !catalog.groups.has(`${ns}/${name}`)) continue;
    const service = { nacosNamespace: ns, group: groupFor(ns, name, settings, catalog), service: name };
    return [{ service, source: 'label' } satisfies Expectation];
  }
  return NO_EXPECTATIONS;
}

/**
 * Explicit expectations of a pod: annotation, else the first label template naming an existing
 * service. `opted_out` when the register annotation is `false`.
 */
export function explicitExpectations(
  pod: PodInfo,
  settings: ExpectationSettings,
  catalog: RegistryCatalog,
): Expectation[] | 'opted_out' {
  if (pod.annotations[settings.registerAnnotation]?.trim().toLowerCase() === 'false') return 'opted_out';
  const annotated = fromAnnotation(pod, settings, catalog);
  return annotated.length > 0 ? annotated : fromLabels(pod, settings, catalog);
}

/** `namespace/kind/name` of a pod's workload, or undefined for a bare pod. */
export function workloadKey(pod: PodInfo): string | undefined {
  return pod.workload ? `${pod.namespace}/${pod.workload.kind}/${pod.workload.name}` : undefined;
}

/**
 * Services the other pods of each pod's workload are registered in: those held by at least half
 * of the other pods that are registered at all. Only verified registrations count (identity or
 * ip+port, uncontested, healthy, not judged a reused IP): an address matched by chance must not
 * teach a workload a service it never had. `pods` are the pods of one workload; the result has
 * an entry per pod (empty when nothing can be inferred).
 */
export function inferForWorkload(
  pods: readonly PodInfo[],
  verified: ReadonlyMap<string, ReadonlyMap<string, ServiceRef>>,
): Map<string, Expectation[]> {
  const out = new Map<string, Expectation[]>();
  const counts = new Map<string, { service: ServiceRef; pods: number }>();
  let registered = 0;
  for (const pod of pods) {
    const services = verified.get(pod.uid);
    if (!services || services.size === 0) continue;
    registered++;
    for (const [key, service] of services) {
      const entry = counts.get(key) ?? { service, pods: 0 };
      entry.pods++;
      counts.set(key, entry);
    }
  }
  const keys = [...counts.keys()].sort();
  for (const pod of pods) {
    const own = verified.get(pod.uid);
    const others = registered - (own && own.size > 0 ? 1 : 0);
    const list: Expectation[] = [];
    for (const key of keys) {
      const c = counts.get(key)!;
      const held = c.pods - (own?.has(key) ? 1 : 0);
      if (held > 0 && held * 2 >= others) list.push({ service: c.service, source: 'workload' });
    }
    out.set(pod.uid, list);
  }
  return out;
}

/** inferForWorkload for one pod of a workload (`siblings` includes or excludes the pod itself). */
export function inferExpectations(
  pod: PodInfo,
  siblings: readonly PodInfo[],
  verified: ReadonlyMap<string, ReadonlyMap<string, ServiceRef>>,
): Expectation[] {
  const all = siblings.some((s) => s.uid === pod.uid) ? siblings : [...siblings, pod];
  return inferForWorkload(all, verified).get(pod.uid) ?? [];
}
