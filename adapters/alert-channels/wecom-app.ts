import type { ChannelConfig } from '../../core/alerting/routes-schema.js';
import { postJson } from './http.js';
import { sendParts, type Verdict } from './send-parts.js';
import { renderParts } from './template-engine.js';
import type { OutgoingMessage, SendOutcome } from './types.js';
import { wecomContent, wecomVerdict } from './wecom-format.js';

type WecomApp = NonNullable<Extract<ChannelConfig, { type: 'wecom' }>['app']>;

/** App markdown messages are limited to 2048 bytes. */
const APP_CONTENT_LIMIT = 2048;
/** Access token expired or invalid: fetch a new one and try once more. */
const TOKEN_ERRORS = new Set([40014, 42001, 41001]);

/**
 * WeCom application messages (`message/send`) with a cached access token (`gettoken`), the path
 * left when group robots are unavailable.
 */
export function createWecomAppSender(
  app: WecomApp,
  deps: { timeoutMs: number },
): { send: (message: OutgoingMessage, signal?: AbortSignal) => Promise<SendOutcome> } {
  let token: { value: string; expiresAt: number } | undefined;

  const getToken = async (
    signal?: AbortSignal,
  ): Promise<{ value?: string; verdict: Verdict; answer: Awaited<ReturnType<typeof postJson>> }> => {
    const url = `${app.baseUrl.replace(/\/$/, '')}/cgi-bin/gettoken?corpid=${encodeURIComponent(app.corpId)}&corpsecret=${encodeURIComponent(app.corpSecret)}`;
    const answer = await postJson(url, undefined, {
      timeoutMs: deps.timeoutMs,
      method: 'GET',
      ...(signal ? { signal } : {}),
    });
    const verdict = wecomVerdict(answer);
    const body = answer.json as { access_token?: string; expires_in?: number } | undefined;
    if (verdict.result === 'success' && body?.access_token) {
      token = {
        value: body.access_token,
        expiresAt: Date.now() + Math.max(60, (body.expires_in ?? 7200) - 300) * 1000,
      };
      return { value: body.access_token, verdict, answer };
    }
    return {
      verdict: verdict.result === 'success' ? { result: 'retry', detail: 'no access_token' } : verdict,
      answer,
    };
  };

  const postMessage = async (
    content: string,
    signal?: AbortSignal,
  ): Promise<{ answer: Awaited<ReturnType<typeof postJson>>; verdict: Verdict }> => {
    for (let attempt = 0; ; attempt++) {
      let value = token && token.expiresAt > Date.now() ? token.value : undefined;
      if (!value) {
        const fetched = await getToken(signal);
        if (!fetched.value) return { answer: fetched.answer, verdict: fetched.verdict };
        value = fetched.value;
      }
      const url = `${app.baseUrl.replace(/\/$/, '')}/cgi-bin/message/send?access_token=${encodeURIComponent(value)}`;
      const body = { touser: app.toUser, msgtype: 'markdown', agentid: app.agentId, markdown: { content } };
      const answer = await postJson(url, body, { timeoutMs: deps.timeoutMs, ...(signal ? { signal } : {}) });
      const code = (answer.json as { errcode?: number } | undefined)?.errcode;
      if (attempt === 0 && code !== undefined && TOKEN_ERRORS.has(code)) {
        token = undefined;
        continue;
      }
      return { answer, verdict: wecomVerdict(answer) };
    }
  };

  return {
    async send(message, signal) {
      const { parts, templateError } = renderParts({
        view: message.view,
        template: message.template,
        format: 'markdown',
        measure: (title, text) => Buffer.byteLength(wecomContent(title, text, '')),
        maxBytes: APP_CONTENT_LIMIT,
        maxParts: 5,
      });
      const outcome = await sendParts(
        parts.length,
        message.partsDone,
        (i) => postMessage(wecomContent(parts[i]!.title, parts[i]!.text, ''), signal),
        templateError,
      );
      return { ...outcome, via: 'wecom-app' };
    },
  };
}
