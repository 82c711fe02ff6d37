import { describe, expect, it } from 'vitest';
import { FakeClock } from '../k8s/clock.js';
import { NacosStore } from './store.js';
import { namespaceJson, serviceInfoJson } from './views.js';

function service(threshold: number, healthy: boolean[]): NacosStore {
  const store = new NacosStore(new FakeClock());
  healthy.forEach((h, i) => store.register({ service: 's', ip: `10.0.0.${i + 1}`, port: 80, healthy: h }));
  store.setProtectThreshold(undefined, undefined, 's', threshold);
  return store;
}

const query = {
  name: 'DEFAULT_GROUP@@s',
  groupName: 'DEFAULT_GROUP',
  clustersParam: '',
  healthyOnly: false,
  cacheMillis: 10_000,
};

describe('client instance list', () => {
  it('reports every host healthy when the healthy ratio is at or below the protection threshold', () => {
    const store = service(0.5, [true, false]);
    const out = serviceInfoJson(store.service(undefined, undefined, 's'), query, '2.2');
    expect(out.reachProtectionThreshold).toBe(true);
    expect((out.hosts as { healthy: boolean }[]).map((h) => h.healthy)).toEqual([true, true]);
  });

  it('keeps real health above the threshold and filters with healthyOnly', () => {
    const store = service(0.4, [true, false]);
    const svc = store.service(undefined, undefined, 's');
    const all = serviceInfoJson(svc, query, '2.2');
    expect(all.reachProtectionThreshold).toBe(false);
    expect((all.hosts as { healthy: boolean }[]).map((h) => h.healthy)).toEqual([true, false]);
    const healthy = serviceInfoJson(svc, { ...query, healthyOnly: true }, '2.2');
    expect((healthy.hosts as unknown[]).length).toBe(1);
  });

  it('hides disabled hosts, filters clusters and echoes the clusters parameter', () => {
    const store = new NacosStore(new FakeClock());
    store.register({ service: 's', ip: '10.0.0.1', port: 80, cluster: 'A' });
    store.register({ service: 's', ip: '10.0.0.2', port: 80, cluster: 'B' });
    store.register({ service: 's', ip: '10.0.0.3', port: 80, cluster: 'A', enabled: false });
    const out = serviceInfoJson(
      store.service(undefined, undefined, 's'),
      { ...query, clustersParam: 'A' },
      '3.1',
    );
    expect(out.clusters).toBe('A');
    expect((out.hosts as { ip: string }[]).map((h) => h.ip)).toEqual(['10.0.0.1']);
    expect(out).toHaveProperty('allIps', false);
    expect(out).not.toHaveProperty('allIPs');
  });

  it('answers an unknown service with an empty host list and 1.x extras on 1.4', () => {
    const out = serviceInfoJson(undefined, query, '1.4');
    expect(out).toMatchObject({
      hosts: [],
      dom: 'DEFAULT_GROUP@@s',
      allIPs: false,
      name: 'DEFAULT_GROUP@@s',
    });
  });
});

describe('namespaces', () => {
  it('shows public as "" up to 2.x and as "public" in 3.x', () => {
    const ns = { id: 'public', showName: 'public', desc: '' };
    expect(namespaceJson(ns, '2.5').namespace).toBe('');
    expect(namespaceJson(ns, '3.1').namespace).toBe('public');
  });
});
