import type { ChannelConfig } from '../../core/alerting/routes-schema.js';
import { classifyHttp, postJson, type HttpAnswer } from './http.js';
import type { Verdict } from './send-parts.js';
import { sendParts } from './send-parts.js';
import { dingtalkSign } from './signing.js';
import { renderParts } from './template-engine.js';
import type { ChannelClient, OutgoingMessage, SendOutcome } from './types.js';

type DingtalkConfig = Extract<ChannelConfig, { type: 'dingtalk' }>;

/** DingTalk rejects bodies over 20000 bytes (460101); keep a margin for the signature query. */
const BODY_LIMIT = 19_500;

/** Errcodes that will not change on a retry. */
const PERMANENT = new Set([310000, 300001, 400102, 460101, 101002, 40035]);

/** Reads DingTalk's answer: errcode 0 is success, whatever the HTTP status said. */
export function dingtalkVerdict(answer: HttpAnswer): Verdict {
  const http = classifyHttp(answer);
  if (http) return http;
  const body = answer.json as { errcode?: number; errmsg?: string } | undefined;
  if (typeof body?.errcode !== 'number') return { result: 'retry', detail: 'unparsable answer' };
  const detail = `errcode ${body.errcode}: ${body.errmsg ?? ''}`.trim();
  if (body.errcode === 0) return { result: 'success', detail: 'ok' };
  if (body.errcode === 130101) return { result: 'retry', detail, retryAfterMs: 60_000 };
  return { result: PERMANENT.has(body.errcode) ? 'failed' : 'retry', detail };
}

/** The robot body for one part; mobiles go in `at.atMobiles` and as `@mobile` in the text. */
export function dingtalkBody(
  config: DingtalkConfig,
  title: string,
  text: string,
  message: OutgoingMessage,
): object {
  const mobiles = message.mentions.people.flatMap((p) => (p.mobile ? [p.mobile] : []));
  const userIds = message.mentions.people.flatMap((p) => (p.dingtalkUserId ? [p.dingtalkUserId] : []));
  const at = { atMobiles: mobiles, atUserIds: userIds, isAtAll: message.mentions.all };
  const tags = [...mobiles, ...userIds].map((m) => `@${m}`).join(' ');
  const content = tags ? `${text}\n\n${tags}` : text;
  return config.msgType === 'markdown'
    ? { msgtype: 'markdown', markdown: { title, text: content }, at }
    : { msgtype: 'text', text: { content: `${title}\n${content}` }, at };
}

/** URL with `timestamp` and `sign` when the robot has a signing secret. */
export function signedDingtalkUrl(url: string, secret: string | undefined, nowMs: number): string {
  if (!secret) return url;
  const u = new URL(url);
  u.searchParams.set('timestamp', String(nowMs));
  u.searchParams.set('sign', dingtalkSign(secret, nowMs));
  return u.toString();
}

/** A DingTalk group robot. */
export function createDingtalkClient(
  config: DingtalkConfig,
  deps: { timeoutMs: number; now: () => number },
): ChannelClient {
  return {
    type: 'dingtalk',
    async send(message, signal): Promise<SendOutcome> {
      const { parts, templateError } = renderParts({
        view: message.view,
        template: message.template,
        format: config.msgType === 'markdown' ? 'markdown' : 'text',
        measure: (title, text) =>
          Buffer.byteLength(JSON.stringify(dingtalkBody(config, title, text, message))),
        maxBytes: BODY_LIMIT,
        maxParts: Math.min(config.maxParts, message.maxParts ?? config.maxParts),
      });
      return sendParts(
        parts.length,
        message.partsDone,
        async (i) => {
          const part = parts[i]!;
          const url = signedDingtalkUrl(config.url, config.secret, deps.now());
          const body = dingtalkBody(config, part.title, part.text, message);
          const answer = await postJson(url, body, {
            timeoutMs: deps.timeoutMs,
            ...(signal ? { signal } : {}),
          });
          return { answer, verdict: dingtalkVerdict(answer) };
        },
        templateError,
      );
    },
  };
}
