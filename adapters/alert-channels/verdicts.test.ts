import { describe, expect, it } from 'vitest';
import { aliyunVerdict } from './aliyun-sms.js';
import { dingtalkVerdict } from './dingtalk.js';
import { feishuVerdict } from './feishu.js';
import type { HttpAnswer } from './http.js';
import { maskPhone, redactUrl, redactValue } from './redact.js';
import { tencentVerdict } from './tencent-sms.js';
import { wecomVerdict } from './wecom-format.js';

const answer = (status: number, json?: unknown): HttpAnswer => ({
  status,
  json,
  record: { url: 'x', request: {}, durationMs: 0 },
});
const transport = (sent: 'no' | 'maybe'): HttpAnswer => ({
  failure: { sent, detail: 'x' },
  record: { url: 'x', request: {}, durationMs: 0 },
});

describe('provider answers: a 200 is not success', () => {
  it.each([
    ['ok', answer(200, { errcode: 0, errmsg: 'ok' }), 'success'],
    ['rate limit 130101', answer(200, { errcode: 130101, errmsg: 'send too fast' }), 'retry'],
    ['sign 310000', answer(200, { errcode: 310000, errmsg: 'sign not match' }), 'failed'],
    ['too long 460101', answer(200, { errcode: 460101 }), 'failed'],
    ['system busy -1', answer(200, { errcode: -1 }), 'retry'],
    ['5xx', answer(502), 'retry'],
    ['429', answer(429), 'retry'],
    ['404', answer(404), 'failed'],
    ['html body', answer(200, undefined), 'retry'],
    ['refused', transport('no'), 'retry'],
  ])('DingTalk %s -> %s', (_name, a, expected) => expect(dingtalkVerdict(a).result).toBe(expected));

  it.each([
    ['ok', { errcode: 0 }, 'success'],
    ['45009 freq', { errcode: 45009, errmsg: 'api freq out of limit' }, 'retry'],
    ['40058 too long', { errcode: 40058 }, 'failed'],
    ['93000 robot gone', { errcode: 93000 }, 'failed'],
  ])('WeCom %s -> %s', (_n, body, expected) => expect(wecomVerdict(answer(200, body)).result).toBe(expected));

  it.each([
    ['ok', { StatusCode: 0, StatusMessage: 'success', code: 0, msg: 'success' }, 'success'],
    ['11232 frequency', { code: 11232, msg: 'frequency limited psm' }, 'retry'],
    ['19021 sign', { code: 19021 }, 'failed'],
    ['9499 bad request', { code: 9499 }, 'failed'],
    ['19036 too long', { code: 19036 }, 'failed'],
  ])('Feishu %s -> %s', (_n, body, expected) =>
    expect(feishuVerdict(answer(200, body)).result).toBe(expected),
  );

  it.each([
    [{ Code: 'OK', BizId: 'b1' }, 'success'],
    [{ Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发天级流控Permits:10' }, 'retry'],
    [{ Code: 'isp.SYSTEM_ERROR' }, 'retry'],
    [{ Code: 'isv.AMOUNT_NOT_ENOUGH' }, 'failed'],
    [{ Code: 'isv.MOBILE_NUMBER_ILLEGAL' }, 'failed'],
    [undefined, 'unknown'],
  ])('Aliyun %j -> %s', (body, expected) => expect(aliyunVerdict(body).result).toBe(expected));

  it('Tencent reads the per-number status inside a successful response', () => {
    const set = (code: string) => ({
      SendStatusSet: [{ PhoneNumber: '+8613800000001', Code: code, SerialNo: 's1' }],
    });
    expect(tencentVerdict(set('Ok'), '+8613800000001')).toMatchObject({
      result: 'success',
      providerId: 's1',
    });
    expect(tencentVerdict(set('LimitExceeded.DeliveryFrequencyLimit'), '+8613800000001').result).toBe(
      'retry',
    );
    expect(tencentVerdict(set('LimitExceeded.PhoneNumberDailyLimit'), '+8613800000001').result).toBe(
      'failed',
    );
    expect(tencentVerdict(set('FailedOperation.PhoneNumberInBlacklist'), '+8613800000001').result).toBe(
      'failed',
    );
    expect(tencentVerdict({}, '+8613800000001').result).toBe('unknown');
  });
});

describe('redaction', () => {
  it('hides tokens, signatures and hook ids; masks phone numbers', () => {
    expect(redactUrl('https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1&sign=xyz')).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1&sign=***',
    );
    expect(redactUrl('https://open.feishu.cn/open-apis/bot/v2/hook/0123456789abcdef')).toBe(
      'https://open.feishu.cn/open-apis/bot/v2/hook/0123***',
    );
    expect(maskPhone('13800001234')).toBe('138****1234');
    expect(maskPhone('+8613800001234')).toBe('+86138****1234');
    expect(
      redactValue({
        sign: 's',
        at: { atMobiles: ['13800001234'] },
        PhoneNumbers: '13800001234,13900001234',
        n: 1,
      }),
    ).toEqual({
      sign: '***',
      at: { atMobiles: ['138****1234'] },
      PhoneNumbers: '138****1234,139****1234',
      n: 1,
    });
  });
});
