import { classifyHttp, type HttpAnswer } from './http.js';
import type { Verdict } from './send-parts.js';
import type { OutgoingMessage } from './types.js';

/** Robot errors a retry will not fix; 93000 = invalid webhook (robot removed). */
const PERMANENT = new Set([40058, 93000, 93004, 40008, 300004]);

/** Reads a WeCom answer (robot or app): errcode 0 is success. */
export function wecomVerdict(answer: HttpAnswer): Verdict {
  const http = classifyHttp(answer);
  if (http) return http;
  const body = answer.json as { errcode?: number; errmsg?: string } | undefined;
  if (typeof body?.errcode !== 'number') return { result: 'retry', detail: 'unparsable answer' };
  const detail = `errcode ${body.errcode}: ${body.errmsg ?? ''}`.trim();
  if (body.errcode === 0) return { result: 'success', detail: 'ok' };
  if (body.errcode === 45009) return { result: 'retry', detail, retryAfterMs: 60_000 };
  return { result: PERMANENT.has(body.errcode) ? 'failed' : 'retry', detail };
}

/** Markdown mentions work only as `<@userid>`; people known only by mobile need a text follow-up. */
export function wecomMentions(message: OutgoingMessage): { inline: string; mobiles: string[] } {
  const ids = message.mentions.people.flatMap((p) => (p.wecomUserId ? [`<@${p.wecomUserId}>`] : []));
  const mobiles = message.mentions.people.flatMap((p) => (!p.wecomUserId && p.mobile ? [p.mobile] : []));
  if (message.mentions.all) mobiles.push('@all');
  return { inline: ids.join(' '), mobiles };
}

/** The markdown `content` of one part (title line, text, inline mentions). */
export function wecomContent(title: string, text: string, inline: string): string {
  const body = text.startsWith('#') ? text : `**${title}**\n${text}`;
  return inline ? `${body}\n${inline}` : body;
}
