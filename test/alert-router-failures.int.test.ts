import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerBody, standinChannels, startTestRouter, type TestRouter } from '../alerting/harness.js';
import { ProviderStandins, type StandinRecord } from '../alerting/standins/server.js';
import type { StandinProvider } from '../alerting/standins/providers.js';
import { waitFor } from './support/ports.js';
import { parseExposition } from './support/exporter.js';

// Scripted provider failures (rate limits, 5xx, timeouts, per-number SMS failures, permanent
// errors), rate limiting with coalescing, quiet-hours digests and repeats, with a settable clock.

let standins: ProviderStandins;
let t: TestRouter | undefined;
let offset = 0;
const clock = (): number => Date.now() + offset;

const people = { alice: { mobile: '+8613800000001' }, bob: { mobile: '+8613800000002' } };

async function start(routes: Record<string, unknown>, timeoutSeconds = 2): Promise<TestRouter> {
  t = await startTestRouter(
    { people, delivery: { initialBackoffSeconds: 0.05, maxBackoffSeconds: 0.3 }, ...routes },
    { deliveryTimeoutSeconds: timeoutSeconds },
    clock,
  );
  return t;
}

async function send(body: object): Promise<string[]> {
  const res = await fetch(`${t!.router.url}/api/v1/alerts/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { keys: string[] }).keys;
}

const received = (p: StandinProvider, text: string): StandinRecord[] =>
  standins.records.filter((r) => r.provider === p && r.text.includes(text));
const delivered = (p: StandinProvider, text: string): StandinRecord[] =>
  received(p, text).filter((r) => r.delivered);
const until = (p: StandinProvider, text: string, n = 1): Promise<StandinRecord[]> =>
  waitFor(
    () => (delivered(p, text).length >= n ? delivered(p, text) : undefined),
    15_000,
    `${n} ${p} "${text}"`,
  );
const stateOf = (key: string): string | undefined => t!.router.store.trail(key)?.notifications[0]?.state;
const settle = (ms = 700): Promise<void> => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  standins = new ProviderStandins();
  await standins.start();
});
afterEach(async () => {
  await t?.close();
  t = undefined;
  offset = 0;
});
afterAll(async () => {
  await standins?.close();
});

describe('scripted provider failures', () => {
  it('retries DingTalk 130101 and 5xx, Feishu 11232, and keeps secrets out of the audit trail', async () => {
    const ch = standinChannels(standins);
    await start({
      channels: { ding: ch.ding, feishu: ch.feishu },
      receivers: [{ name: 'r', channels: ['ding', 'feishu'] }],
      route: { receiver: 'r' },
    });
    standins.script(
      'dingtalk',
      { body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } },
      { status: 502, body: 'bad gateway' },
    );
    standins.script('feishu', { body: { code: 11232, msg: 'frequency limited psm' } });
    const [key] = await send(alertmanagerBody([{ fingerprint: 'e001', labels: { alertname: 'Retried' } }]));
    await until('dingtalk', 'Retried');
    await until('feishu', 'Retried');
    await waitFor(
      () => (t!.router.store.trail(key!)!.notifications.every((n) => n.state === 'done') ? true : undefined),
      5000,
      'done',
    );
    expect(received('dingtalk', 'Retried')).toHaveLength(3);
    expect(delivered('dingtalk', 'Retried')).toHaveLength(1);
    const trail = t!.router.store.trail(key!)!;
    const results = trail.audit
      .filter((a) => a.kind === 'attempt')
      .map((a) => `${(a.detail as { channel: string }).channel}:${(a.detail as { result: string }).result}`);
    expect(results.filter((r) => r.startsWith('ding'))).toEqual(['ding:retry', 'ding:retry', 'ding:success']);
    expect(results.filter((r) => r.startsWith('feishu'))).toEqual(['feishu:retry', 'feishu:success']);
    const text = JSON.stringify(trail);
    expect(text).not.toContain('ding-token');
    expect(text).not.toContain(standins.secrets.feishuSecret);
    expect(text).toContain('access_token=***');
    const metrics = parseExposition(await (await fetch(`${t!.router.url}/metrics`)).text());
    expect(metrics.sum('opsctl_notifications_total', { channel: 'ding', result: 'retry' })).toBe(2);
  });

  it('falls back from a removed WeCom robot (93000) to the WeCom app', async () => {
    const ch = standinChannels(standins);
    await start({
      channels: { wecom: { ...ch.wecom, app: (ch.wecomApp as { app: object }).app } },
      receivers: [{ name: 'r', channels: ['wecom'] }],
      route: { receiver: 'r' },
    });
    standins.script('wecom', { body: { errcode: 93000, errmsg: 'invalid webhook url' } });
    const [key] = await send(alertmanagerBody([{ fingerprint: 'e002', labels: { alertname: 'Fallback' } }]));
    await until('wecom-app', 'Fallback');
    await waitFor(() => (stateOf(key!) === 'done' ? true : undefined), 5000, 'done');
    const attempt = t!.router.store.trail(key!)!.audit.find((a) => a.kind === 'attempt')!.detail as {
      via: string;
    };
    expect(attempt.via).toBe('wecom-app');
  });

  it('retries a timed-out webhook (at least once) but never resends an SMS whose outcome is unknown', async () => {
    const ch = standinChannels(standins);
    await start(
      {
        channels: { hook: ch.hook, aliyun: ch.aliyun },
        receivers: [{ name: 'r', channels: ['hook', 'aliyun'], sms: { to: ['alice'] } }],
        route: { receiver: 'r' },
      },
      0.5,
    );
    standins.script('webhook', { delayMs: 1500 });
    standins.script('aliyun-sms', { delayMs: 1500 });
    const [key] = await send(alertmanagerBody([{ fingerprint: 'e003', labels: { alertname: 'Slow' } }]));
    await until('webhook', 'Slow', 2);
    await waitFor(
      () =>
        t!.router.store.trail(key!)!.notifications.find((n) => n.channel === 'aliyun')?.state === 'unknown'
          ? true
          : undefined,
      10_000,
      'unknown SMS',
    );
    await settle(2000);
    expect(received('aliyun-sms', 'Slow')).toHaveLength(1);
    const trail = t!.router.store.trail(key!)!;
    expect((trail.ledger[0] as { state: string }).state).toBe('unknown');
    const metrics = parseExposition(await (await fetch(`${t!.router.url}/metrics`)).text());
    expect(metrics.sum('opsctl_notifications_total', { channel: 'aliyun', result: 'unknown' })).toBe(1);
  });

  it('retries only the number that failed inside a successful Tencent response; stops on permanent Aliyun errors', async () => {
    const ch = standinChannels(standins);
    await start({
      channels: { tencent: ch.tencent, aliyun: ch.aliyun },
      receivers: [
        { name: 'tx', channels: ['tencent'], sms: { to: ['alice', 'bob'] } },
        { name: 'ali', channels: ['aliyun'], sms: { to: ['alice'] } },
      ],
      route: { receiver: 'tx', routes: [{ matchers: ['via="ali"'], receiver: 'ali' }] },
      sms: { perNumber: [{ count: 50, seconds: 60 }] },
    });
    standins.script('tencent-sms', {
      match: (r) => r.phone === '+8613800000002',
      body: {
        Response: {
          SendStatusSet: [
            {
              SerialNo: '',
              PhoneNumber: '+8613800000002',
              Fee: 0,
              SessionContext: '',
              Code: 'LimitExceeded.DeliveryFrequencyLimit',
              Message: 'frequency limit',
              IsoCode: 'CN',
            },
          ],
          RequestId: 'r1',
        },
      },
    });
    await send(alertmanagerBody([{ fingerprint: 'e004', labels: { alertname: 'PerNumber' } }]));
    await waitFor(
      () => (delivered('tencent-sms', 'PerNumber').length === 2 ? true : undefined),
      10_000,
      'both numbers',
    );
    await settle();
    expect(received('tencent-sms', 'PerNumber').filter((r) => r.phone === '+8613800000001')).toHaveLength(1);
    expect(received('tencent-sms', 'PerNumber').filter((r) => r.phone === '+8613800000002')).toHaveLength(2);
    standins.script('aliyun-sms', {
      body: { Code: 'isv.AMOUNT_NOT_ENOUGH', Message: '账户余额不足', RequestId: 'r2' },
    });
    const [key] = await send(
      alertmanagerBody([{ fingerprint: 'e005', labels: { alertname: 'NoMoney', via: 'ali' } }]),
    );
    await waitFor(() => (stateOf(key!) === 'failed' ? true : undefined), 10_000, 'failed for good');
    await settle();
    expect(received('aliyun-sms', 'NoMoney')).toHaveLength(1);
  });
});

describe('limits, quiet hours and repeats', () => {
  it('keeps a robot within its limit and coalesces what is queued into one message', async () => {
    await start({
      channels: { ding: { ...standinChannels(standins).ding, limits: [{ count: 2, seconds: 60 }] } },
      receivers: [{ name: 'r', channels: ['ding'] }],
      route: { receiver: 'r' },
    });
    for (const n of [1, 2]) {
      await send(alertmanagerBody([{ fingerprint: `c00${n}`, labels: { alertname: `Burst${n}` } }]));
      await until('dingtalk', `Burst${n}`);
    }
    for (const n of [3, 4, 5])
      await send(alertmanagerBody([{ fingerprint: `c00${n}`, labels: { alertname: `Burst${n}` } }]));
    await settle();
    expect(standins.delivered('dingtalk').filter((r) => r.text.includes('Burst'))).toHaveLength(2);
    offset += 61_000;
    const [digest] = await until('dingtalk', 'Burst5');
    expect(digest!.text).toContain('Burst3');
    expect(digest!.text).toContain('Burst4');
    expect(standins.delivered('dingtalk').filter((r) => r.text.includes('Burst'))).toHaveLength(3);
  });

  it('holds low severities in quiet hours for a digest while critical pages at once', async () => {
    const hhmm = (ms: number): string => new Date(ms).toISOString().slice(11, 16);
    const start0 = Date.now();
    await start({
      timeZone: 'UTC',
      quietHours: {
        night: { windows: [{ start: hhmm(start0 - 3_600_000), end: hhmm(start0 + 2 * 3_600_000) }] },
      },
      channels: { hook: standinChannels(standins).hook },
      receivers: [{ name: 'r', channels: ['hook'] }],
      route: { receiver: 'r', quietHours: 'night' },
    });
    await send(
      alertmanagerBody([{ fingerprint: 'q001', labels: { alertname: 'Pages', severity: 'critical' } }]),
    );
    const [w1] = await send(
      alertmanagerBody([{ fingerprint: 'q002', labels: { alertname: 'Waits1', severity: 'warning' } }]),
    );
    await send(
      alertmanagerBody([{ fingerprint: 'q003', labels: { alertname: 'Waits2', severity: 'info' } }]),
    );
    await until('webhook', 'Pages');
    await settle();
    expect(received('webhook', 'Waits')).toHaveLength(0);
    expect(stateOf(w1!)).toBe('held');
    offset += 2 * 3_600_000 + 60_000;
    const [digest] = await until('webhook', 'Waits1');
    expect(digest!.text).toContain('Waits2');
    expect((digest!.request as { digest: boolean }).digest).toBe(true);
    expect(t!.router.store.trail(w1!)!.audit.map((a) => a.kind)).toContain('digested');
  });

  it('collapses Alertmanager repeats unless the route asks to re-notify', async () => {
    await start({
      channels: { hook: standinChannels(standins).hook },
      receivers: [{ name: 'r', channels: ['hook'] }],
      route: { receiver: 'r', routes: [{ matchers: ['remind="yes"'], repeatIntervalSeconds: 3600 }] },
    });
    const quiet = alertmanagerBody([{ fingerprint: 'r001', labels: { alertname: 'Once' } }]);
    const loud = alertmanagerBody([
      { fingerprint: 'r002', labels: { alertname: 'Reminded', remind: 'yes' } },
    ]);
    await send(quiet);
    await send(loud);
    await until('webhook', 'Reminded');
    offset += 3_601_000;
    await send(quiet);
    await send(loud);
    await send({ ...loud, receiver: 'ha-peer' });
    await until('webhook', 'Reminded', 2);
    await settle();
    expect(delivered('webhook', 'Once')).toHaveLength(1);
    expect(delivered('webhook', 'Reminded')).toHaveLength(2);
  });
});
