import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OpenApiUtil } from '@alicloud/openapi-core';
import { acs3Signature, acsPercentEncode, dingtalkSign, feishuSign, tc3Signature } from './signing.js';

// Expected values were computed independently with `openssl dgst -sha256 -hmac` from the
// documented string-to-sign of each provider (see shared/reference/alerting.md, section 2).
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

describe('IM robot signatures (fixed vectors)', () => {
  it('DingTalk: HMAC-SHA256 keyed by the secret over "ms\\nsecret"', () => {
    expect(dingtalkSign('SEC000example', 1_700_000_000_000)).toBe(
      'xyAXnOeEx8mcnUUlZoyxvRe/La8u0eqZaWsTXunfdkQ=',
    );
  });

  it('Feishu: HMAC-SHA256 keyed by "s\\nsecret" over the empty string', () => {
    expect(feishuSign('demo', 1_700_000_000)).toBe('8oT2n3SMKFfEnDoiwer8BUM/SjKLwe9SqoEIHlhDTKo=');
  });
});

const acsInput = {
  method: 'POST',
  pathname: '/',
  query: { TemplateCode: 'SMS_1', PhoneNumbers: '13800000001', SignName: '运维' },
  headers: {
    host: 'dysmsapi.aliyuncs.com',
    'x-acs-action': 'SendSms',
    'x-acs-version': '2017-05-25',
    'x-acs-date': '2023-11-14T22:13:20Z',
    'x-acs-signature-nonce': 'n1',
    'x-acs-content-sha256': EMPTY_SHA256,
    'user-agent': 'not signed',
  },
  body: '',
};

describe('Aliyun ACS3-HMAC-SHA256', () => {
  it('matches the fixed vector', () => {
    const { signature, signedHeaders } = acs3Signature(acsInput, 'aliyun-secret-example');
    expect(signedHeaders).toBe(
      'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
    );
    expect(signature).toBe('80ed59e2458124936f5b6eb7b575bcd9ed1db768fdfdb2bbdc36701227d8da0e');
  });

  it('agrees with the official SDK for the same request', () => {
    const request = { method: 'POST', pathname: '/', query: acsInput.query, headers: acsInput.headers };
    const sdk = OpenApiUtil.getAuthorization(
      request as unknown as Parameters<typeof OpenApiUtil.getAuthorization>[0],
      'ACS3-HMAC-SHA256',
      EMPTY_SHA256,
      'AK',
      'aliyun-secret-example',
    );
    const ours = acs3Signature(acsInput, 'aliyun-secret-example');
    expect(sdk).toContain(`SignedHeaders=${ours.signedHeaders}`);
    expect(sdk).toContain(`Signature=${ours.signature}`);
  });

  it('percent-encodes as RFC 3986 (space %20, * %2A, ~ kept)', () => {
    expect(acsPercentEncode("a b*c~d'!")).toBe('a%20b%2Ac~d%27%21');
  });
});

describe('Tencent Cloud TC3-HMAC-SHA256', () => {
  it('matches the fixed vector (key chain TC3+key -> date -> service -> tc3_request)', () => {
    const { signature, credentialScope } = tc3Signature({
      secretKey: 'secretkeyexample',
      service: 'sms',
      host: 'sms.tencentcloudapi.com',
      contentType: 'application/json',
      payload: '{"PhoneNumberSet":["+8613800000001"]}',
      timestamp: 1_700_000_000,
    });
    expect(credentialScope).toBe('2023-11-14/sms/tc3_request');
    expect(signature).toBe('e7a9c9997a4ce94449e45c6f9b275b8f226b27771824a038b623bb74bdec444b');
  });
});
