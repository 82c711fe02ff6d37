/**
 * Findings and snapshots folded into the series the metrics contract names: drift count and
 * oldest age per service, kind and reason; registry inventory per service and state; expected
 * pods per service and readiness.
 */
import type { RegistryInstance } from '../ports/registry-source.js';
import type { ExpectedPod } from './detect.js';
import {
  compareServiceRefs,
  type DriftFinding,
  type DriftKind,
  type DriftReason,
  type ServiceRef,
} from './types.js';

/** One `opsctl_drift_instances` / `opsctl_drift_oldest_age_seconds` series. */
export interface DriftSeries {
  service: ServiceRef;
  kind: DriftKind;
  reason: DriftReason;
  count: number;
  /** Undefined when no finding of the group could be dated. */
  oldestAgeSeconds: number | undefined;
}

/** One `opsctl_registry_instances` series. */
export interface InventorySeries {
  service: ServiceRef;
  healthy: boolean;
  enabled: boolean;
  ephemeral: boolean;
  count: number;
}

/** One `opsctl_registry_expected_pods` series. */
export interface ExpectedSeries {
  k8sNamespace: string;
  service: ServiceRef;
  ready: boolean;
  count: number;
}

function fold<T, S>(
  items: readonly T[],
  key: (t: T) => string,
  make: (t: T) => S,
  add: (s: S, t: T) => void,
) {
  const out = new Map<string, S>();
  for (const item of items) {
    const k = key(item);
    let s = out.get(k);
    if (!s) out.set(k, (s = make(item)));
    add(s, item);
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

function svc(s: ServiceRef): string {
  return `${s.nacosNamespace}\u0000${s.group}\u0000${s.service}`;
}

/** Count and oldest age per service, kind and reason. */
export function summariseFindings(findings: readonly DriftFinding[]): DriftSeries[] {
  return fold(
    findings,
    (f) => `${svc(f.service)}\u0000${f.kind}\u0000${f.reason}`,
    (f): DriftSeries => ({
      service: f.service,
      kind: f.kind,
      reason: f.reason,
      count: 0,
      oldestAgeSeconds: undefined,
    }),
    (s, f) => {
      s.count++;
      if (f.ageSeconds !== undefined) s.oldestAgeSeconds = Math.max(s.oldestAgeSeconds ?? 0, f.ageSeconds);
    },
  );
}

/** Instances per service and healthy/enabled/ephemeral state (disabled and zero-weight included). */
export function summariseInventory(instances: readonly RegistryInstance[]): InventorySeries[] {
  return fold(
    instances,
    (i) => `${svc(i)}\u0000${i.healthy}\u0000${i.enabled}\u0000${i.ephemeral}`,
    (i): InventorySeries => ({
      service: { nacosNamespace: i.nacosNamespace, group: i.group, service: i.service },
      healthy: i.healthy,
      enabled: i.enabled,
      ephemeral: i.ephemeral,
      count: 0,
    }),
    (s) => s.count++,
  );
}

/** Expected pods per Kubernetes namespace, service and readiness. */
export function summariseExpected(expected: readonly ExpectedPod[]): ExpectedSeries[] {
  return fold(
    expected,
    (e) => `${e.pod.namespace}\u0000${svc(e.service)}\u0000${e.ready}`,
    (e): ExpectedSeries => ({ k8sNamespace: e.pod.namespace, service: e.service, ready: e.ready, count: 0 }),
    (s) => s.count++,
  );
}

/** Findings grouped by service, services sorted, findings by kind order then address. */
export function groupByService(
  findings: readonly DriftFinding[],
  kindOrder: readonly DriftKind[],
): { service: ServiceRef; findings: DriftFinding[] }[] {
  const groups = new Map<string, { service: ServiceRef; findings: DriftFinding[] }>();
  for (const f of findings) {
    const k = svc(f.service);
    const g = groups.get(k) ?? { service: f.service, findings: [] };
    g.findings.push(f);
    groups.set(k, g);
  }
  const rank = (k: DriftKind) => kindOrder.indexOf(k);
  return [...groups.values()]
    .sort((a, b) => compareServiceRefs(a.service, b.service))
    .map((g) => ({
      service: g.service,
      findings: g.findings.sort(
        (a, b) =>
          rank(a.kind) - rank(b.kind) ||
          (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0) ||
          (a.port ?? 0) - (b.port ?? 0) ||
          (a.pod?.name ?? '').localeCompare(b.pod?.name ?? ''),
      ),
    }));
}
