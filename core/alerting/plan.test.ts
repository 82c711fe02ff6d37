import { describe, expect, it } from 'vitest';
import { builtinMarkdown, builtinText, builtinTitle } from './builtin-template.js';
import type { AlertEvent } from './event.js';
import { resolveMentions } from './mentions.js';
import { buildMessageView, partView, toAlertView } from './message.js';
import { planEvent } from './plan.js';
import { compileRoutes, type CompiledRoutes } from './routes-config.js';
import { zonedTimeToEpoch } from './zoned-time.js';

const SH = 'Asia/Shanghai';
const at = (d: number, h: number): number => zonedTimeToEpoch({ year: 2026, month: 2, day: d, hour: h }, SH);

function routes(): CompiledRoutes {
  const result = compileRoutes(
    {
      people: {
        alice: { mobile: '+8613800000001', dingtalkUserId: 'ding-alice' },
        bob: { mobile: '+8613800000002' },
        carol: { mobile: '+8613800000003' },
      },
      rotations: {
        primary: {
          members: ['alice', 'bob'],
          handover: { every: 'daily', at: '10:00' },
          start: '2026-02-01',
        },
      },
      quietHours: { night: { windows: [{ start: '22:00', end: '08:00' }] } },
      channels: {
        ding: { type: 'dingtalk', url: 'http://127.0.0.1:1/robot/send?access_token=t' },
        sms: {
          type: 'aliyun-sms',
          accessKeyId: 'a',
          accessKeySecret: 'b',
          signName: 's',
          templateCode: 't',
          sendResolved: false,
        },
        hook: { type: 'webhook', url: 'http://127.0.0.1:1/hook' },
      },
      receivers: [
        {
          name: 'ops',
          channels: ['ding', 'sms'],
          sms: { to: ['oncall:primary', 'carol', '+8613800000003'] },
          mentions: { oncall: ['primary'], label: 'owner' },
        },
        { name: 'logs', channels: ['hook'] },
      ],
      route: {
        receiver: 'ops',
        quietHours: 'night',
        routes: [
          { matchers: ['kind="log"'], receiver: 'logs', sendResolved: false },
          { matchers: ['team="ops"'], receiver: 'ops', continue: true },
          { matchers: ['team="ops"'], receiver: 'logs' },
        ],
      },
    },
    SH,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.routes;
}

const event = (labels: Record<string, string>, status: AlertEvent['status'] = 'firing'): AlertEvent => ({
  key: `am-1-0-${status}`,
  incident: 'am-1-0',
  source: 'alertmanager',
  status,
  labels: { alertname: 'X', ...labels },
  annotations: {},
  startsAt: at(10, 9),
  ...(status === 'resolved' ? { endsAt: at(10, 11) } : {}),
});

describe('planEvent', () => {
  it('fans SMS out per on-call and listed number, deduplicated, IM once', () => {
    const plan = planEvent(event({ severity: 'critical' }), routes(), at(10, 12));
    expect(plan.deliveries.map((d) => [d.receiver, d.channel, d.target, d.onCall?.person])).toEqual([
      ['ops', 'ding', '', undefined],
      ['ops', 'sms', '+8613800000002', 'bob'],
      ['ops', 'sms', '+8613800000003', undefined],
    ]);
    expect(plan.suppressions).toEqual([]);
  });

  it('holds low severities for the digest in quiet hours while critical still pages', () => {
    const night = at(10, 23);
    const warning = planEvent(event({ severity: 'warning' }), routes(), night);
    expect(warning.deliveries.every((d) => d.hold?.until === at(11, 8))).toBe(true);
    const critical = planEvent(event({ severity: 'critical' }), routes(), night);
    expect(critical.deliveries.every((d) => d.hold === undefined)).toBe(true);
  });

  it('skips resolved messages where a route or channel opts out', () => {
    const logs = planEvent(event({ kind: 'log' }, 'resolved'), routes(), at(10, 12));
    expect(logs.deliveries).toEqual([]);
    expect(logs.suppressions).toEqual([
      { receiver: 'logs', reason: 'resolved_opt_out', detail: 'route route.routes.0' },
    ]);
    const ops = planEvent(event({ team: 'ops' }, 'resolved'), routes(), at(10, 12));
    expect(ops.deliveries.map((d) => `${d.receiver}/${d.channel}`)).toEqual(['ops/ding', 'logs/hook']);
    expect(ops.suppressions.map((s) => [s.channel, s.reason])).toEqual([['sms', 'resolved_opt_out']]);
  });
});

describe('mentions and the built-in template', () => {
  it('mentions whoever is on call and the person in the owner label', () => {
    const r = routes();
    const mentions = resolveMentions(
      r.receivers.get('ops')!,
      [{ owner: 'carol' }, { owner: '13900000000' }],
      r,
      at(10, 12),
    );
    expect(mentions.people.map((p) => p.name)).toEqual(['bob', 'carol', '13900000000']);
  });

  it('renders times in the zone, hides the end while firing, shows durations', () => {
    const firing = toAlertView(event({ severity: 'critical' }), SH, at(10, 11));
    expect(firing).toMatchObject({ startsAt: '2026-02-10 09:00:00', endsAt: '', duration: '2h' });
    const resolved = toAlertView(event({}, 'resolved'), SH, at(10, 12));
    expect(resolved).toMatchObject({ endsAt: '2026-02-10 11:00:00', duration: '2h' });
    const view = buildMessageView([firing, resolved], {
      receiver: 'ops',
      digest: false,
      zone: SH,
      mentions: [],
    });
    expect(view.status).toBe('mixed');
    const md = builtinMarkdown(partView(view, view.alerts, { index: 1, total: 2, more: 3 }));
    expect(md).toContain('(1/2)');
    expect(md).toContain('+3 more');
    expect(md).not.toContain('0001-01-01');
    expect(
      builtinTitle(buildMessageView([firing], { receiver: 'ops', digest: false, zone: SH, mentions: [] })),
    ).toBe('[FIRING 告警] X');
    expect(builtinText(view)).toContain('持续 Duration: 2h');
  });
});
