import { describe, expect, it } from 'vitest';
import { compileRoutes, DEFAULT_ROUTES, type CompiledRoutes } from './routes-config.js';
import { matchRoutes } from './route-tree.js';

const base = {
  people: { alice: { mobile: '+8613800000001', wecomUserId: 'alice' }, bob: { mobile: '13800000002' } },
  rotations: {
    primary: { members: ['alice', 'bob'], handover: { every: 'weekly', at: '10:00' }, start: '2026-01-05' },
  },
  quietHours: { night: { windows: [{ start: '22:00', end: '08:00' }] } },
  channels: {
    ding: { type: 'dingtalk', url: 'http://127.0.0.1:1/robot/send?access_token=t', secret: 's' },
    sms: {
      type: 'aliyun-sms',
      accessKeyId: 'ak',
      accessKeySecret: 'sk',
      signName: 'ops',
      templateCode: 'SMS_1',
    },
  },
  receivers: [
    { name: 'default', channels: ['ding'] },
    { name: 'db', channels: ['ding', 'sms'], sms: { to: ['oncall:primary'] } },
    { name: 'web', channels: ['ding'] },
  ],
  route: {
    receiver: 'default',
    quietHours: 'night',
    routes: [
      { matchers: ['team="db"'], receiver: 'db', continue: true },
      { matchers: ['team=~"db|web"'], receiver: 'web', sendResolved: false },
      { matchers: ['team="web"'], receiver: 'db' },
    ],
  },
};

function compiled(data: unknown = base): CompiledRoutes {
  const result = compileRoutes(data, 'Asia/Shanghai');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.routes;
}

describe('compileRoutes', () => {
  it('compiles the default routes (everything to the log inbox)', () => {
    const routes = compiled(DEFAULT_ROUTES);
    expect(matchRoutes(routes.root, { alertname: 'x' }).map((m) => m.receiver)).toEqual(['inbox']);
    expect(routes.zone).toBe('Asia/Shanghai');
  });

  it('walks the tree like Alertmanager: continue, first match stops, inheritance', () => {
    const routes = compiled();
    const db = matchRoutes(routes.root, { team: 'db' });
    expect(db.map((m) => [m.receiver, m.path, m.sendResolved, m.quietHours])).toEqual([
      ['db', 'route.routes.0', true, 'night'],
      ['web', 'route.routes.1', false, 'night'],
    ]);
    expect(matchRoutes(routes.root, { team: 'web' }).map((m) => m.receiver)).toEqual(['web']);
    expect(matchRoutes(routes.root, { team: 'other' }).map((m) => m.path)).toEqual(['route']);
  });

  it('lists every broken reference and shape problem with its path', () => {
    const result = compileRoutes(
      {
        ...base,
        timeZone: 'Mars/Base',
        rotations: {
          primary: {
            members: ['alice', 'zed'],
            handover: { every: 'daily' },
            start: '2026-01-05',
            overrides: [{ from: 'soon', to: '2026-01-01', person: 'nobody' }],
          },
        },
        receivers: [
          { name: 'default', channels: ['ding', 'nope'] },
          {
            name: 'default',
            channels: ['sms'],
            mentions: { oncall: ['ghost'] },
            templates: { ding: { text: 'x' } },
          },
        ],
        route: { receiver: 'missing', quietHours: 'day', matchers: ['bad'], routes: [{ receiver: 'x' }] },
      },
      'UTC',
    );
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'timeZone',
        'rotations.primary.members.1',
        'rotations.primary.overrides.0.person',
        'rotations.primary.overrides.0.from',
        'receivers.0.channels.1',
        'receivers.1.name',
        'receivers.1.sms',
        'receivers.1.mentions.oncall.0',
        'receivers.1.templates.ding',
        'route.receiver',
        'route.quietHours',
        'route.matchers.0',
        'route.routes.0.receiver',
      ]),
    );
  });

  it('reports shape errors from the schema by path', () => {
    const result = compileRoutes({ channels: { a: { type: 'fax' } }, receivers: [], route: {} }, 'UTC');
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['channels.a.type', 'receivers']));
  });

  it('checks sms.to entries: rotations, people with mobiles, literal numbers', () => {
    const result = compileRoutes(
      {
        ...base,
        people: { ...base.people, carol: {} },
        receivers: [
          {
            name: 'default',
            channels: ['sms'],
            sms: { to: ['oncall:x', 'carol', 'dave', '+8613900000000'] },
          },
        ],
        route: { receiver: 'default' },
      },
      'UTC',
    );
    const paths = result.ok ? [] : result.issues.map((i) => i.path);
    expect(paths).toEqual(['receivers.0.sms.to.0', 'receivers.0.sms.to.1', 'receivers.0.sms.to.2']);
  });
});
