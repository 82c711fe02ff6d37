import { createHash } from 'node:crypto';
import {
  acs3Signature,
  dingtalkSign,
  feishuSign,
  tc3Signature,
} from '../../adapters/alert-channels/signing.js';

/** What a stand-in knows to check signatures with. */
export interface StandinSecrets {
  dingtalkSecret: string;
  feishuSecret: string;
  aliyun: { accessKeyId: string; accessKeySecret: string };
  tencent: { secretId: string; secretKey: string };
  wecomApp: { corpId: string; corpSecret: string };
}

/** Undefined when the request is signed correctly, else what is wrong. */
export type Problem = string | undefined;

const HOUR = 3600_000;

/** DingTalk: `timestamp` (ms, within an hour) and `sign` in the query. */
export function verifyDingtalk(query: URLSearchParams, secret: string, now: number): Problem {
  const ts = Number(query.get('timestamp'));
  const sign = query.get('sign');
  if (!sign || !Number.isFinite(ts)) return 'missing timestamp/sign';
  if (Math.abs(now - ts) > HOUR) return 'timestamp out of range';
  return sign === dingtalkSign(secret, ts) ? undefined : 'sign not match';
}

/** Feishu: `timestamp` (s, within an hour) and `sign` in the body. */
export function verifyFeishu(
  body: { timestamp?: string; sign?: string },
  secret: string,
  now: number,
): Problem {
  const ts = Number(body.timestamp);
  if (!body.sign || !Number.isFinite(ts)) return 'missing timestamp/sign';
  if (Math.abs(now / 1000 - ts) > 3600) return 'timestamp out of range';
  return body.sign === feishuSign(secret, ts) ? undefined : 'sign match fail';
}

/** Aliyun ACS3-HMAC-SHA256 over the method, path, query, signed headers and body hash. */
export function verifyAcs3(
  req: {
    method: string;
    path: string;
    query: URLSearchParams;
    headers: Record<string, string>;
    body: Buffer;
  },
  keys: StandinSecrets['aliyun'],
  now: number,
): Problem {
  const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(
    req.headers.authorization ?? '',
  );
  if (!auth) return 'no ACS3 Authorization header';
  if (auth[1] !== keys.accessKeyId) return 'unknown AccessKeyId';
  const date = Date.parse(req.headers['x-acs-date'] ?? '');
  if (!Number.isFinite(date) || Math.abs(now - date) > 15 * 60_000) return 'x-acs-date out of range';
  if (req.headers['x-acs-content-sha256'] !== createHash('sha256').update(req.body).digest('hex'))
    return 'x-acs-content-sha256 mismatch';
  const signed = Object.fromEntries(auth[2]!.split(';').map((h) => [h, req.headers[h] ?? '']));
  const expected = acs3Signature(
    {
      method: req.method,
      pathname: req.path,
      query: Object.fromEntries(req.query),
      headers: signed,
      body: req.body,
    },
    keys.accessKeySecret,
  );
  if (expected.signedHeaders !== auth[2]) return 'signed headers incomplete';
  return expected.signature === auth[3] ? undefined : 'SignatureDoesNotMatch';
}

/** Tencent TC3-HMAC-SHA256 with service `sms`, over content-type and host. */
export function verifyTc3(
  headers: Record<string, string>,
  payload: string,
  keys: StandinSecrets['tencent'],
  now: number,
): Problem {
  const auth =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=content-type;host, Signature=([0-9a-f]+)$/.exec(
      headers.authorization ?? '',
    );
  if (!auth) return 'no TC3 Authorization header';
  if (auth[1] !== keys.secretId) return 'AuthFailure.SecretIdNotFound';
  if (auth[3] !== 'sms') return `credential scope names service "${auth[3]}", expected sms`;
  const timestamp = Number(headers['x-tc-timestamp']);
  if (!Number.isFinite(timestamp) || Math.abs(now / 1000 - timestamp) > 300)
    return 'AuthFailure.SignatureExpire';
  const { signature, credentialScope } = tc3Signature({
    secretKey: keys.secretKey,
    service: 'sms',
    host: headers.host ?? '',
    contentType: headers['content-type'] ?? '',
    payload,
    timestamp,
  });
  if (credentialScope !== `${auth[2]}/sms/tc3_request`) return 'credential date mismatch';
  return signature === auth[4] ? undefined : 'AuthFailure.SignatureFailure';
}
