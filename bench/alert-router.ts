/**
 * The alert router under load, in one bounded run: durable intake throughput and latency
 * (Alertmanager-style payloads of 10 alerts, 32 concurrent senders, every answer after the
 * SQLite commit), then how fast the queued notifications reach the provider stand-ins (webhook
 * with coalescing, and SMS one by one behind the send ledger). The router runs as its own
 * process (the built CLI); senders and stand-ins run here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { packagePath } from '../adapters/package-root.js';
import { alertmanagerBody, standinChannels } from '../alerting/harness.js';
import { ProviderStandins } from '../alerting/standins/server.js';
import { percentile } from './proc-stats.js';
import type { BenchReport } from './types.js';

const ALERTS = 30_000;
const PER_PAYLOAD = 10;
const SENDERS = 8;
const SMS_PAGES = 100;
const TIME_LIMIT_MS = 120_000;

/** The built CLI when this runs from dist/, the sources (through tsx) when it runs from .ts. */
function routerCommand(): string[] {
  const built = packagePath('dist', 'cli', 'bin.js');
  return !import.meta.url.endsWith('.ts') && existsSync(built)
    ? [built]
    : ['--import', 'tsx', packagePath('cli', 'bin.ts')];
}

function post(agent: Agent, port: number, body: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/alerts/alertmanager',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    // A failed request counts as a non-200 answer rather than ending the run.
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
}

async function waitUntil(check: () => boolean | Promise<boolean>, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return false;
}

function payloads(): string[] {
  const out: string[] = [];
  for (let start = 0; start < ALERTS; start += PER_PAYLOAD) {
    const alerts = Array.from({ length: PER_PAYLOAD }, (_, j) => {
      const n = start + j;
      return {
        fingerprint: n.toString(16).padStart(10, '0'),
        labels: { alertname: `Bench${n % 50}`, instance: `host-${n}`, n: String(n), severity: 'warning' },
      };
    });
    out.push(JSON.stringify(alertmanagerBody(alerts)));
  }
  return out;
}

/** Pages one at a time and times intake-to-provider for each SMS. */
async function smsPages(
  agent: Agent,
  port: number,
  standins: ProviderStandins,
  deadline: number,
): Promise<{ sent: number; latencies: number[] }> {
  const latencies: number[] = [];
  for (let i = 0; i < SMS_PAGES && Date.now() < deadline; i++) {
    const before = standins.delivered('aliyun-sms').length;
    const started = performance.now();
    const body = alertmanagerBody([
      {
        fingerprint: `ffff${i.toString(16).padStart(6, '0')}`,
        labels: { alertname: 'Page', n: String(i), severity: 'critical', page: 'yes' },
      },
    ]);
    await post(agent, port, JSON.stringify(body));
    if (await waitUntil(() => standins.delivered('aliyun-sms').length > before, deadline))
      latencies.push(performance.now() - started);
  }
  return { sent: standins.delivered('aliyun-sms').length, latencies };
}

function writeRoutes(dir: string, standins: ProviderStandins): string {
  const ch = standinChannels(standins);
  const file = join(dir, 'routes.yaml');
  writeFileSync(
    file,
    stringify({
      people: { alice: { mobile: '+8613800000001' } },
      channels: { hook: ch.hook, sms: ch.aliyun },
      receivers: [
        { name: 'ops', channels: ['hook'] },
        { name: 'pager', channels: ['sms'], sms: { to: ['alice'] } },
      ],
      route: {
        receiver: 'ops',
        routes: [{ matchers: ['page="yes"'], receiver: 'pager', continue: true }, { receiver: 'ops' }],
      },
      delivery: { concurrency: 16 },
      sms: { perNumber: [{ count: 1_000_000, seconds: 60 }], perNumberPerDay: 1_000_000 },
    }),
  );
  return file;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startRouter(dir: string, routesFile: string): Promise<{ router: ChildProcess; port: number }> {
  const port = await freePort();
  const args = [
    'alert-router',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--data-dir',
    join(dir, 'data'),
    '--routes',
    routesFile,
  ];
  const router = spawn(process.execPath, [...routerCommand(), ...args], {
    env: { ...process.env, OPSCTL_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const healthy = async (): Promise<boolean> =>
    (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok === true;
  if (!(await waitUntil(healthy, Date.now() + 30_000))) throw new Error('alert router did not start');
  return { router, port };
}

/** Sends every payload from `SENDERS` concurrent senders; latency per request. */
async function runIntake(
  agent: Agent,
  port: number,
  deadline: number,
): Promise<{ latencies: number[]; failures: number; seconds: number }> {
  const bodies = payloads();
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < bodies.length && Date.now() < deadline) {
        const { status, ms } = await post(agent, port, bodies[next++]!);
        latencies.push(ms);
        if (status !== 200) failures++;
      }
    }),
  );
  return { latencies, failures, seconds: (performance.now() - started) / 1000 };
}

export async function benchAlertRouter(): Promise<BenchReport> {
  const standins = new ProviderStandins();
  await standins.start();
  const dir = mkdtempSync(join(tmpdir(), 'opsctl-bench-alerts-'));
  const deadline = Date.now() + TIME_LIMIT_MS;
  let router: ChildProcess | undefined;
  try {
    const started = await startRouter(dir, writeRoutes(dir, standins));
    router = started.router;
    const agent = new Agent({ keepAlive: true, maxSockets: SENDERS });
    const t0 = performance.now();
    const intake = await runIntake(agent, started.port, deadline);
    const accepted = intake.latencies.length * PER_PAYLOAD;
    const alertsSeen = (): number =>
      standins
        .delivered('webhook')
        .reduce((n, r) => n + ((r.request as { alerts?: unknown[] }).alerts?.length ?? 0), 0);
    await waitUntil(() => alertsSeen() >= accepted, deadline);
    const deliverySeconds = (performance.now() - t0) / 1000;
    const sms = await smsPages(agent, started.port, standins, deadline);
    agent.destroy();
    return {
      name: 'alert-router',
      figures: {
        'intake alerts/s': Math.round(accepted / intake.seconds),
        'intake p50 ms': Number(percentile(intake.latencies, 50).toFixed(2)),
        'intake p99 ms': Number(percentile(intake.latencies, 99).toFixed(2)),
        'intake non-200 answers': intake.failures,
        'webhook alerts delivered': alertsSeen(),
        'webhook messages': standins.delivered('webhook').length,
        'delivery alerts/s (intake start to last delivery)': Math.round(alertsSeen() / deliverySeconds),
        'SMS pages sent (ledger commit before each call)': sms.sent,
        'SMS page p50 ms (intake to provider)': Number(percentile(sms.latencies, 50).toFixed(1)),
        'SMS page p99 ms (intake to provider)': Number(percentile(sms.latencies, 99).toFixed(1)),
        'signature problems at stand-ins': standins.records.filter((r) => r.problem).length,
      },
      targets: {
        'intake alerts/s': '>= 2000',
        'intake p99 ms': '< 50',
        'intake non-200 answers': '0',
        'signature problems at stand-ins': '0',
      },
      notes: [
        `${ALERTS} alerts in payloads of ${PER_PAYLOAD}, ${SENDERS} concurrent keep-alive senders; each 200 follows an fsync'd SQLite commit (group commit)`,
        'webhook notifications coalesce when more than splitThreshold (5) are queued, so messages < alerts',
        `then ${SMS_PAGES} critical alerts one after another, each paging one number by SMS (Aliyun SDK, ACS3-signed) after a ledger commit`,
      ],
    };
  } finally {
    const proc = router;
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    await standins.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
