import { redactUrl, redactValue } from './redact.js';
import type { AttemptRecord } from './types.js';

/** The answer of one HTTP call, or why there was none. */
export interface HttpAnswer {
  status?: number;
  json?: unknown;
  text?: string;
  /** Set when no answer came; `sent: 'no'` when the request surely never reached the server. */
  failure?: { sent: 'no' | 'maybe'; detail: string };
  record: AttemptRecord;
}

/** Request bodies larger than this are summarised in attempt records. */
const MAX_RECORDED_BODY = 16 * 1024;

/** Errors raised before a request could leave this host: nothing was delivered. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_INVALID_URL',
]);

/** Whether a thrown error proves the request never reached the server, and a short reason. */
export function describeTransportError(error: unknown): { sent: 'no' | 'maybe'; detail: string } {
  const err = error as {
    name?: string;
    message?: string;
    code?: string;
    cause?: { code?: string; message?: string };
  };
  const code = err.cause?.code ?? err.code;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return { sent: 'maybe', detail: 'timeout' };
  if (code && NOT_SENT.has(code)) return { sent: 'no', detail: code };
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(err.message ?? ''))
    return { sent: 'no', detail: err.message ?? '' };
  return { sent: 'maybe', detail: code ?? err.cause?.message ?? err.message ?? String(error) };
}

/** POSTs a JSON body (built by the serializer, never by string templates) with a deadline. */
export async function postJson(
  url: string,
  body: unknown,
  options: {
    timeoutMs: number;
    signal?: AbortSignal;
    headers?: Record<string, string>;
    method?: 'POST' | 'GET';
  },
): Promise<HttpAnswer> {
  const started = performance.now();
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
  const text = options.method === 'GET' ? undefined : JSON.stringify(body);
  const record: AttemptRecord = {
    url: redactUrl(url),
    // Large bodies (combined messages) are not copied into the audit trail, only measured.
    request:
      (text?.length ?? 0) > MAX_RECORDED_BODY
        ? { omitted: 'large body', bytes: text?.length }
        : redactValue(body),
    durationMs: 0,
  };
  try {
    const res = await fetch(url, {
      method: options.method ?? 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...options.headers },
      ...(text === undefined ? {} : { body: text }),
      signal: AbortSignal.any(signals),
    });
    const answer = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(answer);
    } catch {
      json = undefined;
    }
    record.status = res.status;
    record.response =
      json !== undefined && answer.length <= MAX_RECORDED_BODY ? redactValue(json) : answer.slice(0, 500);
    record.durationMs = Math.round(performance.now() - started);
    return { status: res.status, json, text: answer, record };
  } catch (error) {
    const failure = describeTransportError(error);
    record.error = failure.detail;
    record.durationMs = Math.round(performance.now() - started);
    return { failure, record };
  }
}

/** Classifies an HTTP-level answer before the body is read: transport, 429, 5xx, other 4xx. */
export function classifyHttp(answer: HttpAnswer): { result: 'retry' | 'failed'; detail: string } | undefined {
  if (answer.failure) return { result: 'retry', detail: `transport: ${answer.failure.detail}` };
  const status = answer.status ?? 0;
  if (status === 429 || status >= 500) return { result: 'retry', detail: `http ${status}` };
  if (status < 200 || status >= 300) return { result: 'failed', detail: `http ${status}` };
  return undefined;
}
