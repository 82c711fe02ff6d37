import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handlerFor, type HandlerResult, type IncomingRequest, type StandinProvider } from './providers.js';
import type { StandinSecrets } from './verify.js';

/** A scripted answer: replaces the normal one for the next matching request of a provider. */
export interface ScriptedAnswer {
  status?: number;
  body?: unknown;
  /** Wait this long before answering (with `body`/`status`, or the normal answer): a timeout. */
  delayMs?: number;
  /** Close the connection without answering. */
  reset?: boolean;
  /** Only for requests this accepts (e.g. one phone number). */
  match?: (request: StandinRecord) => boolean;
}

/** One request the stand-in received, how it was checked, and what it answered. */
export interface StandinRecord extends HandlerResult {
  at: number;
  path: string;
  /** The provider's normal success answer was given (signature fine, nothing scripted). */
  delivered: boolean;
  scripted: boolean;
}

export const DEFAULT_STANDIN_SECRETS: StandinSecrets = {
  dingtalkSecret: 'SECdingtalk-standin-secret',
  feishuSecret: 'feishu-standin-secret',
  aliyun: { accessKeyId: 'LTAIstandin', accessKeySecret: 'aliyun-standin-secret' },
  tencent: { secretId: 'AKIDstandin', secretKey: 'tencent-standin-secret' },
  wecomApp: { corpId: 'ww-standin', corpSecret: 'wecom-standin-secret' },
};

/**
 * Local stand-ins for every provider the router talks to (DingTalk, WeCom robot and app,
 * Feishu, webhooks, Aliyun and Tencent SMS) on 127.0.0.1: they check signatures and body
 * limits as the real services do, record every request and can be scripted to fail.
 */
export class ProviderStandins {
  readonly records: StandinRecord[] = [];
  private readonly scripts = new Map<StandinProvider, ScriptedAnswer[]>();
  private server: Server | undefined;
  url = '';

  constructor(readonly secrets: StandinSecrets = DEFAULT_STANDIN_SECRETS) {}

  /** Listens on 127.0.0.1 (`port` 0: any free port). */
  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** Queues scripted answers for a provider, used in order by matching requests. */
  script(provider: StandinProvider, ...answers: ScriptedAnswer[]): void {
    this.scripts.set(provider, [...(this.scripts.get(provider) ?? []), ...answers]);
  }

  /** Requests of a provider that got the normal success answer. */
  delivered(provider: StandinProvider): StandinRecord[] {
    return this.records.filter((r) => r.provider === provider && r.delivered);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://standin');
    const incoming: IncomingRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
      ),
      raw: Buffer.concat(chunks),
    };
    const handler = handlerFor(incoming);
    if (!handler) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'no stand-in here' }));
      return;
    }
    const result = handler(incoming, this.secrets, Date.now());
    const record: StandinRecord = {
      ...result,
      at: Date.now(),
      path: incoming.path,
      delivered: !result.problem,
      scripted: false,
    };
    const scripted = this.takeScript(record);
    this.records.push(record);
    if (scripted) {
      record.scripted = true;
      const replaces =
        scripted.body !== undefined || scripted.status !== undefined || scripted.reset === true;
      if (replaces) record.delivered = false;
      if (scripted.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
      if (scripted.reset) {
        req.socket.destroy();
        return;
      }
      if (replaces) {
        this.answer(res, scripted.status ?? 200, scripted.body ?? {});
        return;
      }
    }
    this.answer(res, result.status, result.body);
  }

  private answer(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }

  private takeScript(record: StandinRecord): ScriptedAnswer | undefined {
    const queue = this.scripts.get(record.provider);
    if (!queue) return undefined;
    const index = queue.findIndex((s) => !s.match || s.match(record));
    if (index === -1) return undefined;
    return queue.splice(index, 1)[0];
  }
}
