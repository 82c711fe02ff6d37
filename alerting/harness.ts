import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createLogger } from '../adapters/log/logger.js';
import { defaultConfig, type OpsConfig } from '../core/config/schema.js';
import { startAlertRouter, type RunningRouter } from './server.js';
import type { ProviderStandins } from './standins/server.js';

/**
 * Channels pointing at provider stand-ins, with the stand-ins' secrets: one of each type, for
 * tests, the benchmark and the demo.
 */
export function standinChannels(standins: ProviderStandins): Record<string, Record<string, unknown>> {
  const s = standins.secrets;
  const url = standins.url;
  const host = url.replace(/^http:\/\//, '');
  return {
    ding: { type: 'dingtalk', url: `${url}/robot/send?access_token=ding-token`, secret: s.dingtalkSecret },
    wecom: { type: 'wecom', url: `${url}/cgi-bin/webhook/send?key=wecom-key` },
    wecomApp: {
      type: 'wecom',
      app: { corpId: s.wecomApp.corpId, corpSecret: s.wecomApp.corpSecret, agentId: 1000002, baseUrl: url },
    },
    feishu: { type: 'feishu', url: `${url}/open-apis/bot/v2/hook/feishu-hook-id`, secret: s.feishuSecret },
    hook: { type: 'webhook', url: `${url}/hook/ops` },
    aliyun: {
      type: 'aliyun-sms',
      accessKeyId: s.aliyun.accessKeyId,
      accessKeySecret: s.aliyun.accessKeySecret,
      signName: '运维',
      templateCode: 'SMS_0001',
      params: { alert: '{{ alerts[0].alertname }}', count: '{{ alerts.size }}' },
      endpoint: host,
      protocol: 'http',
    },
    tencent: {
      type: 'tencent-sms',
      secretId: s.tencent.secretId,
      secretKey: s.tencent.secretKey,
      sdkAppId: '1400000000',
      signName: '运维',
      templateId: '100001',
      params: ['{{ alerts[0].alertname }}', '{{ alerts.size }}'],
      endpoint: 'sms.tencentcloudapi.com',
      protocol: 'http',
      connectTo: host,
    },
    inbox: { type: 'log' },
  };
}

export interface TestRouter {
  router: RunningRouter;
  dataDir: string;
  routesFile: string;
  config: OpsConfig;
  close(): Promise<void>;
}

/** Writes `routes` to a temp file and starts the router on 127.0.0.1:0 with a temp data dir. */
export async function startTestRouter(
  routes: unknown,
  overrides: Partial<OpsConfig['alertRouter']> = {},
  now?: () => number,
): Promise<TestRouter> {
  const dir = mkdtempSync(join(tmpdir(), 'opsctl-alert-router-'));
  const routesFile = join(dir, 'routes.yaml');
  writeFileSync(routesFile, stringify(routes));
  const config: OpsConfig = {
    ...defaultConfig,
    alertRouter: {
      ...defaultConfig.alertRouter,
      host: '127.0.0.1',
      port: 0,
      dataDir: join(dir, 'data'),
      routesFile,
      deliveryTimeoutSeconds: 2,
      ...overrides,
    },
  };
  const log = createLogger({ level: 'error', format: 'text' });
  const router = await startAlertRouter(config, log, { env: {}, ...(now ? { now } : {}) });
  return {
    router,
    dataDir: config.alertRouter.dataDir,
    routesFile,
    config,
    close: async () => {
      await router.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An Alertmanager webhook v4 body for `alerts` (fingerprint, labels, status, start). */
export function alertmanagerBody(
  alerts: {
    fingerprint: string;
    labels: Record<string, string>;
    status?: 'firing' | 'resolved';
    startsAt?: string;
    endsAt?: string;
    annotations?: Record<string, string>;
  }[],
): object {
  return {
    version: '4',
    groupKey: '{}:{}',
    truncatedAlerts: 0,
    status: alerts.every((a) => a.status === 'resolved') ? 'resolved' : 'firing',
    receiver: 'opsctl',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.invalid',
    alerts: alerts.map((a) => ({
      status: a.status ?? 'firing',
      labels: a.labels,
      annotations: a.annotations ?? { summary: `${a.labels.alertname ?? 'alert'} summary` },
      startsAt: a.startsAt ?? '2026-02-10T08:00:00Z',
      endsAt: a.endsAt ?? '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.invalid/graph',
      fingerprint: a.fingerprint,
    })),
  };
}
