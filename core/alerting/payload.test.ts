import { describe, expect, it } from 'vitest';
import { parseAlertmanagerPayload } from './alertmanager-payload.js';
import { parseNightingalePayload } from './nightingale-payload.js';

const amAlert = {
  status: 'firing',
  labels: { alertname: 'HighCPU', severity: 'critical', instance: 'web-1' },
  annotations: { summary: 'CPU high' },
  startsAt: '2026-02-10T08:00:00.123456789Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'http://prometheus/graph',
  fingerprint: 'a1b2c3d4e5f60718',
};

const amPayload = {
  version: '4',
  groupKey: '{}:{alertname="HighCPU"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'router',
  groupLabels: { alertname: 'HighCPU' },
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://am',
  notification_reason: 'first notification',
  routeLabels: { team: 'a' },
  alerts: [amAlert, { ...amAlert, status: 'resolved', endsAt: '2026-02-10T08:10:00Z' }],
};

describe('parseAlertmanagerPayload', () => {
  it('normalises webhook v4 alerts, tolerating unknown fields, hiding the 0001-01-01 end', () => {
    const result = parseAlertmanagerPayload(amPayload);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [firing, resolved] = result.events;
    const startsAt = Date.UTC(2026, 1, 10, 8, 0, 0, 123);
    expect(firing).toEqual({
      key: `am-a1b2c3d4e5f60718-${startsAt}-firing`,
      incident: `am-a1b2c3d4e5f60718-${startsAt}`,
      source: 'alertmanager',
      status: 'firing',
      labels: amAlert.labels,
      annotations: amAlert.annotations,
      startsAt,
      generatorUrl: 'http://prometheus/graph',
    });
    expect(resolved?.key).toBe(`am-a1b2c3d4e5f60718-${startsAt}-resolved`);
    expect(resolved?.incident).toBe(firing?.incident);
    expect(resolved?.endsAt).toBe(Date.UTC(2026, 1, 10, 8, 10));
  });

  it('names the failing field', () => {
    const bad = parseAlertmanagerPayload({ ...amPayload, alerts: [{ ...amAlert, startsAt: 'yesterday' }] });
    expect(bad).toEqual({
      ok: false,
      issues: [{ field: 'alerts.0.startsAt', message: 'expected an RFC 3339 time' }],
    });
    const version = parseAlertmanagerPayload({ ...amPayload, version: '3' });
    expect(version.ok ? [] : version.issues.map((i) => i.field)).toEqual(['version']);
    const missing = parseAlertmanagerPayload({ version: '4' });
    expect(missing.ok ? [] : missing.issues.map((i) => i.field)).toEqual(['alerts']);
    const fp = parseAlertmanagerPayload({ ...amPayload, alerts: [{ ...amAlert, fingerprint: '../x' }] });
    expect(fp.ok ? [] : fp.issues.map((i) => i.field)).toEqual(['alerts.0.fingerprint']);
  });
});

const n9eEvent = {
  id: 7,
  hash: '9f86d081884c7d65',
  rule_id: 3,
  rule_name: 'disk full',
  rule_note: 'root partition over 90%',
  severity: 1,
  cluster: 'prod',
  group_name: 'infra',
  target_ident: 'host-1',
  trigger_time: 1_770_710_460,
  first_trigger_time: 1_770_710_400,
  last_eval_time: 1_770_710_460,
  trigger_value: '93.5',
  tags: ['mountpoint=/', 'team=infra'],
  tags_map: { mountpoint: '/', team: 'infra' },
  annotations: { runbook: 'x' },
  is_recovered: false,
  notify_cur_number: 1,
};

describe('parseNightingalePayload', () => {
  it('normalises one event: labels from tags, severity words, stable keys', () => {
    const result = parseNightingalePayload(n9eEvent);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [event] = result.events;
    expect(event).toMatchObject({
      key: 'n9e-9f86d081884c7d65-1770710400000-firing',
      incident: 'n9e-9f86d081884c7d65-1770710400000',
      status: 'firing',
      startsAt: 1_770_710_400_000,
      value: '93.5',
      labels: {
        alertname: 'disk full',
        severity: 'critical',
        ident: 'host-1',
        cluster: 'prod',
        team: 'infra',
        mountpoint: '/',
      },
      annotations: { summary: 'disk full', description: 'root partition over 90%', runbook: 'x' },
    });
  });

  it('accepts batches; a recovery keeps the incident, drops the stale value, has an end', () => {
    const result = parseNightingalePayload([
      n9eEvent,
      { ...n9eEvent, is_recovered: true, last_eval_time: 1_770_711_000 },
    ]);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [firing, recovered] = result.events;
    expect(recovered?.incident).toBe(firing?.incident);
    expect(recovered?.key).toBe('n9e-9f86d081884c7d65-1770710400000-resolved');
    expect(recovered?.value).toBeUndefined();
    expect(recovered?.endsAt).toBe(1_770_711_000_000);
  });

  it('names the failing field, also inside a batch', () => {
    const bad = parseNightingalePayload([n9eEvent, { ...n9eEvent, trigger_time: 'now' }]);
    expect(bad.ok ? [] : bad.issues.map((i) => i.field)).toContain('1.trigger_time');
    const notObject = parseNightingalePayload('hello');
    expect(notObject.ok).toBe(false);
  });
});
