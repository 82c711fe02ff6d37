/**
 * HTTP to a set of Nacos servers: every call bounded by a timeout and the caller's AbortSignal,
 * at most `concurrency` calls in flight, and failover to the next server when one cannot be
 * reached or answers 502/503/504. The server that answered last is tried first next time.
 */
import { ExitCode, OpsError, describeCause } from '../../core/errors.js';
import { createNodeHttpCall, type HttpCall } from './http-call.js';
import { createLimiter, type Limiter } from './limiter.js';
import type { NacosServer } from './servers.js';

/** Query or form parameters. */
export type Params = Record<string, string>;

/** An answer from one server. */
export interface RawResponse {
  status: number;
  text: string;
  server: NacosServer;
}

/** Options of NacosTransport. */
export interface TransportOptions {
  servers: readonly NacosServer[];
  /** Per request. */
  timeoutMs: number;
  concurrency: number;
  /** @default node:http with keep-alive agents */
  http?: HttpCall;
}

const FAILOVER_STATUSES = new Set([502, 503, 504]);
/** Parameters never shown in messages. */
const SECRET_PARAMS = new Set(['accesstoken', 'password', 'username']);

/** `GET http://h:8848/nacos/v1/ns/catalog/services?namespaceId=dev`, secrets left out. */
export function describeCall(method: string, base: string, path: string, params: Params): string {
  const shown = Object.entries(params).filter(([k]) => !SECRET_PARAMS.has(k.toLowerCase()));
  const query = shown.length > 0 ? `?${new URLSearchParams(shown).toString()}` : '';
  return `${method} ${base}${path}${query}`;
}

/** The OpsError for a call cancelled by its caller. */
export function abortedError(what: string, cause: unknown): OpsError {
  return new OpsError(`${what} was cancelled`, { code: 'E_ABORTED', exitCode: ExitCode.interrupted, cause });
}

/** Sends requests to whichever configured server answers. */
export class NacosTransport {
  /** Requests sent (each failover attempt counts). */
  requests = 0;
  private preferred = 0;
  private readonly limit: Limiter;
  private readonly call: HttpCall;
  private readonly release: () => void;

  constructor(private readonly options: TransportOptions) {
    this.limit = createLimiter(options.concurrency);
    if (options.http) {
      this.call = options.http;
      this.release = () => undefined;
    } else {
      const own = createNodeHttpCall(options.concurrency);
      this.call = own.call;
      this.release = () => own.close();
    }
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.release();
  }

  /** The server tried first. */
  get current(): NacosServer {
    const s = this.options.servers[this.preferred] ?? this.options.servers[0];
    if (!s) throw new Error('unreachable: the server list is never empty');
    return s;
  }

  /** Sends one request (form-encoded body when `form`), failing over between servers. */
  send(
    method: string,
    path: string,
    params: Params,
    signal?: AbortSignal,
    form = false,
  ): Promise<RawResponse> {
    return this.limit(() => this.sendNow(method, path, params, signal, form));
  }

  private async sendNow(
    method: string,
    path: string,
    params: Params,
    signal: AbortSignal | undefined,
    form: boolean,
  ): Promise<RawResponse> {
    const servers = this.options.servers;
    const failures: string[] = [];
    let lastCause: unknown;
    for (let i = 0; i < servers.length; i++) {
      const index = (this.preferred + i) % servers.length;
      const server = servers[index];
      if (!server) continue;
      try {
        const res = await this.once(server, method, path, params, signal, form);
        if (FAILOVER_STATUSES.has(res.status)) {
          failures.push(`${server.label} answered HTTP ${res.status}`);
          continue;
        }
        this.preferred = index;
        return res;
      } catch (err) {
        if (signal?.aborted)
          throw abortedError(describeCall(method, server.base, path, params), signal.reason);
        failures.push(`${server.label}: ${describeCause(err)}`);
        lastCause = err;
      }
    }
    throw new OpsError(`no Nacos server answered ${method} ${path}: ${failures.join('; ')}`, {
      code: 'E_NACOS_UNAVAILABLE',
      exitCode: ExitCode.unavailable,
      hints: [
        `check that Nacos runs and is reachable at ${servers.map((s) => s.label).join(', ')}`,
        'check NACOS_URL (host:port, comma-separated; context path /nacos unless set otherwise)',
      ],
      cause: lastCause,
    });
  }

  private async once(
    server: NacosServer,
    method: string,
    path: string,
    params: Params,
    signal: AbortSignal | undefined,
    form: boolean,
  ): Promise<RawResponse> {
    const url = new URL(server.base + path);
    let body: string | undefined;
    if (form) body = new URLSearchParams(params).toString();
    else for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    this.requests++;
    try {
      const res = await this.call({
        url,
        method,
        ...(body === undefined ? {} : { body }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      return { status: res.status, text: res.text, server };
    } catch (err) {
      if (timeout.aborted && !signal?.aborted) {
        throw new OpsError(`no answer within ${this.options.timeoutMs} ms`, {
          code: 'E_TIMEOUT',
          exitCode: ExitCode.unavailable,
          cause: err,
        });
      }
      throw err;
    }
  }
}
