import type { ChannelConfig } from '../../core/alerting/routes-schema.js';
import { postJson } from './http.js';
import { sendParts } from './send-parts.js';
import { renderParts } from './template-engine.js';
import type { ChannelClient, OutgoingMessage, SendOutcome } from './types.js';
import { createWecomAppSender } from './wecom-app.js';
import { wecomContent, wecomMentions, wecomVerdict } from './wecom-format.js';

/** WeCom robot markdown content is limited to 4096 bytes (40058 beyond). */
const CONTENT_LIMIT = 4096;

type WecomConfig = Extract<ChannelConfig, { type: 'wecom' }>;

/** A WeCom group robot, with the WeCom app as fallback (or as the only path without a robot). */
export function createWecomClient(config: WecomConfig, deps: { timeoutMs: number }): ChannelClient {
  const app = config.app ? createWecomAppSender(config.app, deps) : undefined;
  return {
    type: 'wecom',
    async send(message, signal): Promise<SendOutcome> {
      if (!config.url) return app!.send(message, signal);
      const robot = await sendRobot(config, config.url, message, deps.timeoutMs, signal);
      if (robot.result !== 'failed' || !app) return robot;
      const viaApp = await app.send({ ...message, partsDone: 0 }, signal);
      return {
        ...viaApp,
        detail: `robot ${robot.detail}; app ${viaApp.detail}`,
        attempts: [...robot.attempts, ...viaApp.attempts],
        via: 'wecom-app',
      };
    },
  };
}

async function sendRobot(
  config: WecomConfig,
  url: string,
  message: OutgoingMessage,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<SendOutcome> {
  const { inline, mobiles } = wecomMentions(message);
  const { parts, templateError } = renderParts({
    view: message.view,
    template: message.template,
    format: 'markdown',
    measure: (title, text) => Buffer.byteLength(wecomContent(title, text, inline)),
    maxBytes: CONTENT_LIMIT,
    maxParts: Math.min(config.maxParts, message.maxParts ?? config.maxParts),
  });
  const bodies: object[] = parts.map((p) => ({
    msgtype: 'markdown',
    markdown: { content: wecomContent(p.title, p.text, inline) },
  }));
  if (mobiles.length > 0) {
    bodies.push({
      msgtype: 'text',
      text: { content: parts[0]?.title ?? 'alert', mentioned_mobile_list: mobiles },
    });
  }
  return sendParts(
    bodies.length,
    message.partsDone,
    async (i) => {
      const answer = await postJson(url, bodies[i], { timeoutMs, ...(signal ? { signal } : {}) });
      return { answer, verdict: wecomVerdict(answer) };
    },
    templateError,
  );
}
