import { describe, expect, it } from 'vitest';
import { DriftMonitor } from './monitor.js';
import { defaultDriftSettings } from './settings.js';
import { T0, instance, pod, snapshot } from './test-support.js';

const s = (seconds: number) => T0 + seconds * 1000;
const settings = defaultDriftSettings();

describe('DriftMonitor (continuous)', () => {
  it('reports a condition only after its grace period, with its age and one transition', () => {
    const monitor = new DriftMonitor(settings);
    const pods = [pod('busybox', { ip: '10.0.1.200' })];
    const registry = snapshot([instance('orders', '10.0.1.9', 8080)]);
    const first = monitor.evaluate({ pods, registry }, s(0));
    expect(first).toMatchObject({ findings: [], pending: 1 });
    expect(monitor.evaluate({ pods, registry }, s(39)).findings).toHaveLength(0);
    const due = monitor.evaluate({ pods, registry }, s(40));
    expect(due.findings.map((f) => [f.kind, f.ageSeconds])).toEqual([['stale', 40]]);
    expect(due.entered).toHaveLength(1);
    const later = monitor.evaluate({ pods, registry }, s(100));
    expect(later.findings[0]!.ageSeconds).toBe(100);
    expect(later.entered).toHaveLength(0);
  });

  it('restarts the clock when a condition ends and comes back', () => {
    const monitor = new DriftMonitor(settings);
    const pods = [pod('busybox', { ip: '10.0.1.200' })];
    const ghost = snapshot([instance('orders', '10.0.1.9', 8080)]);
    monitor.evaluate({ pods, registry: ghost }, s(0));
    expect(monitor.evaluate({ pods, registry: ghost }, s(50)).entered).toHaveLength(1);
    monitor.evaluate({ pods, registry: snapshot([]) }, s(60));
    expect(monitor.evaluate({ pods, registry: ghost }, s(70)).findings).toHaveLength(0);
    const again = monitor.evaluate({ pods, registry: ghost }, s(110));
    expect(again.entered.map((f) => f.ageSeconds)).toEqual([40]);
  });

  it('dates by the later of what Kubernetes says and when both sides first disagreed', () => {
    const monitor = new DriftMonitor(settings);
    // Ready for an hour; the instance vanished just now (node failure: Nacos is faster).
    const pods = [pod('orders-1', { ip: '10.0.1.5', ports: [8080], labels: { app: 'orders' } })];
    const registry = snapshot([], { services: ['orders'] });
    expect(monitor.evaluate({ pods, registry }, s(0)).pending).toBe(1);
    expect(monitor.evaluate({ pods, registry }, s(59)).findings).toHaveLength(0);
    expect(monitor.evaluate({ pods, registry }, s(60)).findings.map((f) => f.kind)).toEqual([
      'ready_missing',
    ]);
  });

  it('a rolling update with early registration and late deregistration stays within grace', () => {
    const monitor = new DriftMonitor(settings);
    const labels = { app: 'orders' };
    const old = (extra = {}) => pod('orders-old', { ip: '10.0.1.5', ports: [8080], labels, ...extra });
    const fresh = (ready: boolean, startedAgo: number) =>
      pod('orders-new', {
        ip: '10.0.1.6',
        ports: [8080],
        labels,
        ready,
        startedAgo,
        readyChangedAgo: startedAgo,
      });
    const both = snapshot([instance('orders', '10.0.1.5', 8080), instance('orders', '10.0.1.6', 8080)]);
    const steps = [
      // t=0: new pod started, registered at once (early registration), not Ready yet.
      { at: 0, pods: [old(), fresh(false, 0)], registry: both },
      { at: 20, pods: [old(), fresh(false, -20)], registry: both },
      // t=25: new pod Ready; old pod terminating, still registered (preStop sleep).
      {
        at: 25,
        pods: [
          old({ deletedAgo: -25 }),
          pod('orders-new', { ip: '10.0.1.6', ports: [8080], labels, startedAgo: -0, readyChangedAgo: -25 }),
        ],
        registry: both,
      },
      {
        at: 45,
        pods: [pod('orders-new', { ip: '10.0.1.6', ports: [8080], labels, readyChangedAgo: -25 })],
        registry: snapshot([instance('orders', '10.0.1.6', 8080)]),
      },
      {
        at: 200,
        pods: [pod('orders-new', { ip: '10.0.1.6', ports: [8080], labels, readyChangedAgo: -25 })],
        registry: snapshot([instance('orders', '10.0.1.6', 8080)]),
      },
    ];
    const pendingSeen: number[] = [];
    for (const step of steps) {
      const report = monitor.evaluate({ pods: step.pods, registry: step.registry }, s(step.at));
      expect(report.findings, `t=${step.at}`).toEqual([]);
      pendingSeen.push(report.pending);
    }
    expect(pendingSeen).toEqual([1, 1, 1, 0, 0]);
  });

  it('remembers pods seen Ready, so a pod failing its probe reads as unready', () => {
    const monitor = new DriftMonitor(settings);
    const registry = snapshot([instance('orders', '10.0.1.5', 8080)]);
    const ready = pod('orders-1', { ip: '10.0.1.5', ports: [8080], startedAgo: 8, readyChangedAgo: 6 });
    monitor.evaluate({ pods: [ready], registry }, s(0));
    const unready = pod('orders-1', {
      ip: '10.0.1.5',
      ports: [8080],
      ready: false,
      startedAgo: 8,
      readyChangedAgo: 2,
    });
    monitor.evaluate({ pods: [unready], registry }, s(1));
    const report = monitor.evaluate({ pods: [unready], registry }, s(40));
    expect(report.findings.map((f) => `${f.kind}/${f.reason}`)).toEqual(['healthy_not_ready/unready']);
  });

  it('flags an old registration on a pod that started later (IP reuse) only with history', () => {
    const monitor = new DriftMonitor(settings);
    const registry = snapshot([instance('orders', '10.0.1.5', 8080)]);
    monitor.evaluate({ pods: [pod('busybox', { ip: '10.0.1.200' })], registry }, s(0));
    const reuser = pod('cache-0', { ip: '10.0.1.5', startedAgo: -10 });
    monitor.evaluate({ pods: [reuser], registry }, s(10));
    const report = monitor.evaluate({ pods: [reuser], registry }, s(60));
    expect(report.findings.map((f) => `${f.kind}/${f.reason}`)).toEqual(['ip_reused/newer_pod']);
  });

  it('passes unread namespaces through and counts what it compared', () => {
    const monitor = new DriftMonitor(settings);
    const errors = [{ nacosNamespace: 'prod', code: 'E_NACOS_HTTP', message: 'HTTP 500', hints: [] }];
    const registry = snapshot([instance('orders', '10.0.1.5', 8080)], { errors });
    const report = monitor.evaluate(
      { pods: [pod('orders-1', { ip: '10.0.1.5', ports: [8080] })], registry },
      s(0),
    );
    expect(report).toMatchObject({ unread: errors, instances: 1, matched: 1, pods: 1 });
  });
});

describe('DriftMonitor (one-shot)', () => {
  it('honours grace where Kubernetes dates the condition and reports undatable ones at once', () => {
    const monitor = new DriftMonitor(settings, 'one-shot');
    const pods = [
      pod('orders-1', { ip: '10.0.1.5', ports: [8080], ready: false, startedAgo: 10, readyChangedAgo: 10 }),
      pod('orders-2', { ip: '10.0.1.6', ports: [8080], ready: false, startedAgo: 600, readyChangedAgo: 600 }),
    ];
    const registry = snapshot([
      instance('orders', '10.0.1.5', 8080),
      instance('orders', '10.0.1.6', 8080),
      instance('orders', '10.0.1.9', 8080),
    ]);
    const report = monitor.evaluate({ pods, registry }, T0);
    const rows = report.findings.map((f) => `${f.kind} ${f.pod?.name ?? f.ip} ${f.ageSeconds ?? '-'}`);
    expect(rows.sort()).toEqual(['healthy_not_ready orders-2 600', 'stale 10.0.1.9 -']);
    expect(report.pending).toBe(1);
  });
});

describe('DriftMonitor inputs', () => {
  it('reuses the detection while the pod list and snapshot are the same objects', () => {
    const monitor = new DriftMonitor(settings);
    const pods = [pod('busybox', { ip: '10.0.1.200' })];
    const registry = snapshot([instance('orders', '10.0.1.9', 8080)]);
    const first = monitor.evaluate({ pods, registry }, s(0));
    const again = monitor.evaluate({ pods, registry }, s(50));
    expect(again.findings.map((f) => f.ageSeconds)).toEqual([50]);
    expect(again.expected).toBe(first.expected);
    const changed = monitor.evaluate({ pods: [...pods], registry }, s(51));
    expect(changed.expected).not.toBe(first.expected);
    expect(changed.findings.map((f) => f.ageSeconds)).toEqual([51]);
  });
});
