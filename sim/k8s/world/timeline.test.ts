import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { startKubeSim, type KubeSim } from '../sim.js';
import type { Pod } from '../types.js';

let sim: KubeSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function tick(s: KubeSim, clock: FakeClock, ms: number): Promise<void> {
  clock.advance(ms);
  await s.store.settle();
  // Work queued by the last batch may have started zero-delay timers (pod starts).
  clock.advance(0);
  await s.store.settle();
}

describe('scenario timeline', () => {
  it('flips readiness, restarts, terminates with grace, reuses an IP, scales and adds pods on time', async () => {
    const clock = new FakeClock();
    sim = await startKubeSim({
      clock,
      scenario: {
        workloads: [{ name: 'api', namespace: 'prod', replicas: 2, image: 'api:1', age: '2h' }],
        timeline: [
          { at: '10s', action: 'setReady', ready: false, workload: 'prod/api', index: 0 },
          { at: '20s', action: 'restart', workload: 'prod/api', index: 1, reason: 'OOMKilled' },
          { at: '30s', action: 'terminate', workload: 'prod/api', index: 0, gracePeriodSeconds: 5 },
          { at: '60s', action: 'reuseIp', workload: 'prod/api', index: 0 },
          { at: '90s', action: 'scale', workload: 'prod/api', replicas: 3 },
          {
            at: '100s',
            action: 'createPod',
            spec: { name: 'extra', namespace: 'prod', image: 'busybox:1.36' },
          },
        ],
      },
    });
    const s = sim;
    const [first, second] = s.store.podsOf('prod', 'api');
    const status = (name: string): Pod['status'] =>
      (s.store.get('pods', 'prod', name) as Pod | undefined)?.status;

    await tick(s, clock, 10_000);
    expect(status(first!.metadata.name!)?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');

    await tick(s, clock, 10_000);
    const restarted = status(second!.metadata.name!)?.containerStatuses?.[0];
    expect(restarted).toMatchObject({
      restartCount: 1,
      lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
    });

    await tick(s, clock, 10_000);
    expect(s.store.get('pods', 'prod', first!.metadata.name!)?.metadata.deletionGracePeriodSeconds).toBe(5);
    await tick(s, clock, 5_000);
    expect(s.store.get('pods', 'prod', first!.metadata.name!)).toBeUndefined();
    expect(s.store.podsOf('prod', 'api')).toHaveLength(2);

    const before = s.store.podsOf('prod', 'api');
    const oldest = before[0]!;
    await tick(s, clock, 25_000);
    const after = s.store.podsOf('prod', 'api');
    const replacement = after.find((p) => !before.some((b) => b.metadata.name === p.metadata.name))!;
    expect(s.store.get('pods', 'prod', oldest.metadata.name!)).toBeUndefined();
    expect(after).toHaveLength(2);
    expect(replacement.status?.podIP).toBe(oldest.status?.podIP);

    await tick(s, clock, 30_000);
    expect(s.store.podsOf('prod', 'api')).toHaveLength(3);
    await tick(s, clock, 10_000);
    expect(status('extra')?.phase).toBe('Running');
  });
});
