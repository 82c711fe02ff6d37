import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { packageRoot } from '../adapters/package-root.js';
import { alertmanagerBody, standinChannels } from '../alerting/harness.js';
import { ProviderStandins } from '../alerting/standins/server.js';
import { parseExposition } from './support/exporter.js';
import { freePort, waitFor } from './support/ports.js';

// Crash test: a storm of 2,000 alerts while the router process is killed with SIGKILL again and
// again. Afterwards every alert reached the webhook and no SMS went out twice (the send ledger is
// committed before each SMS call; a call cut off by the kill is reported, never repeated).

const ALERTS = 2000;
const PER_PAYLOAD = 20;
const MIN_KILLS = 5;

let standins: ProviderStandins;
let dir: string;
let port: number;
let child: ChildProcess | undefined;

function spawnRouter(): ChildProcess {
  const args = [
    '--import',
    'tsx',
    'cli/bin.ts',
    'alert-router',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--data-dir',
    join(dir, 'data'),
    '--routes',
    join(dir, 'routes.yaml'),
  ];
  return spawn(process.execPath, args, {
    cwd: packageRoot(),
    env: { ...process.env, OPSCTL_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function up(): Promise<void> {
  child = spawnRouter();
  await waitFor(
    async () =>
      (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok ? true : undefined,
    30_000,
    'router up',
  );
}

async function kill9(): Promise<void> {
  const proc = child;
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGKILL');
  await exited;
}

/** Posts like Alertmanager: retries on connection errors and 5xx until acknowledged. */
async function deliverPayload(body: object): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/alerts/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    }).catch(() => undefined);
    if (res?.status === 200) return;
    if (res && res.status < 500) throw new Error(`intake answered ${res.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('payload never acknowledged');
}

beforeAll(async () => {
  standins = new ProviderStandins();
  await standins.start();
  dir = mkdtempSync(join(tmpdir(), 'opsctl-alert-crash-'));
  port = await freePort();
  const ch = standinChannels(standins);
  writeFileSync(
    join(dir, 'routes.yaml'),
    stringify({
      people: { alice: { mobile: '+8613800000001' }, bob: { mobile: '+8613800000002' } },
      channels: {
        hook: ch.hook,
        aliyun: { ...ch.aliyun, params: { n: '{{ alerts[0].labels.n }}' } },
        tencent: { ...ch.tencent, params: ['{{ alerts[0].labels.n }}'] },
      },
      receivers: [
        { name: 'all', channels: ['hook'] },
        { name: 'pager-ali', channels: ['aliyun'], sms: { to: ['alice'] } },
        { name: 'pager-tx', channels: ['tencent'], sms: { to: ['bob'] } },
      ],
      route: {
        receiver: 'all',
        routes: [
          { matchers: ['severity="critical"'], receiver: 'pager-ali', continue: true },
          { matchers: ['severity="critical"'], receiver: 'pager-tx', continue: true },
          { receiver: 'all' },
        ],
      },
      delivery: {
        splitThreshold: 1_000_000,
        concurrency: 8,
        initialBackoffSeconds: 0.05,
        maxBackoffSeconds: 0.5,
      },
      sms: { perNumber: [{ count: 1_000_000, seconds: 60 }], perNumberPerDay: 1_000_000 },
    }),
  );
});

afterAll(async () => {
  await kill9();
  await standins?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('alert router under kill -9', () => {
  it(
    'delivers every alert of a 2,000-alert storm and never sends an SMS twice',
    { timeout: 300_000 },
    async () => {
      await up();
      let stormDone = false;
      const storm = (async () => {
        const payloads = [];
        for (let start = 0; start < ALERTS; start += PER_PAYLOAD) {
          const alerts = Array.from({ length: PER_PAYLOAD }, (_, j) => {
            const n = start + j;
            return {
              fingerprint: n.toString(16).padStart(8, '0'),
              labels: { alertname: 'Storm', n: String(n), severity: n % 10 === 0 ? 'critical' : 'warning' },
            };
          });
          payloads.push(deliverPayload(alertmanagerBody(alerts)));
          await new Promise((r) => setTimeout(r, 60));
        }
        await Promise.all(payloads);
        stormDone = true;
      })();
      let kills = 0;
      const deadline = Date.now() + 120_000;
      while ((!stormDone || kills < MIN_KILLS) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 300 + Math.random() * 900));
        await kill9();
        kills++;
        await up();
      }
      await storm;
      expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
      await waitFor(
        async () => {
          const m = parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
          return m.sum('opsctl_outbox_pending') === 0 ? true : undefined;
        },
        120_000,
        'outbox drained',
      );
      await kill9();

      const hookSeen = new Set<string>();
      for (const r of standins.delivered('webhook'))
        for (const a of (r.request as { alerts: { labels: { n: string } }[] }).alerts)
          hookSeen.add(a.labels.n);
      expect(hookSeen.size).toBe(ALERTS);

      const db = new Database(join(dir, 'data', 'alert-router.db'), { readonly: true });
      const smsRows = db
        .prepare(
          `SELECT e.body AS body, o.channel AS channel, o.state AS state FROM outbox o JOIN events e ON e.key = o.event_key WHERE o.channel IN ('aliyun', 'tencent')`,
        )
        .all() as { body: string; channel: string; state: string }[];
      db.close();
      expect(smsRows).toHaveLength((ALERTS / 10) * 2);
      const provider = { aliyun: 'aliyun-sms', tencent: 'tencent-sms' } as const;
      let unknown = 0;
      for (const row of smsRows) {
        const n = (JSON.parse(row.body) as { labels: { n: string } }).labels.n;
        const texts = standins.records.filter(
          (r) => r.provider === provider[row.channel as 'aliyun' | 'tencent'] && r.text === n,
        );
        expect(texts.length, `SMS for alert ${n} via ${row.channel}`).toBeLessThanOrEqual(1);
        expect(['done', 'unknown']).toContain(row.state);
        if (row.state === 'done') expect(texts).toHaveLength(1);
        else unknown++;
      }
      console.info(
        `crash test: ${kills} kills, ${smsRows.length} SMS notifications, ${unknown} with unknown outcome (reported, not resent)`,
      );
    },
  );
});
