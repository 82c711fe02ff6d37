import { createHash, createHmac } from 'node:crypto';

/**
 * Request signatures of the providers, as documented. The IM robots' are used to send; the
 * cloud API ones (ACS3, TC3) are produced by the official SDKs and implemented here to verify
 * what the SDKs send (local stand-ins, tests with fixed vectors).
 */

/** DingTalk robot: base64(HMAC-SHA256(key = secret, msg = `${ms}\n${secret}`)). */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** Feishu bot: base64(HMAC-SHA256(key = `${seconds}\n${secret}`, msg = "")): the string is the key. */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

const sha256hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** RFC 3986 encoding as Aliyun wants it (`*` and the rest of `!'()` escaped too). */
export function acsPercentEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export interface Acs3Input {
  method: string;
  pathname: string;
  query: Readonly<Record<string, string>>;
  /** All request headers; `host`, `content-type` and `x-acs-*` are signed. */
  headers: Readonly<Record<string, string>>;
  body: string | Buffer;
}

/** Aliyun ACS3-HMAC-SHA256: canonical request, signed header list and signature (hex). */
export function acs3Signature(
  input: Acs3Input,
  accessKeySecret: string,
): { signedHeaders: string; signature: string; canonicalRequest: string } {
  const query = Object.keys(input.query)
    .sort()
    .map((k) => `${acsPercentEncode(k)}=${acsPercentEncode(input.query[k] ?? '')}`)
    .join('&');
  const headers = Object.entries(input.headers)
    .map(([k, v]) => [k.toLowerCase(), String(v).trim()] as const)
    .filter(([k]) => k === 'host' || k === 'content-type' || k.startsWith('x-acs-'))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = headers.map(([k]) => k).join(';');
  const canonicalRequest = [
    input.method.toUpperCase(),
    input.pathname || '/',
    query,
    headers.map(([k, v]) => `${k}:${v}\n`).join(''),
    signedHeaders,
    sha256hex(input.body),
  ].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256hex(canonicalRequest)}`;
  const signature = createHmac('sha256', accessKeySecret).update(stringToSign).digest('hex');
  return { signedHeaders, signature, canonicalRequest };
}

export interface Tc3Input {
  secretKey: string;
  service: string;
  host: string;
  contentType: string;
  payload: string;
  /** Unix seconds (X-TC-Timestamp). */
  timestamp: number;
}

/** Tencent Cloud TC3-HMAC-SHA256 over `content-type;host`: signature (hex) and credential scope. */
export function tc3Signature(input: Tc3Input): { signature: string; credentialScope: string } {
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const canonicalRequest = [
    'POST',
    '/',
    '',
    `content-type:${input.contentType}\nhost:${input.host}\n`,
    'content-type;host',
    sha256hex(input.payload),
  ].join('\n');
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${input.timestamp}\n${credentialScope}\n${sha256hex(canonicalRequest)}`;
  const hmac = (key: string | Buffer, msg: string): Buffer => createHmac('sha256', key).update(msg).digest();
  const secretSigning = hmac(hmac(hmac(`TC3${input.secretKey}`, date), input.service), 'tc3_request');
  return {
    signature: createHmac('sha256', secretSigning).update(stringToSign).digest('hex'),
    credentialScope,
  };
}
