import type { ChannelConfig } from '../../core/alerting/routes-schema.js';
import { classifyHttp, postJson } from './http.js';
import { sendParts } from './send-parts.js';
import { renderParts } from './template-engine.js';
import type { ChannelClient, SendOutcome } from './types.js';

type WebhookConfig = Extract<ChannelConfig, { type: 'webhook' }>;

/** A generic JSON webhook: the alerts as data plus a rendered title and text; 2xx is success. */
export function createWebhookClient(config: WebhookConfig, deps: { timeoutMs: number }): ChannelClient {
  return {
    type: 'webhook',
    async send(message, signal): Promise<SendOutcome> {
      const { parts, templateError } = renderParts({
        view: message.view,
        template: message.template,
        format: 'text',
        measure: () => 0,
        maxBytes: Number.MAX_SAFE_INTEGER,
        maxParts: 1,
      });
      const part = parts[0]!;
      const body = {
        version: '1',
        receiver: message.view.receiver,
        status: message.view.status,
        digest: message.view.digest,
        title: part.title,
        text: part.text,
        alerts: message.view.alerts,
      };
      return sendParts(
        1,
        message.partsDone,
        async () => {
          const answer = await postJson(config.url, body, {
            timeoutMs: deps.timeoutMs,
            headers: config.headers,
            ...(signal ? { signal } : {}),
          });
          return {
            answer,
            verdict: classifyHttp(answer) ?? { result: 'success', detail: `http ${answer.status}` },
          };
        },
        templateError,
      );
    },
  };
}
