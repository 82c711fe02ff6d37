import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerBody, standinChannels, startTestRouter, type TestRouter } from '../alerting/harness.js';
import { ProviderStandins } from '../alerting/standins/server.js';
import { waitFor } from './support/ports.js';
import { parseExposition } from './support/exporter.js';

// Intake contract: auth, validation, size limit, durable acknowledgement, deduplication,
// audit API and metrics. Delivery goes to a webhook stand-in.

let standins: ProviderStandins;
let t: TestRouter;
const TOKEN = 'intake-token';

const post = (path: string, body: unknown, auth: string | null = `Bearer ${TOKEN}`): Promise<Response> =>
  fetch(`${t.router.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const n9eEvent = (hash: string, recovered = false): object => ({
  id: 1,
  hash,
  rule_name: 'disk full',
  rule_note: 'root over 90%',
  severity: 2,
  trigger_time: 1_770_710_460,
  first_trigger_time: 1_770_710_400,
  last_eval_time: 1_770_710_500,
  trigger_value: '93',
  tags: ['team=infra'],
  is_recovered: recovered,
});

beforeAll(async () => {
  standins = new ProviderStandins();
  await standins.start();
  t = await startTestRouter(
    {
      channels: { hook: standinChannels(standins).hook },
      receivers: [{ name: 'ops', channels: ['hook'] }],
      route: { receiver: 'ops' },
      delivery: { initialBackoffSeconds: 0.05, maxBackoffSeconds: 0.2 },
    },
    { authToken: TOKEN, basicAuthUsername: 'am', basicAuthPassword: 'pw', maxBodyBytes: 64 * 1024 },
  );
});

afterAll(async () => {
  await t?.close();
  await standins?.close();
});

describe('alert intake', () => {
  it('rejects missing or wrong credentials with 401, accepts bearer and basic', async () => {
    const body = alertmanagerBody([{ fingerprint: 'aa01', labels: { alertname: 'Auth' } }]);
    expect((await post('/api/v1/alerts/alertmanager', body, null)).status).toBe(401);
    expect((await post('/api/v1/alerts/alertmanager', body, 'Bearer nope')).status).toBe(401);
    const wrongBasic = `Basic ${Buffer.from('am:bad').toString('base64')}`;
    expect((await post('/api/v1/alerts/alertmanager', body, wrongBasic)).status).toBe(401);
    expect((await post('/api/v1/alerts/alertmanager', body)).status).toBe(200);
    const basic = `Basic ${Buffer.from('am:pw').toString('base64')}`;
    expect((await post('/api/v1/alerts/nightingale', n9eEvent('bb01'), basic)).status).toBe(200);
  });

  it('answers 400 naming the field, 400 for malformed JSON, 413 for oversized bodies', async () => {
    const bad = alertmanagerBody([{ fingerprint: 'aa02', labels: { alertname: 'X' } }]) as {
      alerts: { startsAt: string }[];
    };
    bad.alerts[0]!.startsAt = 'not a time';
    const res = await post('/api/v1/alerts/alertmanager', bad);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'E_BAD_PAYLOAD', field: 'alerts.0.startsAt' });
    const n9e = await post('/api/v1/alerts/nightingale', [n9eEvent('bb02'), { hash: 'bb03' }]);
    expect(n9e.status).toBe(400);
    expect(((await n9e.json()) as { field: string }).field).toMatch(/^1\./);
    expect((await post('/api/v1/alerts/alertmanager', '{"version": "4", ')).status).toBe(400);
    const huge = alertmanagerBody([
      { fingerprint: 'aa03', labels: { alertname: 'X', blob: 'x'.repeat(70 * 1024) } },
    ]);
    const tooLarge = await post('/api/v1/alerts/alertmanager', huge);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ code: 'E_TOO_LARGE' });
  });

  it('collapses retries and HA duplicates into one event and one delivery', async () => {
    const body = alertmanagerBody([{ fingerprint: 'dd01', labels: { alertname: 'Dup', instance: 'a' } }]);
    const first = (await (await post('/api/v1/alerts/alertmanager', body)).json()) as {
      keys: string[];
      duplicates: number;
    };
    const peer = (await (
      await post('/api/v1/alerts/alertmanager', { ...body, receiver: 'peer-2' })
    ).json()) as { duplicates: number };
    expect(first.duplicates).toBe(0);
    expect(peer.duplicates).toBe(1);
    const key = first.keys[0]!;
    await waitFor(
      () => (standins.delivered('webhook').some((r) => r.text.includes('Dup')) ? true : undefined),
      10_000,
      'webhook delivery',
    );
    await post('/api/v1/alerts/alertmanager', body);
    await new Promise((r) => setTimeout(r, 600));
    expect(standins.delivered('webhook').filter((r) => r.text.includes('Dup'))).toHaveLength(1);
    const trail = (await (
      await fetch(`${t.router.url}/api/v1/events/${key}`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json()) as {
      seen: number;
      audit: { kind: string }[];
      notifications: { state: string }[];
    };
    expect(trail.seen).toBe(3);
    expect(trail.audit.map((a) => a.kind)).toEqual(
      expect.arrayContaining(['intake', 'route', 'duplicate', 'attempt']),
    );
    expect(trail.notifications.map((n) => n.state)).toEqual(['done']);
  });

  it('normalises Nightingale single events and batches with stable keys', async () => {
    const one = (await (await post('/api/v1/alerts/nightingale', n9eEvent('cc01'))).json()) as {
      keys: string[];
    };
    expect(one.keys).toEqual(['n9e-cc01-1770710400000-firing']);
    const batch = (await (
      await post('/api/v1/alerts/nightingale', [n9eEvent('cc01'), n9eEvent('cc01', true)])
    ).json()) as { keys: string[]; duplicates: number };
    expect(batch.duplicates).toBe(1);
    expect(batch.keys[1]).toBe('n9e-cc01-1770710400000-resolved');
  });

  it('serves 404 for unknown events and exports the metrics contract', async () => {
    const missing = await fetch(`${t.router.url}/api/v1/events/nope`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(missing.status).toBe(404);
    const metrics = parseExposition(await (await fetch(`${t.router.url}/metrics`)).text());
    expect(metrics.sum('opsctl_alerts_received_total', { source: 'alertmanager' })).toBeGreaterThanOrEqual(4);
    expect(metrics.sum('opsctl_alerts_received_total', { source: 'nightingale' })).toBeGreaterThanOrEqual(3);
    expect(
      metrics.sum('opsctl_notifications_total', { receiver: 'ops', channel: 'hook', result: 'success' }),
    ).toBeGreaterThanOrEqual(1);
    for (const name of [
      'opsctl_outbox_pending',
      'opsctl_outbox_oldest_age_seconds',
      'opsctl_build_info',
      'opsctl_notification_duration_seconds_count',
    ])
      expect(metrics.samples(name).length).toBeGreaterThan(0);
  });

  it('answers 503 to Alertmanager and 429 to Nightingale when the durable write fails', async () => {
    t.router.store.db.close();
    const am = await post(
      '/api/v1/alerts/alertmanager',
      alertmanagerBody([{ fingerprint: 'ee01', labels: { alertname: 'Lost?' } }]),
    );
    expect(am.status).toBe(503);
    expect(await am.json()).toMatchObject({ code: 'E_STORE' });
    const n9e = await post('/api/v1/alerts/nightingale', n9eEvent('ee02'));
    expect(n9e.status).toBe(429);
    expect(n9e.headers.get('retry-after')).toBe('5');
  });
});
