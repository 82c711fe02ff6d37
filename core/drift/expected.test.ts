import { describe, expect, it } from 'vitest';
import {
  catalogOf,
  explicitExpectations,
  inferExpectations,
  renderLabelTemplate,
  splitGroupedName,
} from './expected.js';
import { defaultDriftSettings } from './settings.js';
import { instance, pod, snapshot } from './test-support.js';

const settings = defaultDriftSettings().expectation;

describe('names', () => {
  it.each([
    ['orders', 'DEFAULT_GROUP', { group: 'DEFAULT_GROUP', service: 'orders' }],
    ['PAY@@orders', 'DEFAULT_GROUP', { group: 'PAY', service: 'orders' }],
    ['@@orders', 'G', { group: 'G', service: 'orders' }],
  ])('splits %s', (name, group, expected) => {
    expect(splitGroupedName(name, group)).toEqual(expected);
  });

  it('fills label templates, and gives up on a missing label', () => {
    const labels = { 'app.kubernetes.io/name': 'orders', tier: 'api' };
    expect(renderLabelTemplate('{app.kubernetes.io/name}', labels)).toBe('orders');
    expect(renderLabelTemplate('{app.kubernetes.io/name}-{tier}', labels)).toBe('orders-api');
    expect(renderLabelTemplate('{app}', labels)).toBeUndefined();
  });
});

describe('catalogOf', () => {
  it('maps the default namespace "" to public and knows display names', () => {
    const snap = snapshot([instance('orders', '10.0.0.1', 8080)]);
    snap.namespaces = [
      { id: '', name: 'public' },
      { id: '6f1c-prod', name: 'prod' },
    ];
    snap.errors = [{ nacosNamespace: '6f1c-prod', code: 'E_NACOS_HTTP', message: 'x', hints: [] }];
    const catalog = catalogOf(snap);
    expect(catalog.namespaceIds.get('prod')).toBe('6f1c-prod');
    expect([...catalog.readable]).toEqual(['public']);
  });
});

describe('explicitExpectations', () => {
  const registry = snapshot([instance('PAY@@orders', '10.0.0.1', 8080)], {
    namespaces: ['uat'],
    services: ['uat/orders', 'gateway'],
  });
  const catalog = catalogOf(registry);

  it('reads annotations: several names, group annotation, group found in Nacos', () => {
    const p = pod('x', {
      annotations: { 'nacos.io/service-name': 'orders, billing', 'nacos.io/group': 'PAY' },
    });
    expect(explicitExpectations(p, settings, catalog)).toEqual([
      { service: { nacosNamespace: 'public', group: 'PAY', service: 'orders' }, source: 'annotation' },
      { service: { nacosNamespace: 'public', group: 'PAY', service: 'billing' }, source: 'annotation' },
    ]);
    const grouped = pod('y', { annotations: { 'nacos.io/service-name': 'orders' } });
    expect(explicitExpectations(grouped, settings, catalog)).toMatchObject([
      { service: { group: 'PAY', service: 'orders' } },
    ]);
  });

  it('takes the Nacos namespace from the Kubernetes namespace when Nacos has one of that name', () => {
    const p = pod('x', { namespace: 'uat', labels: { app: 'orders' } });
    expect(explicitExpectations(p, settings, catalog)).toEqual([
      { service: { nacosNamespace: 'uat', group: 'DEFAULT_GROUP', service: 'orders' }, source: 'label' },
    ]);
  });

  it('follows the namespace map', () => {
    const mapped = { ...settings, namespaceMap: { prod: 'uat' } };
    const p = pod('x', { namespace: 'prod', labels: { 'app.kubernetes.io/name': 'orders' } });
    expect(explicitExpectations(p, mapped, catalog)).toMatchObject([{ service: { nacosNamespace: 'uat' } }]);
  });

  it('ignores labels naming no Nacos service, and honours the opt-out', () => {
    expect(explicitExpectations(pod('x', { labels: { app: 'redis' } }), settings, catalog)).toEqual([]);
    const out = pod('x', { labels: { app: 'gateway' }, annotations: { 'nacos.io/register': 'false' } });
    expect(explicitExpectations(out, settings, catalog)).toBe('opted_out');
  });
});

describe('inferExpectations', () => {
  const svc = (name: string) => ({ nacosNamespace: 'public', group: 'DEFAULT_GROUP', service: name });
  const pods = ['a', 'b', 'c', 'd'].map((n) => pod(n, { deployment: 'w' }));
  const verified = new Map([
    ['uid-a', new Map([['s', svc('s')]])],
    ['uid-b', new Map([['s', svc('s')]])],
    ['uid-c', new Map([['ghost', svc('ghost')]])],
  ]);

  it('takes services held by at least half of the registered siblings, never the pod itself', () => {
    expect(inferExpectations(pods[3]!, pods, verified).map((e) => e.service.service)).toEqual(['s']);
    expect(inferExpectations(pods[2]!, pods, verified).map((e) => e.service.service)).toEqual(['s']);
    expect(inferExpectations(pods[0]!, pods, verified).map((e) => e.service.service)).toEqual(['ghost', 's']);
  });

  it('infers nothing for a pod without registered siblings', () => {
    expect(inferExpectations(pods[0]!, [pods[0]!], verified)).toEqual([]);
  });
});
