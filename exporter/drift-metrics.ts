/**
 * Prometheus text of registry drift (DESIGN.md metrics contract): drift counts and oldest ages
 * per service, kind and reason, transitions, the optional per-instance info series, and the
 * registry and expected-pod inventories. Rendered once per evaluation; `/metrics` appends it.
 */
import type { ExpectedPod } from '../core/drift/detect.js';
import type { DriftReport } from '../core/drift/monitor.js';
import { summariseExpected, summariseFindings, summariseInventory } from '../core/drift/summary.js';
import type { DriftFinding, ServiceRef } from '../core/drift/types.js';
import type { RegistryInstance } from '../core/ports/registry-source.js';

type Labels = Record<string, string>;

/** One transitions counter: its labels and value. */
export interface TransitionCount {
  labels: Labels;
  value: number;
}

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function sample(name: string, labels: Labels, value: number): string {
  const text = Object.entries(labels)
    .map(([k, v]) => `${k}="${escape(v)}"`)
    .join(',');
  return `${name}{${text}} ${Number.isInteger(value) ? value : value.toFixed(3)}\n`;
}

function family(name: string, type: 'gauge' | 'counter', help: string, lines: string[]): string {
  return lines.length === 0 ? '' : `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${lines.join('')}`;
}

function serviceLabels(s: ServiceRef): Labels {
  return { nacos_namespace: s.nacosNamespace, group: s.group, service: s.service };
}

/** Labels of the drift series of a finding (`opsctl_drift_instances` and the transitions counter). */
export function driftLabels(f: Pick<DriftFinding, 'service' | 'kind' | 'reason'>): Labels {
  return { ...serviceLabels(f.service), kind: f.kind, reason: f.reason };
}

function infoLines(findings: readonly DriftFinding[]): string[] {
  return findings.map((f) =>
    sample(
      'opsctl_drift_instance_info',
      {
        ...driftLabels(f),
        cluster: f.cluster,
        ip: f.ip,
        port: f.port === undefined ? '' : String(f.port),
        pod: f.pod?.name ?? '',
        k8s_namespace: f.pod?.namespace ?? '',
      },
      1,
    ),
  );
}

/** Drift series of one evaluation; only rendered while both sources are up. */
export function renderDriftSeries(
  report: DriftReport,
  transitions: Iterable<TransitionCount>,
  instanceInfo: boolean,
): string {
  const series = summariseFindings(report.findings);
  const counts = series.map((s) => sample('opsctl_drift_instances', driftLabels(s), s.count));
  const ages = series
    .filter((s) => s.oldestAgeSeconds !== undefined)
    .map((s) => sample('opsctl_drift_oldest_age_seconds', driftLabels(s), s.oldestAgeSeconds!));
  const changes = [...transitions].map((t) => sample('opsctl_drift_transitions_total', t.labels, t.value));
  return [
    family(
      'opsctl_drift_instances',
      'gauge',
      'Registry drift: instances (or pods) per kind and reason.',
      counts,
    ),
    family(
      'opsctl_drift_oldest_age_seconds',
      'gauge',
      'Age of the oldest drift of the kind and reason, in seconds.',
      ages,
    ),
    family(
      'opsctl_drift_transitions_total',
      'counter',
      'Drift conditions that passed their grace period (entered the drift state).',
      changes,
    ),
    instanceInfo
      ? family(
          'opsctl_drift_instance_info',
          'gauge',
          'One series per drifting instance (opt-in).',
          infoLines(report.findings),
        )
      : '',
  ].join('');
}

/** `opsctl_registry_instances`: every instance per service and state (disabled, zero weight included). */
export function renderRegistryInventory(instances: readonly RegistryInstance[]): string {
  const lines = summariseInventory(instances).map((s) =>
    sample(
      'opsctl_registry_instances',
      {
        ...serviceLabels(s.service),
        healthy: String(s.healthy),
        enabled: String(s.enabled),
        ephemeral: String(s.ephemeral),
      },
      s.count,
    ),
  );
  return family('opsctl_registry_instances', 'gauge', 'Instances registered in Nacos, by state.', lines);
}

/** `opsctl_registry_expected_pods`: pods expected in each service, by readiness. */
export function renderExpectedPods(expected: readonly ExpectedPod[]): string {
  const lines = summariseExpected(expected).map((s) =>
    sample(
      'opsctl_registry_expected_pods',
      { k8s_namespace: s.k8sNamespace, ...serviceLabels(s.service), ready: String(s.ready) },
      s.count,
    ),
  );
  return family(
    'opsctl_registry_expected_pods',
    'gauge',
    'Pods expected to be registered in a Nacos service, by readiness.',
    lines,
  );
}
