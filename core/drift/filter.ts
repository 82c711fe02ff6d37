/**
 * Narrowing a report to what `opsctl drift -n <namespace> --service <name>` asks for. A finding
 * with a pod belongs to the pod's Kubernetes namespace; one without (a stale or foreign
 * instance) belongs to the Kubernetes namespaces whose Nacos namespace it is in, when that
 * mapping is specific (a namespace map entry, or a Nacos namespace of the same id or name).
 */
import type { RegistrySnapshot } from '../ports/registry-source.js';
import { catalogOf } from './expected.js';
import type { DriftReport } from './monitor.js';
import type { ExpectationSettings } from './settings.js';
import type { DriftFinding } from './types.js';

/** What to keep. */
export interface DriftFilter {
  /** Kubernetes namespaces; empty: all. */
  namespaces: readonly string[];
  /** `service` or `group@@service`; undefined: all. */
  service: string | undefined;
}

/** The Nacos namespaces that specifically belong to some Kubernetes namespaces. */
export function nacosNamespacesOf(
  k8sNamespaces: readonly string[],
  expectation: Pick<ExpectationSettings, 'namespaceMap'>,
  registry: RegistrySnapshot,
): Set<string> {
  const catalog = catalogOf(registry);
  const out = new Set<string>();
  for (const ns of k8sNamespaces) {
    const mapped = expectation.namespaceMap[ns] ?? catalog.namespaceIds.get(ns);
    if (mapped !== undefined) out.add(mapped === '' ? 'public' : mapped);
  }
  return out;
}

function serviceMatches(f: DriftFinding, wanted: string): boolean {
  return f.service.service === wanted || `${f.service.group}@@${f.service.service}` === wanted;
}

/** Keeps the findings (and expected pods) the filter asks for. */
export function filterReport(report: DriftReport, filter: DriftFilter, nacosNamespaces: ReadonlySet<string>) {
  const inScope = (f: DriftFinding): boolean =>
    filter.namespaces.length === 0 ||
    (f.pod ? filter.namespaces.includes(f.pod.namespace) : nacosNamespaces.has(f.service.nacosNamespace));
  const keep = (f: DriftFinding): boolean =>
    inScope(f) && (filter.service === undefined || serviceMatches(f, filter.service));
  return {
    ...report,
    findings: report.findings.filter(keep),
    entered: report.entered.filter(keep),
  } satisfies DriftReport;
}
