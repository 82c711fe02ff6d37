import { describe, expect, it } from 'vitest';
import { isOpsError } from '../../core/errors.js';
import { FakeClock } from '../k8s/clock.js';
import { parseNacosScenario } from './scenario.js';
import { NacosStore } from './store.js';
import { applyNacosScenario, scheduleNacosTimeline } from './world.js';

const scenario = {
  version: '3.1',
  namespaces: [{ id: 'prod', name: 'Production' }],
  services: [
    {
      name: 'orders',
      namespace: 'prod',
      group: 'PAY',
      protectThreshold: 0.5,
      instances: [
        { ip: '10.0.0.1', port: 8080, metadata: { version: 2 } },
        { ip: '10.0.0.2', port: 8080, ephemeral: false, healthy: false },
      ],
    },
  ],
  timeline: [
    {
      at: '5s',
      action: 'disable',
      namespace: 'prod',
      group: 'PAY',
      service: 'orders',
      ip: '10.0.0.1',
      port: 8080,
    },
    {
      at: '10s',
      action: 'stopBeating',
      namespace: 'prod',
      group: 'PAY',
      service: 'orders',
      ip: '10.0.0.1',
      port: 8080,
    },
  ],
};

describe('nacos scenario', () => {
  it('builds the world and plays the timeline on the clock', () => {
    const parsed = parseNacosScenario(scenario);
    const clock = new FakeClock();
    const store = new NacosStore(clock);
    applyNacosScenario(store, parsed);
    const ref = { namespaceId: 'prod', group: 'PAY', service: 'orders', ip: '10.0.0.1', port: 8080 };
    expect(store.find(ref)).toMatchObject({ metadata: { version: '2' }, enabled: true, simBeating: true });
    expect(store.service('prod', 'PAY', 'orders')?.protectThreshold).toBe(0.5);
    const errors: string[] = [];
    scheduleNacosTimeline(store, clock, parsed.timeline, (what) => errors.push(what));
    clock.advance(5000);
    expect(store.find(ref)?.enabled).toBe(false);
    clock.advance(5000);
    clock.advance(31_000);
    store.sweep();
    expect(store.find(ref)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('lists every problem with its path', () => {
    const bad = {
      version: '9.9',
      services: [{ name: 'a', namespace: 'nope', instances: [{ ip: '10.0.0.1', port: 70000 }] }],
      timeline: [{ at: 'soon', action: 'disable', service: 'a', ip: '1', port: 1 }],
    };
    try {
      parseNacosScenario(bad);
      expect.unreachable();
    } catch (err) {
      expect(isOpsError(err) && err.code).toBe('E_SCENARIO_INVALID');
      const text = (err as Error).message;
      expect(text).toContain('nacos.version');
      expect(text).toContain('nacos.services[0].instances[0].port');
      expect(text).toContain('nacos.timeline[0].at');
    }
  });

  it('reports undeclared namespaces and duplicate instances', () => {
    const dup = {
      services: [
        {
          name: 'a',
          namespace: 'nope',
          instances: [
            { ip: '10.0.0.1', port: 1 },
            { ip: '10.0.0.1', port: 1 },
          ],
        },
      ],
    };
    expect(() => parseNacosScenario(dup)).toThrow(
      /nacos\.services\[0\]\.namespace[\s\S]*nacos\.services\[0\]\.instances\[1\]/,
    );
  });
});
