import type { ChannelClient, SendResult } from '../adapters/alert-channels/types.js';
import type { AlertEvent } from '../core/alerting/event.js';
import { resolveMentions } from '../core/alerting/mentions.js';
import { buildMessageView, toAlertView } from '../core/alerting/message.js';
import { isSmsChannel, smsTargets } from '../core/alerting/plan.js';
import type { CompiledRoutes } from '../core/alerting/routes-config.js';
import type { ReceiverConfig } from '../core/alerting/routes-schema.js';
import { ExitCode, OpsError } from '../core/errors.js';
import { maskPhone } from '../adapters/alert-channels/redact.js';

/** The outcome of the test message on one channel (and number, for SMS). */
export interface TestResult {
  channel: string;
  target?: string;
  result: SendResult;
  detail: string;
}

function pick(
  routes: CompiledRoutes,
  receiverName: string,
  onlyChannel: string | undefined,
): { receiver: ReceiverConfig; channels: string[] } {
  const receiver = routes.receivers.get(receiverName);
  if (!receiver) {
    throw new OpsError(`no receiver "${receiverName}" in the routing file`, {
      code: 'E_NOT_FOUND',
      exitCode: ExitCode.usage,
      hints: [`receivers: ${[...routes.receivers.keys()].join(', ')}`],
    });
  }
  const channels = receiver.channels.filter((c) => onlyChannel === undefined || c === onlyChannel);
  if (channels.length === 0) {
    throw new OpsError(`receiver "${receiverName}" has no channel "${onlyChannel}"`, {
      code: 'E_NOT_FOUND',
      exitCode: ExitCode.usage,
      hints: [`its channels: ${receiver.channels.join(', ')}`],
    });
  }
  return { receiver, channels };
}

function testEvent(receiverName: string, now: number): AlertEvent {
  return {
    key: `test-${now}`,
    incident: `test-${now}`,
    source: 'alertmanager',
    status: 'firing',
    labels: { alertname: 'OpsctlTest', severity: 'info', receiver: receiverName },
    annotations: { summary: `test message from opsctl alerts test ${receiverName}` },
    startsAt: now,
  };
}

/**
 * Sends a test message through every channel of a receiver (or one), directly, not through the
 * outbox: `opsctl alerts test <receiver>`. SMS goes to the receiver's `sms.to` as resolved now.
 */
export async function sendTestNotification(
  routes: CompiledRoutes,
  receiverName: string,
  clients: ReadonlyMap<string, ChannelClient>,
  now: number,
  onlyChannel?: string,
): Promise<TestResult[]> {
  const { receiver, channels } = pick(routes, receiverName, onlyChannel);
  const event = testEvent(receiverName, now);
  const alert = toAlertView(event, routes.zone, now);
  const mentions = resolveMentions(receiver, [event.labels], routes, now);
  const view = buildMessageView([alert], {
    receiver: receiverName,
    digest: false,
    zone: routes.zone,
    mentions: mentions.people.map((p) => p.name),
  });
  const results: TestResult[] = [];
  for (const name of channels) {
    const channel = routes.file.channels[name];
    const client = clients.get(name);
    if (!channel || !client) continue;
    const template = receiver.templates[name] ?? channel.template;
    const targets = isSmsChannel(channel)
      ? smsTargets(receiver.sms?.to ?? [], routes, now).map((t) => t.phone)
      : [undefined];
    for (const phone of targets) {
      const outcome = await client.send({
        view,
        mentions,
        ...(template ? { template } : {}),
        partsDone: 0,
        reference: event.key,
        ...(phone ? { phone } : {}),
      });
      results.push({
        channel: name,
        ...(phone ? { target: maskPhone(phone) } : {}),
        result: outcome.result,
        detail: outcome.detail,
      });
    }
  }
  return results;
}
