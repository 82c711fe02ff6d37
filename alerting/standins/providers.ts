import { randomUUID } from 'node:crypto';
import { verifyAcs3, verifyDingtalk, verifyFeishu, verifyTc3, type StandinSecrets } from './verify.js';

/** Provider endpoints the stand-in server plays. */
export type StandinProvider =
  'dingtalk' | 'wecom' | 'wecom-app' | 'feishu' | 'webhook' | 'aliyun-sms' | 'tencent-sms';

/** One request as the stand-in saw it. */
export interface IncomingRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  raw: Buffer;
}

/** What a provider handler decided: its normal answer, what the message said, any problem. */
export interface HandlerResult {
  provider: StandinProvider;
  status: number;
  body: unknown;
  /** Parsed request body (JSON, or the query for Aliyun's RPC style). */
  request: unknown;
  /** The message text (or SMS template parameters) for assertions. */
  text: string;
  phone?: string;
  /** Signature or shape problem; the answer is then the provider's error. */
  problem?: string;
}

const json = (raw: Buffer): Record<string, unknown> => {
  try {
    return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
};

type Handler = (req: IncomingRequest, secrets: StandinSecrets, now: number) => HandlerResult;

const dingtalk: Handler = (req, secrets, now) => {
  const body = json(req.raw);
  const md = body.markdown as { title?: string; text?: string } | undefined;
  const text = md?.text ?? (body.text as { content?: string } | undefined)?.content ?? '';
  let problem = verifyDingtalk(req.query, secrets.dingtalkSecret, now);
  let answer = { errcode: 310000, errmsg: `sign not match: ${problem}` };
  if (!problem && req.raw.length > 20_000)
    [problem, answer] = ['too long', { errcode: 460101, errmsg: 'message too long' }];
  if (!problem && body.msgtype !== 'markdown' && body.msgtype !== 'text')
    [problem, answer] = ['bad msgtype', { errcode: 40035, errmsg: 'invalid msgtype' }];
  return {
    provider: 'dingtalk',
    status: 200,
    body: problem ? answer : { errcode: 0, errmsg: 'ok' },
    request: body,
    text,
    ...(problem ? { problem } : {}),
  };
};

const wecom: Handler = (req) => {
  const body = json(req.raw);
  const content =
    (body.markdown as { content?: string } | undefined)?.content ??
    (body.text as { content?: string } | undefined)?.content ??
    '';
  const tooLong = Buffer.byteLength(content) > (body.msgtype === 'text' ? 2048 : 4096);
  const problem = !req.query.get('key') ? 'no key' : tooLong ? 'content too long' : undefined;
  const answer = tooLong
    ? { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' }
    : problem
      ? { errcode: 93000, errmsg: 'invalid webhook url' }
      : { errcode: 0, errmsg: 'ok' };
  return {
    provider: 'wecom',
    status: 200,
    body: answer,
    request: body,
    text: content,
    ...(problem ? { problem } : {}),
  };
};

const tokens = new Set<string>();

const wecomApp: Handler = (req, secrets) => {
  if (req.path.endsWith('/gettoken')) {
    const ok =
      req.query.get('corpid') === secrets.wecomApp.corpId &&
      req.query.get('corpsecret') === secrets.wecomApp.corpSecret;
    const token = `tok-${randomUUID()}`;
    if (ok) tokens.add(token);
    const body = ok
      ? { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 }
      : { errcode: 40001, errmsg: 'invalid credential' };
    return {
      provider: 'wecom-app',
      status: 200,
      body,
      request: {},
      text: '',
      ...(ok ? {} : { problem: 'bad corp credentials' }),
    };
  }
  const body = json(req.raw);
  const content = (body.markdown as { content?: string } | undefined)?.content ?? '';
  const valid = tokens.has(req.query.get('access_token') ?? '');
  const answer = valid
    ? { errcode: 0, errmsg: 'ok', invaliduser: '' }
    : { errcode: 42001, errmsg: 'access_token expired' };
  return {
    provider: 'wecom-app',
    status: 200,
    body: answer,
    request: body,
    text: content,
    ...(valid ? {} : { problem: 'bad token' }),
  };
};

const feishu: Handler = (req, secrets, now) => {
  const body = json(req.raw);
  const card = body.card as { elements?: { text?: { content?: string } }[] } | undefined;
  const text =
    card?.elements?.[0]?.text?.content ?? (body.content as { text?: string } | undefined)?.text ?? '';
  let problem = verifyFeishu(body, secrets.feishuSecret, now);
  let answer: object = {
    code: 19021,
    msg: 'sign match fail or timestamp is not within one hour from current time',
  };
  if (!problem && req.raw.length > 20 * 1024)
    [problem, answer] = ['too long', { code: 9499, msg: 'Bad Request' }];
  const ok = { StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' };
  return {
    provider: 'feishu',
    status: 200,
    body: problem ? answer : ok,
    request: body,
    text,
    ...(problem ? { problem } : {}),
  };
};

const webhook: Handler = (req) => {
  const body = json(req.raw);
  return {
    provider: 'webhook',
    status: 200,
    body: { status: 'ok' },
    request: body,
    text: typeof body.text === 'string' ? body.text : '',
  };
};

const aliyun: Handler = (req, secrets, now) => {
  const form = new URLSearchParams(req.raw.toString('utf8'));
  const params = Object.fromEntries([...req.query, ...form]);
  let problem = verifyAcs3({ ...req, body: req.raw }, secrets.aliyun, now);
  let answer: object = { Code: 'SignatureDoesNotMatch', Message: problem, RequestId: randomUUID() };
  let status = problem ? 400 : 200;
  let templateParams: Record<string, unknown> = {};
  try {
    templateParams = JSON.parse(params.TemplateParam ?? '{}') as Record<string, unknown>;
  } catch {
    templateParams = { bad: 1 };
  }
  if (!problem && Object.values(templateParams).some((v) => typeof v !== 'string')) {
    [problem, status] = ['TemplateParam values must be strings', 200];
    answer = {
      Code: 'isv.INVALID_JSON_PARAM',
      Message: 'JSON参数不合法，只接受字符串值',
      RequestId: randomUUID(),
    };
  }
  const ok = { Code: 'OK', Message: 'OK', BizId: `biz-${randomUUID()}`, RequestId: randomUUID() };
  const text = Object.values(templateParams).map(String).join(' | ');
  return {
    provider: 'aliyun-sms',
    status,
    body: problem ? answer : ok,
    request: params,
    text,
    phone: params.PhoneNumbers ?? '',
    ...(problem ? { problem } : {}),
  };
};

const tencent: Handler = (req, secrets, now) => {
  const payload = req.raw.toString('utf8');
  const body = json(req.raw) as {
    PhoneNumberSet?: string[];
    TemplateParamSet?: string[];
    SessionContext?: string;
  };
  const problem = verifyTc3(req.headers, payload, secrets.tencent, now);
  const requestId = randomUUID();
  const phones = body.PhoneNumberSet ?? [];
  const answer = problem
    ? {
        Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: problem }, RequestId: requestId },
      }
    : {
        Response: {
          SendStatusSet: phones.map((p) => ({
            SerialNo: `sn-${randomUUID()}`,
            PhoneNumber: p,
            Fee: 1,
            SessionContext: body.SessionContext ?? '',
            Code: 'Ok',
            Message: 'send success',
            IsoCode: 'CN',
          })),
          RequestId: requestId,
        },
      };
  return {
    provider: 'tencent-sms',
    status: 200,
    body: answer,
    request: body,
    text: (body.TemplateParamSet ?? []).join(' | '),
    phone: phones.join(','),
    ...(problem ? { problem } : {}),
  };
};

/** Picks the provider a request is meant for, by path and headers. */
export function handlerFor(req: IncomingRequest): Handler | undefined {
  if (req.headers['x-acs-action'] === 'SendSms') return aliyun;
  if (req.headers['x-tc-action'] === 'SendSms') return tencent;
  if (req.path === '/robot/send') return dingtalk;
  if (req.path === '/cgi-bin/webhook/send') return wecom;
  if (req.path === '/cgi-bin/gettoken' || req.path === '/cgi-bin/message/send') return wecomApp;
  if (req.path.startsWith('/open-apis/bot/v2/hook/')) return feishu;
  if (req.path.startsWith('/hook/')) return webhook;
  return undefined;
}
