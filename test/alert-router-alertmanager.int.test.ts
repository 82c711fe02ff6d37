import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standinChannels, startTestRouter, type TestRouter } from '../alerting/harness.js';
import { ProviderStandins, type StandinRecord } from '../alerting/standins/server.js';
import { alertmanagerBinary, startAlertmanagers, type AlertmanagerCluster } from './support/alertmanager.js';
import { waitFor } from './support/ports.js';
import { requireTool } from './support/tools.js';

// End to end with the real Alertmanager: two HA peers send the same groups, repeats and
// resolved notifications to the router; each message reaches the provider stand-in once.

const available = requireTool(alertmanagerBinary()) && requireTool('amtool');
const TOKEN = 'am-e2e-token';

describe.runIf(available)('alert router behind two real Alertmanager peers', () => {
  let standins: ProviderStandins;
  let t: TestRouter;
  let am: AlertmanagerCluster;

  beforeAll(async () => {
    standins = new ProviderStandins();
    await standins.start();
    t = await startTestRouter(
      {
        channels: { hook: standinChannels(standins).hook },
        receivers: [{ name: 'ops', channels: ['hook'] }],
        route: { receiver: 'ops' },
        delivery: { splitThreshold: 100 },
      },
      { authToken: TOKEN },
    );
    am = await startAlertmanagers({
      peers: 2,
      webhookUrl: `${t.router.url}/api/v1/alerts/alertmanager`,
      bearerToken: TOKEN,
      groupWait: '1s',
      groupInterval: '2s',
      repeatInterval: '4s',
    });
  });

  afterAll(async () => {
    await am?.stop();
    await t?.close();
    await standins?.close();
  });

  /** Every alert notification the webhook stand-in got, as `status:instance`. */
  const messages = (alertname: string): string[] =>
    standins
      .delivered('webhook')
      .flatMap(
        (r: StandinRecord) =>
          (r.request as { alerts: { status: string; labels: Record<string, string> }[] }).alerts,
      )
      .filter((a) => a.labels.alertname === alertname)
      .map((a) => `${a.status}:${a.labels.instance ?? ''}`)
      .sort();

  it('groups, collapses HA duplicates and repeats, resolves once', async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const alerts = ['a', 'b', 'c'].map((instance) => ({
      labels: { alertname: 'GroupedE2E', severity: 'warning', instance },
      annotations: { summary: 'grouped' },
      startsAt,
    }));
    await am.post(alerts);
    await waitFor(
      () => (messages('GroupedE2E').length >= 3 ? true : undefined),
      30_000,
      'three firing notifications',
    );
    // Let both peers send and repeat a few times (repeat_interval 4s), then check nothing doubled.
    await new Promise((r) => setTimeout(r, 9_000));
    expect(messages('GroupedE2E')).toEqual(['firing:a', 'firing:b', 'firing:c']);
    const key = (await (
      await fetch(`${t.router.url}/api/v1/events/${encodeURIComponent(firstKey('GroupedE2E'))}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    ).json()) as { seen: number; audit: { kind: string; detail: { groupKey?: string } }[] };
    expect(key.seen).toBeGreaterThanOrEqual(2);
    expect(key.audit.find((a) => a.kind === 'intake')?.detail.groupKey).toContain('GroupedE2E');
    expect(key.audit.filter((a) => a.kind === 'duplicate').length).toBeGreaterThanOrEqual(1);

    await am.post(alerts.map((a) => ({ ...a, endsAt: new Date(Date.now() - 1000).toISOString() })));
    await waitFor(
      () => (messages('GroupedE2E').filter((m) => m.startsWith('resolved')).length >= 3 ? true : undefined),
      30_000,
      'three resolved notifications',
    );
    await new Promise((r) => setTimeout(r, 6_000));
    expect(messages('GroupedE2E')).toEqual([
      'firing:a',
      'firing:b',
      'firing:c',
      'resolved:a',
      'resolved:b',
      'resolved:c',
    ]);
  });

  it('takes alerts added with amtool on both peers once', async () => {
    const startsAt = new Date(Date.now() - 30_000).toISOString();
    am.amtoolAdd(
      { alertname: 'AmtoolE2E', severity: 'critical', instance: 'z' },
      startsAt,
      'added with amtool',
    );
    await waitFor(
      () => (messages('AmtoolE2E').length >= 1 ? true : undefined),
      30_000,
      'amtool alert notification',
    );
    await new Promise((r) => setTimeout(r, 5_000));
    expect(messages('AmtoolE2E')).toEqual(['firing:z']);
  });

  function firstKey(alertname: string): string {
    const record = standins
      .delivered('webhook')
      .find((r) =>
        (r.request as { alerts: { labels: Record<string, string> }[] }).alerts.some(
          (a) => a.labels.alertname === alertname,
        ),
      );
    const alert = (
      record!.request as { alerts: { key: string; labels: Record<string, string> }[] }
    ).alerts.find((a) => a.labels.alertname === alertname)!;
    return alert.key;
  }
});
