import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerBody, standinChannels, startTestRouter, type TestRouter } from '../alerting/harness.js';
import { ProviderStandins, type StandinRecord } from '../alerting/standins/server.js';
import type { StandinProvider } from '../alerting/standins/providers.js';
import { waitFor } from './support/ports.js';

// Delivery through every channel type to local stand-ins that verify signatures and limits
// the way the providers do; message content, mentions, templates, packing, resolved handling.

let standins: ProviderStandins;
let t: TestRouter | undefined;

const people = {
  alice: {
    mobile: '+8613800000001',
    wecomUserId: 'alice',
    feishuOpenId: 'ou_alice',
    dingtalkUserId: 'ding-alice',
  },
  bob: { mobile: '+8613800000002' },
};

async function start(routes: Record<string, unknown>): Promise<TestRouter> {
  t = await startTestRouter({
    people,
    delivery: { initialBackoffSeconds: 0.05, maxBackoffSeconds: 0.3 },
    ...routes,
  });
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

const delivered = (provider: StandinProvider, text: string): StandinRecord[] =>
  standins.delivered(provider).filter((r) => r.text.includes(text));

async function until(provider: StandinProvider, text: string, count = 1): Promise<StandinRecord[]> {
  return waitFor(
    () => (delivered(provider, text).length >= count ? delivered(provider, text) : undefined),
    15_000,
    `${count} ${provider} message(s) with "${text}"`,
  );
}

beforeAll(async () => {
  standins = new ProviderStandins();
  await standins.start();
});
afterEach(async () => {
  await t?.close();
  t = undefined;
});
afterAll(async () => {
  await standins?.close();
});

describe('delivery to every channel', () => {
  it('signs, mentions and formats for DingTalk, WeCom, Feishu, webhook, Aliyun and Tencent SMS', async () => {
    await start({
      channels: standinChannels(standins),
      receivers: [
        {
          name: 'all',
          channels: ['ding', 'wecom', 'feishu', 'hook', 'aliyun', 'tencent'],
          sms: { to: ['alice'] },
          mentions: { people: ['alice'], label: 'owner' },
        },
      ],
      route: { receiver: 'all' },
      sms: { perNumber: [{ count: 10, seconds: 60 }] },
    });
    await send(
      alertmanagerBody([
        { fingerprint: 'f001', labels: { alertname: 'EveryChannel', severity: 'critical', owner: 'bob' } },
      ]),
    );
    for (const p of ['dingtalk', 'wecom', 'feishu', 'webhook', 'aliyun-sms', 'tencent-sms'] as const) {
      const recs =
        p === 'aliyun-sms' || p === 'tencent-sms'
          ? await until(p, 'EveryChannel')
          : await until(p, 'EveryChannel');
      expect(recs.every((r) => r.problem === undefined)).toBe(true);
    }
    expect(standins.records.filter((r) => r.problem)).toEqual([]);
    const ding = delivered('dingtalk', 'EveryChannel')[0]!.request as {
      at: { atMobiles: string[]; atUserIds: string[] };
      markdown: { text: string };
    };
    expect(ding.at.atMobiles).toEqual(['+8613800000001', '+8613800000002']);
    expect(ding.at.atUserIds).toEqual(['ding-alice']);
    expect(ding.markdown.text).toContain('@+8613800000002');
    expect(ding.markdown.text).toContain('2026-02-10 16:00:00');
    expect(ding.markdown.text).not.toContain('0001-01-01');
    expect(delivered('wecom', 'EveryChannel')[0]!.text).toContain('<@alice>');
    const followUp = await waitFor(
      () => standins.delivered('wecom').find((r) => (r.request as { msgtype: string }).msgtype === 'text'),
      5000,
      'wecom mention follow-up',
    );
    expect(
      (followUp.request as { text: { mentioned_mobile_list: string[] } }).text.mentioned_mobile_list,
    ).toEqual(['+8613800000002']);
    const card = delivered('feishu', 'EveryChannel')[0]!.request as {
      msg_type: string;
      card: { header: { template: string } };
    };
    expect(card.msg_type).toBe('interactive');
    expect(card.card.header.template).toBe('red');
    expect(delivered('feishu', 'EveryChannel')[0]!.text).toContain('<at id=ou_alice></at>');
    const ali = delivered('aliyun-sms', 'EveryChannel')[0]!;
    expect(ali.phone).toBe('+8613800000001');
    expect(JSON.parse((ali.request as { TemplateParam: string }).TemplateParam)).toEqual({
      alert: 'EveryChannel',
      count: '1',
    });
    expect((ali.request as { OutId: string }).OutId).toMatch(/^opsctl-/);
    const tx = delivered('tencent-sms', 'EveryChannel')[0]!.request as {
      TemplateParamSet: string[];
      SessionContext: string;
    };
    expect(tx.TemplateParamSet).toEqual(['EveryChannel', '1']);
  });

  it('uses the WeCom app when a robot is not configured', async () => {
    await start({
      channels: { app: standinChannels(standins).wecomApp },
      receivers: [{ name: 'r', channels: ['app'] }],
      route: { receiver: 'r' },
    });
    await send(alertmanagerBody([{ fingerprint: 'f002', labels: { alertname: 'ViaApp' } }]));
    const [msg] = await until('wecom-app', 'ViaApp');
    expect((msg!.request as { agentid: number }).agentid).toBe(1000002);
  });

  it('renders Liquid templates per receiver and falls back to the built-in one on error', async () => {
    const channels = standinChannels(standins);
    await start({
      channels: { hook: channels.hook, ding: channels.ding },
      receivers: [
        {
          name: 'good',
          channels: ['hook'],
          templates: {
            hook: {
              title: 'T',
              text: '{{ alerts.size }} alert(s): {% for a in alerts %}{{ a.alertname | upcase }} since {{ a.startsAt }}{% endfor %}',
            },
          },
        },
        { name: 'bad', channels: ['ding'], templates: { ding: { text: '{{ alerts | no_such_filter }}' } } },
      ],
      route: { receiver: 'good', routes: [{ matchers: ['t="bad"'], receiver: 'bad' }] },
    });
    await send(alertmanagerBody([{ fingerprint: 'f003', labels: { alertname: 'Templated' } }]));
    const [good] = await until('webhook', 'TEMPLATED');
    expect(good!.text).toBe('1 alert(s): TEMPLATED since 2026-02-10 16:00:00');
    const [key] = await send(
      alertmanagerBody([{ fingerprint: 'f004', labels: { alertname: 'BadTemplate', t: 'bad' } }]),
    );
    await until('dingtalk', 'BadTemplate');
    const trail = t!.router.store.trail(key!)!;
    const attempt = trail.audit.find((a) => a.kind === 'attempt')!.detail as {
      result: string;
      templateError: string;
    };
    expect(attempt.result).toBe('success');
    expect(attempt.templateError).toMatch(/no_such_filter/);
  });

  it('packs a large group into WeCom-sized numbered parts with "+N more"', async () => {
    await start({
      channels: { wecom: { ...standinChannels(standins).wecom, maxParts: 3 } },
      receivers: [{ name: 'r', channels: ['wecom'] }],
      route: { receiver: 'r' },
    });
    const alerts = Array.from({ length: 90 }, (_, i) => ({
      fingerprint: `ab${String(i).padStart(4, '0')}`,
      labels: { alertname: `Packed${i}`, instance: `host-${i}.example.internal:9100`, job: 'node' },
      annotations: { summary: '磁盘使用率超过 90%，请尽快清理 '.repeat(2) },
    }));
    await send(alertmanagerBody(alerts));
    const parts = await until('wecom', 'Packed', 3);
    expect(parts).toHaveLength(3);
    for (const p of parts) expect(Buffer.byteLength(p.text)).toBeLessThanOrEqual(4096);
    expect(parts.map((p) => /\((\d)\/3\)/.exec(p.text)?.[1])).toEqual(['1', '2', '3']);
    expect(parts[2]!.text).toMatch(/\+\d+ more/);
    expect(standins.records.filter((r) => r.problem)).toEqual([]);
  });

  it('sends resolved once, only to receivers that got the firing one, honouring opt-out', async () => {
    const channels = standinChannels(standins);
    await start({
      channels: { hook: channels.hook, ding: channels.ding },
      receivers: [
        { name: 'hooks', channels: ['hook'] },
        { name: 'ding', channels: ['ding'] },
      ],
      route: {
        receiver: 'hooks',
        routes: [
          { matchers: ['kind="log"'], receiver: 'ding', sendResolved: false, continue: true },
          { receiver: 'hooks' },
        ],
      },
    });
    const firing = alertmanagerBody([{ fingerprint: 'f005', labels: { alertname: 'Flaps', kind: 'log' } }]);
    const resolved = alertmanagerBody([
      {
        fingerprint: 'f005',
        labels: { alertname: 'Flaps', kind: 'log' },
        status: 'resolved',
        endsAt: '2026-02-10T08:30:00Z',
      },
    ]);
    await send(firing);
    await until('webhook', 'Flaps');
    await until('dingtalk', 'Flaps');
    const [key] = await send(resolved);
    await send(resolved);
    const [res] = await until('webhook', 'RESOLVED');
    expect(res!.text).toContain('30m');
    await new Promise((r) => setTimeout(r, 600));
    expect(delivered('webhook', 'Flaps')).toHaveLength(2);
    expect(delivered('dingtalk', 'Flaps')).toHaveLength(1);
    expect(
      t!.router.store
        .trail(key!)!
        .audit.filter((a) => a.kind === 'suppressed')
        .map((a) => (a.detail as { reason: string }).reason),
    ).toEqual(['resolved_opt_out']);
    // A resolved whose firing was never delivered here is not sent.
    const [orphan] = await send(
      alertmanagerBody([
        {
          fingerprint: 'f006',
          labels: { alertname: 'Orphan' },
          status: 'resolved',
          endsAt: '2026-02-10T09:00:00Z',
        },
      ]),
    );
    await waitFor(
      () => (t!.router.store.trail(orphan!)!.notifications[0]?.state === 'suppressed' ? true : undefined),
      5000,
      'orphan suppressed',
    );
    expect(delivered('webhook', 'Orphan')).toHaveLength(0);
  });

  it('texts whoever is on call and records it in the ledger; caps SMS per number per day', async () => {
    await start({
      channels: { aliyun: standinChannels(standins).aliyun },
      rotations: {
        primary: {
          members: ['alice', 'bob'],
          handover: { every: 'daily', at: '00:00' },
          start: '2000-01-01',
        },
      },
      receivers: [{ name: 'pager', channels: ['aliyun'], sms: { to: ['oncall:primary'] } }],
      route: { receiver: 'pager' },
      sms: { perNumber: [{ count: 100, seconds: 60 }], perNumberPerDay: 1 },
    });
    const [key] = await send(alertmanagerBody([{ fingerprint: 'f007', labels: { alertname: 'OnCall' } }]));
    const [sms] = await until('aliyun-sms', 'OnCall');
    expect(['+8613800000001', '+8613800000002']).toContain(sms!.phone);
    const trail = t!.router.store.trail(key!)!;
    expect((trail.ledger[0] as { state: string; on_call: string }).state).toBe('sent');
    expect(JSON.parse((trail.ledger[0] as { on_call: string }).on_call)).toMatchObject({
      rotation: 'primary',
      via: 'rotation',
    });
    const [capped] = await send(
      alertmanagerBody([{ fingerprint: 'f008', labels: { alertname: 'OverCap' } }]),
    );
    await waitFor(
      () => (t!.router.store.trail(capped!)!.notifications[0]?.state === 'suppressed' ? true : undefined),
      5000,
      'daily cap',
    );
    expect(t!.router.store.trail(capped!)!.notifications[0]!.lastError).toBe('sms_daily_cap');
  });
});
