import { describe, expect, it } from 'vitest';
import { DriftMonitor } from './monitor.js';
import { buildDriftJson, formatAge, renderDriftTable, type DriftSources } from './render.js';
import { defaultDriftSettings } from './settings.js';
import { T0, instance, pod, snapshot } from './test-support.js';

const sources: DriftSources = {
  nacos: { server: 'http://nacos:8848/nacos', generation: 2, api: 'v1-catalog', namespaces: 1 },
  kubernetes: { context: 'prod', server: 'https://k8s:6443', scope: 'all namespaces' },
};

function report() {
  const monitor = new DriftMonitor(defaultDriftSettings(), 'one-shot');
  const pods = [
    pod('orders-1', { ip: '10.0.1.5', labels: { app: 'orders' } }),
    pod('orders-2', {
      ip: '10.0.1.6',
      ports: [8080],
      labels: { app: 'orders' },
      startedAgo: 7200,
      readyChangedAgo: 7000,
    }),
  ];
  const registry = snapshot([
    instance('orders', '10.0.1.5', 8080, { enabled: false, ephemeral: false }),
    instance('orders', '10.0.1.9', 8080),
    instance('PAY@@billing', 'fd00::9', 8080),
  ]);
  return monitor.evaluate({ pods, registry }, T0);
}

describe('renderDriftTable', () => {
  it('groups by service, with kind, reason and flags, address, pod, namespace, age, advice', () => {
    const text = renderDriftTable(report());
    const lines = text.split('\n');
    expect(lines[0]).toBe('public / DEFAULT_GROUP@@orders');
    expect(lines[1]).toMatch(/^ {2}KIND +REASON +ADDRESS +POD +K8S NS +AGE +WHAT TO DO$/);
    expect(text).toMatch(
      /ready_disabled +disabled \[persistent, port unverified\] +10\.0\.1\.5:8080 +orders-1 +prod +59m +enable it/,
    );
    expect(text).toMatch(/ready_missing +label +10\.0\.1\.6 +orders-2 +prod +116m /);
    expect(text).toMatch(/stale +ephemeral +10\.0\.1\.9:8080 +- +- +- /);
    expect(text).toContain('public / PAY@@billing');
    expect(text).toMatch(/foreign_ip +outside_cluster +\[fd00::9\]:8080/);
    expect(lines.at(-1)).toBe('4 drifting in 2 service(s) (3 instances, 2 pods compared)');
  });

  it('says so when nothing drifts, and warns about unread namespaces', () => {
    const monitor = new DriftMonitor(defaultDriftSettings(), 'one-shot');
    const errors = [{ nacosNamespace: 'prod', code: 'E_NACOS_FORBIDDEN', message: 'HTTP 403', hints: [] }];
    const text = renderDriftTable(monitor.evaluate({ pods: [], registry: snapshot([], { errors }) }, T0));
    expect(text.split('\n')).toEqual([
      'warning: Nacos namespace prod could not be read (E_NACOS_FORBIDDEN): HTTP 403',
      'no drift: 0 instances and 0 pods agree',
    ]);
  });
});

describe('buildDriftJson', () => {
  it('lists services and findings with advice, sources and a summary', () => {
    const json = buildDriftJson(report(), sources);
    expect(json.schemaVersion).toBe(1);
    expect(json.summary).toEqual({ findings: 4, services: 2, pending: 0, pods: 2, instances: 3, matched: 1 });
    expect(json.services.map((s) => s.service)).toEqual(['orders', 'billing']);
    expect(json.services[0]!.findings.find((f) => f.kind === 'ready_disabled')).toMatchObject({
      kind: 'ready_disabled',
      reason: 'disabled',
      pod: 'orders-1',
      k8sNamespace: 'prod',
      persistent: true,
      match: { rule: 'ip', portUnverified: true, contested: false },
    });
    expect(json.services[0]!.findings.find((f) => f.kind === 'stale')).toMatchObject({
      ageSeconds: null,
      since: null,
    });
  });
});

describe('formatAge', () => {
  it.each([
    [undefined, '-'],
    [5, '5s'],
    [119, '119s'],
    [120, '2m'],
    [7199, '119m'],
    [7200, '2h'],
    [200_000, '2d'],
  ])('%s -> %s', (seconds, text) => {
    expect(formatAge(seconds)).toBe(text);
  });
});
