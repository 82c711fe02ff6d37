import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { createRequire } from 'node:module';
import type * as TencentSmsModule from 'tencentcloud-sdk-nodejs-sms';
import type { ChannelConfig } from '../../core/alerting/routes-schema.js';
import { describeTransportError } from './http.js';
import { redactValue } from './redact.js';
import type { Verdict } from './send-parts.js';
import { renderSmsParams } from './sms-params.js';
import type { ChannelClient, SendOutcome } from './types.js';

type TencentConfig = Extract<ChannelConfig, { type: 'tencent-sms' }>;
// The SDK is CommonJS; requiring it gives the same module object under Node and vitest.
const require = createRequire(import.meta.url);
const tencentSms = require('tencentcloud-sdk-nodejs-sms') as typeof TencentSmsModule;
const SmsClient = tencentSms.sms.v20210111.Client;

interface SendStatus {
  PhoneNumber?: string;
  Code?: string;
  Message?: string;
  SerialNo?: string;
}

/** Whole-request or per-number codes worth retrying later. */
function retryable(code: string): boolean {
  return (
    (code.startsWith('LimitExceeded.') && code !== 'LimitExceeded.PhoneNumberDailyLimit') ||
    code === 'RequestLimitExceeded' ||
    code.startsWith('InternalError') ||
    code === 'FailedOperation.ContainSensitiveWord.Retry'
  );
}

/**
 * Reads SendSms 2021-01-11: a successful response can still carry a failure per number in
 * `SendStatusSet[].Code`, so "no exception" is not success.
 */
export function tencentVerdict(
  response: { SendStatusSet?: SendStatus[] } | undefined,
  phone: string,
): Verdict {
  const status =
    response?.SendStatusSet?.find((s) => s.PhoneNumber === phone) ?? response?.SendStatusSet?.[0];
  if (!status?.Code) return { result: 'unknown', detail: 'no SendStatusSet entry for the number' };
  if (status.Code === 'Ok')
    return { result: 'success', detail: 'Ok', ...(status.SerialNo ? { providerId: status.SerialNo } : {}) };
  const detail = `${status.Code}: ${status.Message ?? ''}`.trim();
  return {
    result: retryable(status.Code) ? 'retry' : 'failed',
    detail,
    ...(status.Code.startsWith('LimitExceeded.') ? { retryAfterMs: 60_000 } : {}),
  };
}

function tencentErrorVerdict(error: unknown): Verdict {
  const e = error as { code?: string; httpCode?: number; message?: string };
  if (e.code)
    return { result: retryable(e.code) ? 'retry' : 'failed', detail: `${e.code}: ${e.message ?? ''}` };
  if (typeof e.httpCode === 'number') {
    return {
      result: e.httpCode >= 500 || e.httpCode === 429 ? 'retry' : 'failed',
      detail: `http ${e.httpCode}`,
    };
  }
  const transport = describeTransportError(error);
  return { result: transport.sent === 'no' ? 'retry' : 'unknown', detail: `transport: ${transport.detail}` };
}

/** An agent that connects to `host:port` whatever host the URL names (like curl --connect-to). */
function connectToAgent(protocol: 'http' | 'https', target: string): HttpAgent {
  const [host, port] = [
    target.slice(0, target.lastIndexOf(':')),
    Number(target.slice(target.lastIndexOf(':') + 1)),
  ];
  const agent =
    protocol === 'https' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const create = agent.createConnection.bind(agent) as (o: object, cb?: unknown) => Socket;
  (agent as unknown as { createConnection: typeof create }).createConnection = (options, cb) =>
    create({ ...options, host, port }, cb);
  return agent;
}

/** Tencent Cloud SMS through the official SDK (SendSms 2021-01-11, TC3 signing). */
export function createTencentSmsClient(config: TencentConfig, deps: { timeoutMs: number }): ChannelClient {
  const client = new SmsClient({
    credential: { secretId: config.secretId, secretKey: config.secretKey },
    region: config.region,
    profile: {
      httpProfile: {
        endpoint: config.endpoint,
        protocol: `${config.protocol}://`,
        reqTimeout: Math.max(1, Math.ceil(deps.timeoutMs / 1000)),
        ...(config.connectTo ? { agent: connectToAgent(config.protocol, config.connectTo) } : {}),
      },
    },
  });
  return {
    type: 'tencent-sms',
    async send(message, signal): Promise<SendOutcome> {
      const { values, templateError } = renderSmsParams(config.params, message.view);
      const phone = message.phone ?? '';
      const request = {
        PhoneNumberSet: [phone],
        SmsSdkAppId: config.sdkAppId,
        SignName: config.signName,
        TemplateId: config.templateId,
        TemplateParamSet: values,
        SessionContext: message.reference,
      };
      const started = performance.now();
      let verdict: Verdict;
      let response: unknown;
      try {
        response = await client.request('SendSms', request, signal ? { signal } : {});
        verdict = tencentVerdict(response as { SendStatusSet?: SendStatus[] }, phone);
      } catch (error) {
        verdict = tencentErrorVerdict(error);
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
