import { describe, expect, it } from 'vitest';
import { filterReport, nacosNamespacesOf } from './filter.js';
import { DriftMonitor } from './monitor.js';
import { defaultDriftSettings } from './settings.js';
import { T0, instance, pod, snapshot } from './test-support.js';

const registry = snapshot(
  [
    instance('orders', '10.0.1.5', 8080, { nacosNamespace: 'test', enabled: false }),
    instance('orders', '10.0.1.9', 8080, { nacosNamespace: 'test' }),
    instance('PAY@@billing', '10.0.2.9', 8080, { nacosNamespace: 'uat' }),
    instance('billing', '10.0.2.8', 8080),
  ],
  { namespaces: ['test', 'uat'] },
);
const pods = [
  pod('orders-1', { namespace: 'test', ip: '10.0.1.5', ports: [8080] }),
  pod('busybox', { namespace: 'uat', ip: '10.0.2.200' }),
];
const report = new DriftMonitor(defaultDriftSettings(), 'one-shot').evaluate({ pods, registry }, T0);
const lines = (r: typeof report) => r.findings.map((f) => `${f.kind} ${f.service.service} ${f.ip}`).sort();

describe('filterReport', () => {
  it('keeps everything without a filter', () => {
    expect(lines(filterReport(report, { namespaces: [], service: undefined }, new Set()))).toHaveLength(4);
  });

  it('keeps findings of pods in the namespace, and podless ones of its own Nacos namespace', () => {
    const mapped = nacosNamespacesOf(['test'], { namespaceMap: {} }, registry);
    expect([...mapped]).toEqual(['test']);
    expect(lines(filterReport(report, { namespaces: ['test'], service: undefined }, mapped))).toEqual([
      'ready_disabled orders 10.0.1.5',
      'stale orders 10.0.1.9',
    ]);
  });

  it('leaves podless findings of a shared namespace out of a namespace view', () => {
    const mapped = nacosNamespacesOf(['prod'], { namespaceMap: {} }, registry);
    expect(mapped.size).toBe(0);
    expect(lines(filterReport(report, { namespaces: ['prod'], service: undefined }, mapped))).toEqual([]);
    const viaMap = nacosNamespacesOf(['prod'], { namespaceMap: { prod: '' } }, registry);
    expect([...viaMap]).toEqual(['public']);
  });

  it('filters by service name or group@@name', () => {
    const all = new Set<string>();
    expect(lines(filterReport(report, { namespaces: [], service: 'billing' }, all))).toEqual([
      'stale billing 10.0.2.8',
      'stale billing 10.0.2.9',
    ]);
    expect(lines(filterReport(report, { namespaces: [], service: 'PAY@@billing' }, all))).toEqual([
      'stale billing 10.0.2.9',
    ]);
  });
});
