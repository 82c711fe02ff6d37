import type { AlertView, MessageView } from './message.js';

/**
 * The built-in message layout: used when no template is configured and whenever a configured
 * template fails, so an alert is never dropped for a template error.
 */

const STATUS_WORD = { firing: 'FIRING 告警', resolved: 'RESOLVED 恢复', mixed: 'DIGEST 汇总' } as const;

/** `[FIRING 告警] HighCPU` or `[DIGEST 汇总] 12 alerts (10 firing, 2 resolved)`, with `(1/3)`. */
export function builtinTitle(view: MessageView): string {
  const first = view.alerts[0];
  const many = view.alerts.length + view.part.more > 1 || view.digest;
  const status = view.digest ? STATUS_WORD.mixed : STATUS_WORD[view.status];
  const subject =
    many || !first
      ? `${view.firing + view.resolved} alerts (${view.firing} firing, ${view.resolved} resolved)`
      : first.alertname;
  const part = view.part.total > 1 ? ` (${view.part.index}/${view.part.total})` : '';
  return `[${status}] ${subject}${part}`;
}

function alertLines(alert: AlertView, markdown: boolean): string[] {
  const bold = (s: string): string => (markdown ? `**${s}**` : s);
  const bullet = markdown ? '- ' : '';
  const lines = [
    `${bold(`${alert.status === 'firing' ? '🔥' : '✅'} ${alert.alertname}`)} [${alert.severity}]`,
  ];
  if (alert.summary) lines.push(`${bullet}${alert.summary}`);
  if (alert.description && alert.description !== alert.summary) lines.push(`${bullet}${alert.description}`);
  lines.push(`${bullet}开始 Start: ${alert.startsAt}`);
  if (alert.endsAt) lines.push(`${bullet}恢复 End: ${alert.endsAt}`);
  lines.push(`${bullet}持续 Duration: ${alert.duration}`);
  if (alert.value) lines.push(`${bullet}值 Value: ${alert.value}`);
  const labels = Object.entries(alert.labels)
    .filter(([k]) => k !== 'alertname' && k !== 'severity')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  if (labels) lines.push(`${bullet}${labels}`);
  if (alert.generatorUrl && markdown) lines.push(`${bullet}[source](${alert.generatorUrl})`);
  return lines;
}

function moreLine(view: MessageView): string[] {
  return view.part.more > 0 ? [`+${view.part.more} more`] : [];
}

/** Markdown body for DingTalk, WeCom and Feishu (lark_md). */
export function builtinMarkdown(view: MessageView): string {
  const blocks = view.alerts.map((a) => alertLines(a, true).join('\n'));
  return [`### ${builtinTitle(view)}`, ...blocks, ...moreLine(view), `_${view.zone}_`].join('\n\n');
}

/** Plain text body (text messages, webhooks). */
export function builtinText(view: MessageView): string {
  const blocks = view.alerts.map((a) => alertLines(a, false).join('\n'));
  return [builtinTitle(view), ...blocks, ...moreLine(view), `(${view.zone})`].join('\n\n');
}
