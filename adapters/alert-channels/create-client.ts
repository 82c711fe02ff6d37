import type { ChannelConfig } from '../../core/alerting/routes-schema.js';
import { createAliyunSmsClient } from './aliyun-sms.js';
import { createDingtalkClient } from './dingtalk.js';
import { createFeishuClient } from './feishu.js';
import { createLogChannel, type InboxSink } from './log-channel.js';
import { createTencentSmsClient } from './tencent-sms.js';
import type { ChannelClient } from './types.js';
import { createWebhookClient } from './webhook.js';
import { createWecomClient } from './wecom.js';

export interface ChannelDeps {
  timeoutMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  inbox: InboxSink;
}

/** The client for one configured channel. */
export function createChannelClient(config: ChannelConfig, deps: ChannelDeps): ChannelClient {
  switch (config.type) {
    case 'dingtalk':
      return createDingtalkClient(config, deps);
    case 'wecom':
      return createWecomClient(config, deps);
    case 'feishu':
      return createFeishuClient(config, deps);
    case 'webhook':
      return createWebhookClient(config, deps);
    case 'aliyun-sms':
      return createAliyunSmsClient(config, deps);
    case 'tencent-sms':
      return createTencentSmsClient(config, deps);
    case 'log':
      return createLogChannel(deps.inbox, deps.now);
  }
}
