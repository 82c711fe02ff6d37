import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort, waitFor } from './ports.js';

/** Debian installs Alertmanager as `prometheus-alertmanager`; upstream builds as `alertmanager`. */
export function alertmanagerBinary(): string {
  for (const name of ['prometheus-alertmanager', 'alertmanager']) {
    if (spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0) return name;
  }
  return 'prometheus-alertmanager';
}

/** An alert as Alertmanager's API v2 takes it (what Prometheus posts). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt?: string;
}

export interface AlertmanagerCluster {
  urls: string[];
  /** Posts alerts to every peer, as Prometheus does with several Alertmanagers. */
  post(alerts: PostableAlert[]): Promise<void>;
  /** Adds an alert with `amtool alert add` on every peer. */
  amtoolAdd(labels: Record<string, string>, startsAt: string, summary: string): void;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  peers: number;
  webhookUrl: string;
  bearerToken: string;
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
}

function writeConfig(dir: string, options: ClusterOptions): void {
  const config = {
    route: {
      receiver: 'router',
      group_by: ['alertname'],
      group_wait: options.groupWait,
      group_interval: options.groupInterval,
      repeat_interval: options.repeatInterval,
    },
    receivers: [
      {
        name: 'router',
        webhook_configs: [
          {
            url: options.webhookUrl,
            send_resolved: true,
            http_config: { authorization: { credentials: options.bearerToken } },
          },
        ],
      },
    ],
  };
  writeFileSync(join(dir, 'alertmanager.yml'), stringify(config));
}

/** Flags of peer `i`: its ports, and every other peer to gossip with (short peer timeout). */
function peerArgs(dir: string, i: number, webPorts: number[], clusterPorts: number[]): string[] {
  return [
    `--config.file=${join(dir, 'alertmanager.yml')}`,
    `--storage.path=${join(dir, `data-${i}`)}`,
    `--web.listen-address=127.0.0.1:${webPorts[i]}`,
    `--cluster.listen-address=127.0.0.1:${clusterPorts[i]}`,
    `--cluster.advertise-address=127.0.0.1:${clusterPorts[i]}`,
    '--cluster.peer-timeout=1s',
    '--cluster.settle-timeout=2s',
    '--log.level=warn',
    ...clusterPorts.filter((_, j) => j !== i).map((p) => `--cluster.peer=127.0.0.1:${p}`),
  ];
}

/**
 * Starts real Alertmanager peers on 127.0.0.1 (gossiping with each other, short peer timeout),
 * all routing to one webhook receiver with bearer auth and resolved notifications.
 */
export async function startAlertmanagers(options: ClusterOptions): Promise<AlertmanagerCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'opsctl-am-'));
  writeConfig(dir, options);
  const webPorts = await Promise.all(Array.from({ length: options.peers }, () => freePort()));
  const clusterPorts = await Promise.all(Array.from({ length: options.peers }, () => freePort()));
  const children: ChildProcess[] = [];
  const logs: string[] = [];
  const binary = alertmanagerBinary();
  for (let i = 0; i < options.peers; i++) {
    const args = peerArgs(dir, i, webPorts, clusterPorts);
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (c: Buffer) => logs.push(c.toString()));
    children.push(child);
  }
  const urls = webPorts.map((p) => `http://127.0.0.1:${p}`);
  for (const url of urls) {
    await waitFor(
      async () => ((await fetch(`${url}/-/ready`).catch(() => undefined))?.ok ? true : undefined),
      30_000,
      `alertmanager ${url} ready (${logs.join('').slice(-1000)})`,
    );
  }
  return {
    urls,
    post: async (alerts) => {
      for (const url of urls) {
        const res = await fetch(`${url}/api/v2/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(alerts),
        });
        if (!res.ok) throw new Error(`alertmanager ${url} answered ${res.status}: ${await res.text()}`);
      }
    },
    amtoolAdd: (labels, startsAt, summary) => {
      for (const url of urls) {
        const args = [
          'alert',
          'add',
          `--alertmanager.url=${url}`,
          `--start=${startsAt}`,
          `--annotation=summary=${summary}`,
          ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
        ];
        const result = spawnSync('amtool', args, { encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`amtool failed: ${result.stderr}`);
      }
    },
    stop: async () => {
      await Promise.all(
        children.map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await exited;
        }),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
