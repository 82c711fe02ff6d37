/**
 * The Nacos adapter against the simulator: one world read through every server generation gives
 * identical snapshots (raw data: disabled hosts kept, no protection rewrite); auth with token
 * reuse and re-login; failover; per-namespace failures that do not poison the rest; timeouts;
 * cancellation; bounded concurrency.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isOpsError } from '../core/errors.js';
import {
  compareInstances,
  type RegistryInstance,
  type RegistrySnapshot,
} from '../core/ports/registry-source.js';
import { createNacosRegistrySource, type NacosSourceOptions } from '../adapters/nacos/index.js';
import { NACOS_VERSIONS, startNacosSim, type NacosSim, type NacosSimOptions } from '../sim/nacos/index.js';
import { freePort } from './support/ports.js';

const USERS = [
  { username: 'nacos', password: 'nacos-pw' },
  { username: 'dev-only', password: 'dev-pw', namespaces: ['dev'] },
];

function world(): NonNullable<NacosSimOptions['scenario']> {
  const many = Array.from({ length: 8 }, (_, i) => ({
    name: `svc-${i}`,
    namespace: 'dev',
    group: i % 2 === 0 ? 'DEFAULT_GROUP' : 'BATCH',
    instances: [{ ip: `10.8.0.${i + 1}`, port: 8080 }],
  }));
  return {
    namespaces: [
      { id: 'dev', name: 'Development' },
      { id: 'prod', name: 'Production' },
    ],
    services: [
      ...many,
      {
        name: 'orders',
        namespace: 'prod',
        group: 'PAY',
        protectThreshold: 0.8,
        metadata: { owner: 'pay-team' },
        instances: [
          { ip: '10.0.0.1', port: 8080, metadata: { 'k8s.pod.name': 'orders-1', version: 3 } },
          { ip: '10.0.0.2', port: 8080, healthy: false, beating: false },
          { ip: '10.0.0.3', port: 8080, enabled: false, weight: 0 },
          { ip: '10.0.0.4', port: 9090, cluster: 'GRAY', weight: 2.5, instanceId: 'custom-id-4' },
        ],
      },
      { name: 'legacy-db', instances: [{ ip: '10.9.0.1', port: 3306, ephemeral: false, healthy: false }] },
      { name: 'retired', namespace: 'prod' },
    ],
  };
}

const opened: NacosSim[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

async function sim(options: NacosSimOptions = {}): Promise<NacosSim> {
  const s = await startNacosSim({ scenario: world(), auth: { users: USERS }, ...options });
  opened.push(s);
  return s;
}

function source(s: NacosSim, extra: Partial<NacosSourceOptions> = {}) {
  return createNacosRegistrySource({
    serverAddr: s.serverAddr,
    username: 'nacos',
    password: 'nacos-pw',
    pageSize: 3,
    ...extra,
  });
}

/** The data part of a snapshot (what must not depend on the server generation). */
function data(snap: RegistrySnapshot) {
  return {
    namespaces: snap.namespaces,
    services: snap.services,
    instances: snap.instances,
    errors: snap.errors,
  };
}

/** What the store holds, as RegistryInstances: the expectation for a raw read. */
function expected(s: NacosSim): RegistryInstance[] {
  return s.store
    .allInstances()
    .map(({ service, instance: i }) => ({
      nacosNamespace: service.namespaceId,
      group: service.groupName,
      service: service.name,
      cluster: i.clusterName,
      ip: i.ip,
      port: i.port,
      weight: i.weight,
      healthy: i.healthy,
      enabled: i.enabled,
      ephemeral: i.ephemeral,
      metadata: i.metadata,
      instanceId: i.instanceId,
    }))
    .sort(compareInstances);
}

describe('nacos adapter across server generations', () => {
  it('reads the same world identically from 1.4, 2.2, 2.5, 3.1 and 3.2', async () => {
    const snapshots = new Map<string, RegistrySnapshot>();
    for (const version of NACOS_VERSIONS) {
      const s = await sim({ version });
      const snap = await source(s).read();
      snapshots.set(version, snap);
      expect(snap.origin).toMatchObject({
        generation: Number(version[0]),
        api: version[0] === '3' ? 'v3-admin' : 'v1-catalog',
      });
      expect(snap.instances).toEqual(expected(s));
    }
    const reference = data(snapshots.get('2.2') as RegistrySnapshot);
    for (const snap of snapshots.values()) expect(data(snap)).toEqual(reference);
    expect(reference.namespaces.map((n) => n.id)).toEqual(['public', 'dev', 'prod']);
    expect(reference.services).toContainEqual({
      nacosNamespace: 'prod',
      group: 'DEFAULT_GROUP',
      service: 'retired',
    });
    expect(
      reference.instances.filter((i) => i.service === 'orders').map((i) => [i.ip, i.healthy, i.enabled]),
    ).toEqual([
      ['10.0.0.1', true, true],
      ['10.0.0.2', false, true],
      ['10.0.0.3', true, false],
      ['10.0.0.4', true, true],
    ]);
  });

  it('reads with bounded concurrency and says how many requests it made', async () => {
    const s = await sim({ version: '2.5' });
    const snap = await source(s, { concurrency: 2 }).read();
    expect(s.stats.peakInFlight).toBeLessThanOrEqual(2);
    expect(snap.requests).toBe(s.stats.requests);
  });
});

describe('nacos adapter auth', () => {
  it('logs in once, reuses the token, and logs in again after the token is revoked', async () => {
    const s = await sim({ version: '2.2' });
    const src = source(s);
    const logins = (): number => s.stats.byPath.get('/nacos/v1/auth/login') ?? 0;
    await src.read();
    await src.read();
    expect(logins()).toBe(1);
    s.auth.revokeTokens();
    const snap = await src.read();
    expect(snap.errors).toEqual([]);
    expect(logins()).toBe(2);
  });

  it('logs in again when the token TTL runs out, through the 3.x login endpoint', async () => {
    const s = await sim({ version: '3.2', auth: { users: USERS, tokenTtlSeconds: 1 } });
    const src = source(s);
    await src.read();
    await new Promise((r) => setTimeout(r, 1100));
    await src.read();
    expect(s.stats.byPath.get('/nacos/v3/auth/user/login')).toBe(2);
  });

  it('rejects a wrong password with E_NACOS_AUTH', async () => {
    const s = await sim({ version: '3.1' });
    const err = await source(s, { password: 'wrong' })
      .read()
      .catch((e: unknown) => e);
    expect(isOpsError(err) && [err.code, err.exitCode]).toEqual(['E_NACOS_AUTH', 78]);
    expect((err as Error).message).toContain('user not found!');
  });

  it('without credentials, tells to set them', async () => {
    const s = await sim({ version: '3.1' });
    const err = await source(s, { username: undefined, password: undefined })
      .read()
      .catch((e: unknown) => e);
    expect(isOpsError(err) && err.code).toBe('E_NACOS_FORBIDDEN');
    expect((err as { hints: string[] }).hints[0]).toMatch(/NACOS_USERNAME and NACOS_PASSWORD/);
  });
});

describe('nacos adapter failures', () => {
  it('fails over from a dead address to a live one', async () => {
    const s = await sim({ version: '2.2' });
    const dead = await freePort();
    const snap = await source(s, { serverAddr: `127.0.0.1:${dead}, http://${s.serverAddr}` }).read();
    expect(snap.origin.server).toBe(`http://${s.serverAddr}/nacos`);
    expect(snap.instances).toEqual(expected(s));
  });

  it('reports a failing namespace and keeps the others complete', async () => {
    const s = await sim({ version: '2.2' });
    s.faults.add({ path: '/nacos/v1/ns/catalog', namespaceId: 'prod', status: 500, body: 'db down' });
    const snap = await source(s).read();
    expect(snap.errors).toHaveLength(1);
    const [failure] = snap.errors;
    expect(failure).toMatchObject({ nacosNamespace: 'prod', code: 'E_NACOS_HTTP' });
    expect(failure?.message).toContain(`http://${s.serverAddr}/nacos/v1/ns/catalog/`);
    expect(failure?.message).toContain('db down');
    expect(failure?.hints.join(' ')).toMatch(/server log/);
    expect(snap.instances.some((i) => i.nacosNamespace === 'prod')).toBe(false);
    expect(snap.instances).toEqual(expected(s).filter((i) => i.nacosNamespace !== 'prod'));
  });

  it('reports namespaces the user may not read as forbidden', async () => {
    const s = await sim({ version: '3.1' });
    const snap = await source(s, { username: 'dev-only', password: 'dev-pw' }).read();
    expect(snap.errors.map((e) => [e.nacosNamespace, e.code])).toEqual([
      ['prod', 'E_NACOS_FORBIDDEN'],
      ['public', 'E_NACOS_FORBIDDEN'],
    ]);
    expect(snap.errors[0]?.message).toContain('authorization failed!');
    expect(snap.instances.every((i) => i.nacosNamespace === 'dev')).toBe(true);
    expect(snap.instances).toHaveLength(8);
  });

  it('times out a namespace whose server does not answer', async () => {
    const s = await sim({ version: '3.1' });
    s.faults.add({ path: '/nacos/v3/admin/ns/service/list', namespaceId: 'dev', delayMs: 1500 });
    const snap = await source(s, { timeoutMs: 200 }).read();
    expect(snap.errors.map((e) => e.nacosNamespace)).toEqual(['dev']);
    expect(snap.errors[0]?.message).toMatch(/no answer within 200 ms/);
    expect(snap.instances.filter((i) => i.nacosNamespace === 'prod')).toHaveLength(4);
  });

  it('stops when the caller aborts', async () => {
    const s = await sim({ version: '2.2' });
    s.faults.add({ path: '/nacos/v1/ns/catalog', delayMs: 1000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutdown')), 100).unref();
    const err = await source(s)
      .read(controller.signal)
      .catch((e: unknown) => e);
    expect(isOpsError(err) && err.code).toBe('E_ABORTED');
  });
});
