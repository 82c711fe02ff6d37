import type { OutgoingMessage } from '../adapters/alert-channels/types.js';
import type { AlertStore } from '../adapters/store/alert-store.js';
import type { OutboxRow } from '../adapters/store/schema.js';
import { resolveMentions } from '../core/alerting/mentions.js';
import { buildMessageView, toAlertView } from '../core/alerting/message.js';
import type { CompiledRoutes } from '../core/alerting/routes-config.js';

/** The event keys a notification row carries (a digest row carries its members'). */
export function keysOf(row: OutboxRow): string[] {
  return row.status === 'digest' ? row.members : [row.eventKey];
}

/**
 * Builds the message for one or more rows of the same receiver/channel/target: their alerts,
 * the receiver's mentions and template. Several rows (or a digest row) make a digest.
 */
export function buildOutgoing(
  rows: readonly OutboxRow[],
  store: AlertStore,
  routes: CompiledRoutes,
  now: number,
  reference: string,
): OutgoingMessage | undefined {
  const first = rows[0];
  if (!first) return undefined;
  const receiver = routes.receivers.get(first.receiver);
  const channel = routes.file.channels[first.channel];
  if (!receiver || !channel) return undefined;
  const keys = [...new Set(rows.flatMap(keysOf))];
  const events = store.events(keys);
  const alerts = keys.flatMap((k) => {
    const e = events.get(k);
    return e ? [toAlertView(e, routes.zone, now)] : [];
  });
  if (alerts.length === 0) return undefined;
  const mentions = resolveMentions(
    receiver,
    alerts.map((a) => a.labels),
    routes,
    now,
  );
  const view = buildMessageView(alerts, {
    receiver: receiver.name,
    digest: rows.length > 1 || first.status === 'digest',
    zone: routes.zone,
    mentions: mentions.people.map((p) => p.name),
  });
  const template = receiver.templates[first.channel] ?? channel.template;
  return {
    view,
    mentions,
    ...(template ? { template } : {}),
    partsDone: rows.length === 1 ? first.partsDone : 0,
    reference,
    ...(first.target ? { phone: first.target } : {}),
  };
}
