/**
 * Conformance of the Nacos simulator, judged by the official Node client (`nacos` on npm,
 * NacosNamingClient): register, beat, subscribe, read, deregister; a client whose beats stop
 * sees its instance turn unhealthy and then disappear on the simulator's schedule; a wrong
 * password gets the server's real 403.
 */
import { NacosNamingClient } from 'nacos';
import { afterEach, describe, expect, it } from 'vitest';
import { startNacosSim, type NacosSim, type NacosVersion } from '../sim/nacos/index.js';
import { waitFor } from './support/ports.js';

interface Host {
  ip: string;
  port: number;
  healthy: boolean;
  enabled: boolean;
  metadata: Record<string, string>;
}

/** A logger the client writes to; warnings carry the errors of failed calls. */
function recordingLogger(): { logger: typeof console; warnings: unknown[] } {
  const warnings: unknown[] = [];
  const ignore = (): void => undefined;
  const logger = {
    info: ignore,
    debug: ignore,
    warn: (...a: unknown[]) => warnings.push(a[0]),
    error: (...a: unknown[]) => warnings.push(a[0]),
  };
  return { logger: logger as unknown as typeof console, warnings };
}

const opened: { close(): Promise<void> }[] = [];

async function newClient(sim: NacosSim, extra: { username?: string; password?: string } = {}) {
  const { logger, warnings } = recordingLogger();
  const client = new NacosNamingClient({ logger, serverList: sim.serverAddr, namespace: 'public', ...extra });
  opened.push(client as unknown as { close(): Promise<void> });
  await client.ready();
  return { client, warnings, close: () => (client as unknown as { close(): Promise<void> }).close() };
}

async function newSim(
  version: NacosVersion,
  extra: Parameters<typeof startNacosSim>[0] = {},
): Promise<NacosSim> {
  const sim = await startNacosSim({ version, cacheMillis: 300, checkIntervalMs: 100, ...extra });
  opened.push(sim);
  return sim;
}

afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

function statusOf(warning: unknown): number | undefined {
  return (warning as { status?: number }).status;
}

describe('official nacos client against the simulator', () => {
  it('registers (enable vs enabled), reads, subscribes and deregisters', async () => {
    const sim = await newSim('2.2');
    const { client } = await newClient(sim);
    // The typings say string, but the call is async.
    expect(await Promise.resolve(client.getServerStatus())).toBe('UP');
    const instance = { ip: '10.1.0.1', port: 8080, metadata: { zone: 'a' } };
    await client.registerInstance('orders', instance as never, 'PAY');
    await client.registerInstance('orders', { ip: '10.1.0.9', port: 8080, enabled: false } as never, 'PAY');
    expect(sim.store.find({ service: 'PAY@@orders', ip: '10.1.0.9', port: 8080 })?.enabled).toBe(false);
    expect(sim.store.find({ service: 'PAY@@orders', ip: '10.1.0.1', port: 8080 })).toMatchObject({
      enabled: true,
      ephemeral: true,
      metadata: { zone: 'a' },
    });

    const direct = (await client.getAllInstances('orders', 'PAY', '', false)) as unknown as Host[];
    expect(direct.map((h) => h.ip)).toEqual(['10.1.0.1']);

    const seen: Host[][] = [];
    client.subscribe({ serviceName: 'orders', groupName: 'PAY' }, (hosts) => seen.push(hosts));
    await waitFor(() => (seen.at(-1)?.length === 1 ? true : undefined), 5000, 'first subscription push');
    sim.store.register({ service: 'orders', group: 'PAY', ip: '10.1.0.2', port: 8080, simBeating: true });
    const both = await waitFor(
      () => (seen.at(-1)?.length === 2 ? seen.at(-1) : undefined),
      5000,
      'second host',
    );
    expect(both.map((h) => h.ip).sort()).toEqual(['10.1.0.1', '10.1.0.2']);

    const selected = (await client.selectInstances('orders', 'PAY', '', true, false)) as unknown as Host[];
    expect(selected).toHaveLength(2);
    await client.deregisterInstance('orders', instance as never, 'PAY');
    expect(sim.store.find({ service: 'PAY@@orders', ip: '10.1.0.1', port: 8080 })).toBeUndefined();
  });

  it('keeps beating instances healthy; a stopped beat makes the instance unhealthy, then removed', async () => {
    const sim = await newSim('2.2');
    const metadata = {
      'preserved.heart.beat.interval': '300',
      'preserved.heart.beat.timeout': '3000',
      'preserved.ip.delete.timeout': '6000',
    };
    const survivor = await newClient(sim);
    const doomed = await newClient(sim);
    const keep = { service: 'inventory', ip: '10.2.0.1', port: 8080 };
    const lose = { service: 'inventory', ip: '10.2.0.2', port: 8080 };
    await survivor.client.registerInstance('inventory', { ip: keep.ip, port: keep.port, metadata } as never);
    await doomed.client.registerInstance('inventory', { ip: lose.ip, port: lose.port, metadata } as never);

    // The client's beat loop first sleeps 10 s, then follows the server's clientBeatInterval
    // (the preserved interval). Until then the short timeouts expire the instances and the
    // first beat re-registers them from its body, as the server's handleBeat does.
    const beats = (): number => sim.stats.byPath.get('/nacos/v1/ns/instance/beat') ?? 0;
    await waitFor(
      () => (beats() >= 10 && sim.store.find(lose)?.healthy ? true : undefined),
      25_000,
      'steady beats',
    );
    await new Promise((r) => setTimeout(r, 3500));
    expect(sim.store.find(keep)?.healthy).toBe(true);
    expect(sim.store.find(lose)?.healthy).toBe(true);

    const views: Host[][] = [];
    survivor.client.subscribe('inventory', (hosts) => views.push(hosts));
    await waitFor(() => (views.at(-1)?.length === 2 ? true : undefined), 5000, 'both hosts subscribed');

    await doomed.close();
    await waitFor(() => (sim.store.find(lose)?.healthy === false ? true : undefined), 10_000, 'unhealthy');
    const unhealthy = await waitFor(
      () => views.at(-1)?.find((h) => h.ip === lose.ip && !h.healthy),
      5000,
      'subscriber sees the host unhealthy',
    );
    expect(unhealthy.enabled).toBe(true);
    await waitFor(() => (sim.store.find(lose) === undefined ? true : undefined), 10_000, 'removed');
    const after = await waitFor(
      () => (views.at(-1)?.every((h) => h.ip !== lose.ip) ? views.at(-1) : undefined),
      5000,
      'subscriber sees the host gone',
    );
    expect(after.map((h) => h.ip)).toEqual([keep.ip]);
    expect(sim.store.find(keep)?.healthy).toBe(true);
  });

  it('brings back an instance deleted while its client still beats', async () => {
    const sim = await newSim('2.2');
    const { client } = await newClient(sim);
    const ref = { service: 'cart', ip: '10.3.0.1', port: 8080 };
    await client.registerInstance('cart', {
      ...ref,
      metadata: { 'preserved.heart.beat.interval': '300' },
    } as never);
    const beats = (): number => sim.stats.byPath.get('/nacos/v1/ns/instance/beat') ?? 0;
    await waitFor(() => (beats() >= 2 ? true : undefined), 20_000, 'beats');
    const res = await fetch(`${sim.url}/nacos/v1/ns/instance?serviceName=cart&ip=10.3.0.1&port=8080`, {
      method: 'DELETE',
    });
    expect(await res.text()).toBe('ok');
    expect(sim.store.find(ref)).toBeUndefined();
    await waitFor(() => sim.store.find(ref), 5000, 're-registration by beat');
  });

  it('gets the real 403 with a wrong password and works with the right one', async () => {
    const sim = await newSim('2.2', { auth: { users: [{ username: 'nacos', password: 'right' }] } });
    const wrong = await newClient(sim, { username: 'nacos', password: 'wrong' });
    await expect(wrong.client.registerInstance('pay', { ip: '10.4.0.1', port: 1 } as never)).rejects.toThrow(
      /failed to req API/,
    );
    const denied = wrong.warnings.find((w) => statusOf(w) === 403) as Error | undefined;
    expect(denied?.message).toMatch(/code: 403 msg: user not found!/);
    expect(sim.store.find({ service: 'pay', ip: '10.4.0.1', port: 1 })).toBeUndefined();

    const right = await newClient(sim, { username: 'nacos', password: 'right' });
    await right.client.registerInstance('pay', { ip: '10.4.0.1', port: 1 } as never);
    expect(sim.store.find({ service: 'pay', ip: '10.4.0.1', port: 1 })?.healthy).toBe(true);
  });

  it.each(['1.4', '2.5', '3.1'] as const)('works against %s', async (version) => {
    const sim = await newSim(version);
    const { client } = await newClient(sim);
    await client.registerInstance('gateway', { ip: '10.5.0.1', port: 80 } as never, 'EDGE');
    const hosts = (await client.getAllInstances('gateway', 'EDGE', '', false)) as unknown as Host[];
    expect(hosts.map((h) => [h.ip, h.healthy])).toEqual([['10.5.0.1', true]]);
  });

  it('fails against 3.2, which removed the v1 API', async () => {
    const sim = await newSim('3.2');
    const { client, warnings } = await newClient(sim);
    await expect(client.registerInstance('gateway', { ip: '10.5.0.1', port: 80 } as never)).rejects.toThrow(
      /failed to req API/,
    );
    expect(warnings.some((w) => statusOf(w) === 404)).toBe(true);
    // The typings say string, but the call is async.
    expect(await Promise.resolve(client.getServerStatus())).toBe('DOWN');
  });
});
