import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Logger } from '../../adapters/log/logger.js';
import { startAlertRouter } from '../../alerting/server.js';
import { defaultConfig, type OpsConfig } from '../../core/config/schema.js';
import { alertmanagerConfig, DEMO_ALERT_RULES, prometheusConfig, routerRoutes } from './alerting-config.js';
import { startDemoInbox } from './inbox.js';

/** Prometheus, Alertmanager, the alert router and the inbox, running for the demo. */
export interface DemoAlerting {
  prometheusUrl: string;
  alertmanagerUrl: string;
  routerUrl: string;
  inboxUrl: string;
  /** Stops everything in reverse start order and removes the temp folder. */
  stop(): Promise<void>;
}

export interface DemoAlertingOptions {
  /** `http://host:port` of the exporter to scrape. */
  exporterUrl: string;
  log: Logger;
  /** Where `[inbox] ...` lines go (the demo's stdout). */
  onLine: (line: string) => void;
  /** Scrape and rule evaluation interval. @default 5 */
  intervalSeconds?: number;
  /** Alertmanager group_wait. @default 3 */
  groupWaitSeconds?: number;
  /** Where to look the binaries up. @default process.env */
  env?: NodeJS.ProcessEnv;
}

const PROMETHEUS = 'prometheus';
/** Debian's name for Alertmanager. */
const ALERTMANAGER = 'prometheus-alertmanager';

/** Why the demo cannot run alerting (a missing binary), or undefined when it can. */
export function alertingMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const missing = [PROMETHEUS, ALERTMANAGER].filter(
    (tool) => spawnSync(tool, ['--version'], { stdio: 'ignore', env }).status !== 0,
  );
  if (missing.length === 0) return undefined;
  return `${missing.join(' and ')} not found on PATH (scripts/install-system-deps.sh installs them)`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

type Stop = () => Promise<void>;

/** Spawns `binary`, waits until `${url}/-/ready` answers 200, and returns how to stop it. */
async function startProcess(
  binary: string,
  args: string[],
  url: string,
  env: NodeJS.ProcessEnv,
): Promise<Stop> {
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const res = await fetch(`${url}/-/ready`).catch(() => undefined);
    if (res?.ok) return stop;
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`${binary} did not become ready at ${url}: ${stderr.trim().slice(-500)}`);
}

/** Starts `steps` in order; on a failure stops the started ones in reverse order and rethrows. */
async function startInOrder(steps: (() => Promise<Stop>)[]): Promise<Stop> {
  const stops: Stop[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    for (const step of steps) stops.push(await step());
  } catch (error) {
    await stopAll();
    throw error;
  }
  return stopAll;
}

function routerConfig(dir: string): OpsConfig {
  return {
    ...defaultConfig,
    alertRouter: {
      ...defaultConfig.alertRouter,
      host: '127.0.0.1',
      port: 0,
      dataDir: join(dir, 'router-data'),
      routesFile: join(dir, 'routes.yml'),
      timeZone: 'UTC',
    },
  };
}

type Urls = Omit<DemoAlerting, 'stop'>;

/** Alertmanager without clustering, sending to the router (whose URL must be known). */
async function startAlertmanager(dir: string, urls: Urls, groupWait: number, env: NodeJS.ProcessEnv) {
  const [port, config] = [await freePort(), join(dir, 'alertmanager.yml')];
  urls.alertmanagerUrl = `http://127.0.0.1:${port}`;
  await writeFile(config, alertmanagerConfig(urls.routerUrl, groupWait));
  const args = [
    `--config.file=${config}`,
    `--storage.path=${join(dir, 'alertmanager-data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ];
  return startProcess(ALERTMANAGER, args, urls.alertmanagerUrl, env);
}

/** Prometheus scraping the exporter, with the demo rules, alerting to Alertmanager. */
async function startPrometheus(
  dir: string,
  urls: Urls,
  exporterHostPort: string,
  seconds: number,
  env: NodeJS.ProcessEnv,
) {
  const port = await freePort();
  urls.prometheusUrl = `http://127.0.0.1:${port}`;
  const amHostPort = new URL(urls.alertmanagerUrl).host;
  await writeFile(join(dir, 'rules.yml'), stringify(DEMO_ALERT_RULES));
  await writeFile(join(dir, 'prometheus.yml'), prometheusConfig(exporterHostPort, amHostPort, seconds));
  const args = [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ];
  return startProcess(PROMETHEUS, args, urls.prometheusUrl, env);
}

/**
 * The alert path of the demo: Prometheus scrapes the exporter and evaluates demo rules,
 * Alertmanager groups and sends to the alert router, and the router delivers to a local inbox
 * that prints each alert. Everything listens on 127.0.0.1 and lives in one temp folder.
 */
export async function startDemoAlerting(options: DemoAlertingOptions): Promise<DemoAlerting> {
  const env = options.env ?? process.env;
  const seconds = options.intervalSeconds ?? 5;
  const dir = await mkdtemp(join(tmpdir(), 'opsctl-demo-alerting-'));
  const urls: Urls = { prometheusUrl: '', alertmanagerUrl: '', routerUrl: '', inboxUrl: '' };
  const exporterHostPort = new URL(options.exporterUrl).host;
  try {
    const stopAll = await startInOrder([
      async () => {
        const inbox = await startDemoInbox(options.onLine);
        urls.inboxUrl = inbox.url;
        await writeFile(join(dir, 'routes.yml'), routerRoutes(inbox.url));
        return () => inbox.close();
      },
      async () => {
        const router = await startAlertRouter(routerConfig(dir), options.log, { env: {} });
        urls.routerUrl = router.url;
        return () => router.close();
      },
      () => startAlertmanager(dir, urls, options.groupWaitSeconds ?? 3, env),
      () => startPrometheus(dir, urls, exporterHostPort, seconds, env),
    ]);
    return {
      ...urls,
      stop: async () => {
        await stopAll();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
