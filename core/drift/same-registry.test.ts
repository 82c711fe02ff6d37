import { describe, expect, it } from 'vitest';
import { sameRegistryData } from './same-registry.js';
import { instance, snapshot } from './test-support.js';

describe('sameRegistryData', () => {
  const base = () =>
    snapshot([instance('orders', '10.0.0.1', 8080, { metadata: { a: '1' } })], { services: ['billing'] });

  it('ignores timing and origin', () => {
    const other = { ...base(), takenAt: 1, durationMs: 99, requests: 7 };
    expect(sameRegistryData(base(), other)).toBe(true);
  });

  it.each([
    ['health', { healthy: false }],
    ['enabled', { enabled: false }],
    ['weight', { weight: 0 }],
    ['metadata', { metadata: { a: '2' } }],
    ['extra metadata', { metadata: { a: '1', b: '1' } }],
  ])('sees a change of %s', (_what, change) => {
    const changed = snapshot([instance('orders', '10.0.0.1', 8080, change)], { services: ['billing'] });
    expect(sameRegistryData(base(), changed)).toBe(false);
  });

  it('sees added instances, services and failed namespaces', () => {
    const more = snapshot(
      [instance('orders', '10.0.0.1', 8080, { metadata: { a: '1' } }), instance('orders', '10.0.0.2', 8080)],
      { services: ['billing'] },
    );
    expect(sameRegistryData(base(), more)).toBe(false);
    expect(sameRegistryData(base(), { ...base(), services: [] })).toBe(false);
    const failed = {
      ...base(),
      errors: [{ nacosNamespace: 'prod', code: 'E_NACOS_HTTP', message: '', hints: [] }],
    };
    expect(sameRegistryData(base(), failed)).toBe(false);
  });
});
