import { createRequire } from 'node:module';
import type * as DysmsModule from '@alicloud/dysmsapi20170525';
import type * as OpenApiModule from '@alicloud/openapi-core';
import type { ChannelConfig } from '../../core/alerting/routes-schema.js';
import { describeTransportError } from './http.js';
import { redactValue } from './redact.js';
import { renderSmsParams } from './sms-params.js';
import type { Verdict } from './send-parts.js';
import type { ChannelClient, SendOutcome } from './types.js';

type AliyunConfig = Extract<ChannelConfig, { type: 'aliyun-sms' }>;
// The SDKs are CommonJS; requiring them gives the same module object under Node and vitest.
const require = createRequire(import.meta.url);
const dysms = require('@alicloud/dysmsapi20170525') as typeof DysmsModule;
const { $OpenApiUtil } = require('@alicloud/openapi-core') as typeof OpenApiModule;
const Client = dysms.default;
type Runtime = Parameters<InstanceType<typeof Client>['sendSmsWithOptions']>[1];

/** Codes that say "not sent, try later"; everything else not OK is final. */
const RETRYABLE = new Set([
  'isv.BUSINESS_LIMIT_CONTROL',
  'isp.SYSTEM_ERROR',
  'Throttling.User',
  'Throttling',
  'ServiceUnavailable',
  'isp.RAM_PERMISSION_DENY_TEMPORARY',
]);

/** SendSms's answer body, as JSON (`Code`) or as the SDK's model (`code`). */
export interface AliyunAnswer {
  Code?: string;
  Message?: string;
  BizId?: string;
  code?: string;
  message?: string;
  bizId?: string;
}

/** Reads SendSms's body: only `Code: "OK"` is success, whatever the HTTP status was. */
export function aliyunVerdict(body: AliyunAnswer | undefined): Verdict {
  const code = body?.Code ?? body?.code;
  if (code === undefined) return { result: 'unknown', detail: 'no Code in answer' };
  const detail = `${code}: ${body?.Message ?? body?.message ?? ''}`.trim();
  const bizId = body?.BizId ?? body?.bizId;
  if (code === 'OK') return { result: 'success', detail: 'OK', ...(bizId ? { providerId: bizId } : {}) };
  if (RETRYABLE.has(code) || code.startsWith('Throttling')) {
    return {
      result: 'retry',
      detail,
      ...(code === 'isv.BUSINESS_LIMIT_CONTROL' ? { retryAfterMs: 60_000 } : {}),
    };
  }
  return { result: 'failed', detail };
}

/** How an SDK exception reads: an HTTP error answer (not sent) or a transport failure. */
function aliyunErrorVerdict(error: unknown): Verdict {
  const e = error as { statusCode?: number; code?: string; data?: { Code?: string; Message?: string } };
  if (typeof e.statusCode === 'number') {
    const code = e.data?.Code ?? e.code ?? `http ${e.statusCode}`;
    const retry = e.statusCode >= 500 || e.statusCode === 429 || String(code).startsWith('Throttling');
    return { result: retry ? 'retry' : 'failed', detail: `http ${e.statusCode} ${code}` };
  }
  const transport = describeTransportError(error);
  // A request that may have reached Aliyun is never repeated: SendSms is not idempotent.
  return { result: transport.sent === 'no' ? 'retry' : 'unknown', detail: `transport: ${transport.detail}` };
}

/** Aliyun SMS through the official SDK (dysmsapi 2017-05-25, ACS3 signing, custom endpoint). */
export function createAliyunSmsClient(config: AliyunConfig, deps: { timeoutMs: number }): ChannelClient {
  const client = new Client(
    new $OpenApiUtil.Config({
      accessKeyId: config.accessKeyId,
      accessKeySecret: config.accessKeySecret,
      endpoint: config.endpoint,
      protocol: config.protocol,
    }),
  );
  const runtime = {
    readTimeout: deps.timeoutMs,
    connectTimeout: Math.min(deps.timeoutMs, 5000),
  } as unknown as Runtime;
  return {
    type: 'aliyun-sms',
    async send(message): Promise<SendOutcome> {
      const { values, templateError } = renderSmsParams(config.params, message.view);
      const request = {
        phoneNumbers: message.phone ?? '',
        signName: config.signName,
        templateCode: config.templateCode,
        templateParam: JSON.stringify(values),
        outId: message.reference,
      };
      const started = performance.now();
      let verdict: Verdict;
      let response: unknown;
      try {
        const answer = await client.sendSmsWithOptions(new dysms.SendSmsRequest(request), runtime);
        response = answer.body;
        verdict = aliyunVerdict(answer.body);
      } catch (error) {
        verdict = aliyunErrorVerdict(error);
        response = { error: verdict.detail };
      }
      return {
        result: verdict.result,
        detail: verdict.detail,
        partsDone: verdict.result === 'success' ? 1 : 0,
        attempts: [
          {
            url: `${config.protocol}://${config.endpoint}/ SendSms`,
            request: redactValue(request),
            response: redactValue(response),
            durationMs: Math.round(performance.now() - started),
          },
        ],
        ...(verdict.retryAfterMs !== undefined ? { retryAfterMs: verdict.retryAfterMs } : {}),
        ...(verdict.providerId ? { providerIds: [verdict.providerId] } : {}),
        ...(templateError !== undefined ? { templateError } : {}),
      };
    },
  };
}
