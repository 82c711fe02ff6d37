import type { ChannelConfig } from '../../core/alerting/routes-schema.js';
import { classifyHttp, postJson, type HttpAnswer } from './http.js';
import { sendParts, type Verdict } from './send-parts.js';
import { feishuSign } from './signing.js';
import { renderParts } from './template-engine.js';
import type { ChannelClient, OutgoingMessage, SendOutcome } from './types.js';

type FeishuConfig = Extract<ChannelConfig, { type: 'feishu' }>;

/** Feishu's custom bots take request bodies up to 20 KB. */
const BODY_LIMIT = 19_500;
const PERMANENT = new Set([9499, 19001, 19021, 19024, 19036, 19002]);

/** Reads Feishu's answer: `code` (or the older `StatusCode`) 0 is success. */
export function feishuVerdict(answer: HttpAnswer): Verdict {
  const http = classifyHttp(answer);
  if (http) return http;
  const body = answer.json as
    { code?: number; msg?: string; StatusCode?: number; StatusMessage?: string } | undefined;
  const code = body?.code ?? body?.StatusCode;
  if (typeof code !== 'number') return { result: 'retry', detail: 'unparsable answer' };
  const detail = `code ${code}: ${body?.msg ?? body?.StatusMessage ?? ''}`.trim();
  if (code === 0) return { result: 'success', detail: 'ok' };
  if (code === 11232) return { result: 'retry', detail, retryAfterMs: 2_000 };
  return { result: PERMANENT.has(code) ? 'failed' : 'retry', detail };
}

function mentionTags(message: OutgoingMessage): string {
  const tags = message.mentions.people.flatMap((p) =>
    p.feishuOpenId ? [`<at id=${p.feishuOpenId}></at>`] : p.email ? [`<at email=${p.email}></at>`] : [],
  );
  if (message.mentions.all) tags.push('<at id=all></at>');
  return tags.join(' ');
}

/** The bot body for one part: an interactive card (coloured by status) or plain text. */
export function feishuBody(
  config: FeishuConfig,
  title: string,
  text: string,
  message: OutgoingMessage,
  nowSec: number,
): object {
  const tags = mentionTags(message);
  const content = tags ? `${text}\n${tags}` : text;
  const signature = config.secret
    ? { timestamp: String(nowSec), sign: feishuSign(config.secret, nowSec) }
    : {};
  if (config.msgType === 'text')
    return { ...signature, msg_type: 'text', content: { text: `${title}\n${content}` } };
  const colour = message.view.status === 'resolved' ? 'green' : message.view.digest ? 'orange' : 'red';
  return {
    ...signature,
    msg_type: 'interactive',
    card: {
      config: { wide_screen_mode: true },
      header: { title: { tag: 'plain_text', content: title }, template: colour },
      elements: [{ tag: 'div', text: { tag: 'lark_md', content } }],
    },
  };
}

/** Feishu asks senders to avoid the top and bottom of each minute, where 11232 is likely. */
export function feishuDelayMs(nowMs: number): number {
  const second = Math.floor(nowMs / 1000) % 60;
  return second === 0 || second === 30 || second === 59 || second === 29 ? 1_500 : 0;
}

/** A Feishu (Lark) custom bot. */
export function createFeishuClient(
  config: FeishuConfig,
  deps: { timeoutMs: number; now: () => number; sleep: (ms: number) => Promise<void> },
): ChannelClient {
  return {
    type: 'feishu',
    async send(message, signal): Promise<SendOutcome> {
      const { parts, templateError } = renderParts({
        view: message.view,
        template: message.template,
        format: config.msgType === 'text' ? 'text' : 'markdown',
        measure: (title, text) =>
          Buffer.byteLength(JSON.stringify(feishuBody(config, title, text, message, 0))),
        maxBytes: BODY_LIMIT,
        maxParts: Math.min(config.maxParts, message.maxParts ?? config.maxParts),
      });
      return sendParts(
        parts.length,
        message.partsDone,
        async (i) => {
          const delay = feishuDelayMs(deps.now());
          if (delay > 0) await deps.sleep(delay);
          const part = parts[i]!;
          const body = feishuBody(config, part.title, part.text, message, Math.floor(deps.now() / 1000));
          const answer = await postJson(config.url, body, {
            timeoutMs: deps.timeoutMs,
            ...(signal ? { signal } : {}),
          });
          return { answer, verdict: feishuVerdict(answer) };
        },
        templateError,
      );
    },
  };
}
