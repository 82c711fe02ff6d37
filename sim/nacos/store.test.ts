import { describe, expect, it } from 'vitest';
import { FakeClock } from '../k8s/clock.js';
import { NacosStore } from './store.js';

function world(): { clock: FakeClock; store: NacosStore } {
  const clock = new FakeClock();
  return { clock, store: new NacosStore(clock) };
}

const ref = { service: 'orders', ip: '10.0.0.1', port: 8080 };

describe('NacosStore', () => {
  it('groups a plain name under DEFAULT_GROUP and a grouped name under its own group', () => {
    const { store } = world();
    store.register({ service: 'orders', ip: '10.0.0.1', port: 1 });
    store.register({ service: 'PAY@@orders', group: 'IGNORED', ip: '10.0.0.2', port: 1 });
    expect(store.service('public', undefined, 'orders')?.instances.size).toBe(1);
    expect(store.service('', 'PAY', 'orders')?.instances.size).toBe(1);
    expect(store.find({ service: 'PAY@@orders', ip: '10.0.0.2', port: 1 })?.instanceId).toBe(
      '10.0.0.2#1#DEFAULT#PAY@@orders',
    );
  });

  it('marks a silent ephemeral instance unhealthy after 15 s and removes it after 30 s', () => {
    const { clock, store } = world();
    store.register(ref);
    clock.advance(15_000);
    store.sweep();
    expect(store.find(ref)?.healthy).toBe(true);
    clock.advance(1);
    store.sweep();
    expect(store.find(ref)?.healthy).toBe(false);
    clock.advance(15_000);
    store.sweep();
    expect(store.find(ref)).toBeUndefined();
  });

  it('honours preserved.* timeouts from the metadata', () => {
    const { clock, store } = world();
    store.register({
      ...ref,
      metadata: { 'preserved.heart.beat.timeout': '1000', 'preserved.ip.delete.timeout': '2000' },
    });
    clock.advance(1001);
    store.sweep();
    expect(store.find(ref)?.healthy).toBe(false);
    clock.advance(1000);
    store.sweep();
    expect(store.find(ref)).toBeUndefined();
  });

  it('never removes persistent instances', () => {
    const { clock, store } = world();
    store.register({ ...ref, ephemeral: false });
    clock.advance(3_600_000);
    store.sweep();
    expect(store.find(ref)).toMatchObject({ healthy: true, ephemeral: false });
  });

  it('keeps instances alive while beats arrive and heals them on the next beat', () => {
    const { clock, store } = world();
    store.register(ref);
    clock.advance(20_000);
    store.sweep();
    expect(store.find(ref)?.healthy).toBe(false);
    const { instance, reRegistered } = store.beat(undefined, 'DEFAULT_GROUP@@orders', undefined, { ...ref });
    expect(reRegistered).toBe(false);
    expect(instance?.healthy).toBe(true);
    clock.advance(20_000);
    store.sweep();
    expect(store.find(ref)?.healthy).toBe(false);
  });

  it('re-registers an unknown instance from a beat body, but not from a light beat', () => {
    const { store } = world();
    const light = store.beat(undefined, 'orders', undefined, undefined, { ip: ref.ip, port: ref.port });
    expect(light.instance).toBeUndefined();
    const full = store.beat(undefined, 'DEFAULT_GROUP@@orders', undefined, {
      ...ref,
      weight: 3,
      metadata: { zone: 'a' },
    });
    expect(full.reRegistered).toBe(true);
    expect(store.find(ref)).toMatchObject({ weight: 3, metadata: { zone: 'a' }, healthy: true });
  });

  it('keeps beating for scenario instances until told to stop', () => {
    const { clock, store } = world();
    store.register({ ...ref, simBeating: true });
    clock.advance(60_000);
    store.sweep();
    expect(store.find(ref)?.healthy).toBe(true);
    store.setSimBeating(ref, false);
    clock.advance(31_000);
    store.sweep();
    expect(store.find(ref)).toBeUndefined();
  });

  it('updates and deregisters by ip, port and cluster', () => {
    const { store } = world();
    store.register({ ...ref, cluster: 'A' });
    expect(store.update({ ...ref, cluster: 'B' }, { enabled: false })).toBeUndefined();
    expect(store.update({ ...ref, cluster: 'A' }, { enabled: false })?.enabled).toBe(false);
    expect(store.deregister({ ...ref, cluster: 'B' })).toBe(false);
    expect(store.deregister({ ...ref, cluster: 'A' })).toBe(true);
    expect(store.counts()).toEqual({ services: 1, instances: 0 });
  });
});
