import type { ChannelConfig, RateWindow } from '../core/alerting/routes-schema.js';
import type { CompiledRoutes } from '../core/alerting/routes-config.js';
import { isSmsChannel } from '../core/alerting/plan.js';
import { RateWindows } from '../core/alerting/rate-windows.js';

/** Providers' documented limits per robot: DingTalk and WeCom 20/min, Feishu 5/s and 100/min. */
export const DEFAULT_LIMITS: Record<ChannelConfig['type'], RateWindow[]> = {
  dingtalk: [{ count: 20, seconds: 60 }],
  wecom: [{ count: 20, seconds: 60 }],
  feishu: [
    { count: 5, seconds: 1 },
    { count: 100, seconds: 60 },
  ],
  webhook: [],
  log: [],
  'aliyun-sms': [],
  'tencent-sms': [],
};

/** Rate windows per robot (channel) and per phone number, created on first use. */
export class Limiters {
  private readonly byKey = new Map<string, RateWindows>();

  constructor(private readonly routes: () => CompiledRoutes) {}

  /** Robots are limited per channel; SMS per phone number, whatever the channel. */
  keyOf(channelName: string, target: string): string {
    const channel = this.routes().file.channels[channelName];
    return channel && isSmsChannel(channel) ? `sms:${target}` : `im:${channelName}`;
  }

  get(channelName: string, target: string): RateWindows {
    const key = this.keyOf(channelName, target);
    let limiter = this.byKey.get(key);
    if (!limiter) {
      const routes = this.routes();
      const channel = routes.file.channels[channelName];
      const windows =
        channel?.limits ??
        (channel && isSmsChannel(channel)
          ? routes.file.sms.perNumber
          : DEFAULT_LIMITS[channel?.type ?? 'log']);
      limiter = new RateWindows(windows);
      this.byKey.set(key, limiter);
    }
    return limiter;
  }

  /** Replays SMS sends from the ledger so a restart does not reset per-number limits. */
  seedSms(calls: readonly { phone: string; at: number }[], anySmsChannel: string | undefined): void {
    if (!anySmsChannel) return;
    for (const call of calls) this.get(anySmsChannel, call.phone).record(call.at);
  }
}
