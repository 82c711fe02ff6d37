/**
 * A Nacos HTTP client with the auth dance of the default auth plugin: log in once with
 * username/password, reuse the token until shortly before its TTL ends, and on a 403 log in
 * again and retry once. The token travels as the `accessToken` parameter (every version since
 * 1.2 reads it) and never appears in messages.
 */
import { ExitCode, OpsError } from '../../core/errors.js';
import {
  describeCall,
  NacosTransport,
  type Params,
  type RawResponse,
  type TransportOptions,
} from './transport.js';

/** Options of NacosClient. */
export interface NacosClientOptions extends TransportOptions {
  username?: string | undefined;
  password?: string | undefined;
  /** @default Date.now */
  now?: () => number;
}

/** A non-2xx answer. */
export class NacosHttpError extends OpsError {
  constructor(
    message: string,
    readonly status: number,
    code: string,
    hints: string[],
    exitCode: (typeof ExitCode)[keyof typeof ExitCode] = ExitCode.failure,
  ) {
    super(message, { code, hints, exitCode });
  }
}

interface Token {
  value: string;
  expiresAt: number;
}

/** Re-login when this share of the TTL has passed, so a token never expires in flight. */
const TOKEN_REUSE_SHARE = 0.9;

function hintsFor(status: number, path: string): { code: string; hints: string[] } {
  if (status === 403) {
    return {
      code: 'E_NACOS_FORBIDDEN',
      hints: [
        'check NACOS_USERNAME / NACOS_PASSWORD',
        'give the user read permission on this namespace (Nacos console: Authority Control > Permissions)',
      ],
    };
  }
  if (status === 404 || status === 410) {
    return {
      code: status === 404 ? 'E_NACOS_NOT_FOUND' : 'E_NACOS_GONE',
      hints: [
        `this server does not offer ${path}: check the Nacos version (opsctl reads 1.x/2.x through the v1 catalog, 3.x through v3 admin)`,
        'check the context path in NACOS_URL (default /nacos)',
      ],
    };
  }
  return { code: 'E_NACOS_HTTP', hints: ['check the Nacos server log (logs/nacos.log, naming-server.log)'] };
}

/** Typed access to one Nacos cluster. */
export class NacosClient {
  readonly transport: NacosTransport;
  /** Login endpoints, tried in order (v1 first for 1.x/2.x, v3 first for 3.x). */
  loginPaths = ['/v1/auth/login', '/v3/auth/user/login'];
  private token: Token | undefined;
  private loggingIn: Promise<Token> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: NacosClientOptions) {
    this.transport = new NacosTransport(options);
    this.now = options.now ?? Date.now;
  }

  private get hasCredentials(): boolean {
    return Boolean(this.options.username);
  }

  /** GETs JSON; throws NacosHttpError for non-2xx answers. `auth: false` sends no token. */
  async getJson<T>(path: string, params: Params, signal?: AbortSignal, auth = true): Promise<T> {
    const res = await this.request('GET', path, params, signal, auth);
    try {
      return JSON.parse(res.text) as T;
    } catch (err) {
      throw new OpsError(
        `nacos ${describeCall('GET', res.server.base, path, params)} answered something that is not JSON`,
        {
          code: 'E_NACOS_PROTOCOL',
          cause: err,
          hints: ['check that NACOS_URL points at Nacos (context path /nacos)'],
        },
      );
    }
  }

  /** Sends a request with the token; on 403 logs in again and retries once. */
  async request(
    method: string,
    path: string,
    params: Params,
    signal?: AbortSignal,
    auth = true,
  ): Promise<RawResponse> {
    const useAuth = auth && this.hasCredentials;
    let token = useAuth ? await this.accessToken(signal) : undefined;
    let res = await this.transport.send(method, path, withToken(params, token), signal);
    if (res.status === 403 && token) {
      if (this.token?.value === token.value) this.token = undefined;
      token = await this.accessToken(signal);
      res = await this.transport.send(method, path, withToken(params, token), signal);
    }
    if (res.status >= 200 && res.status < 300) return res;
    throw this.failure(res, method, path, params);
  }

  private failure(res: RawResponse, method: string, path: string, params: Params): NacosHttpError {
    const { code, hints } = hintsFor(res.status, path);
    if (res.status === 403 && !this.hasCredentials) {
      hints.unshift('the server has auth enabled: set NACOS_USERNAME and NACOS_PASSWORD');
    }
    const body = res.text.replace(/\s+/g, ' ').slice(0, 300);
    return new NacosHttpError(
      `nacos ${describeCall(method, res.server.base, path, params)} answered HTTP ${res.status}: ${body}`,
      res.status,
      code,
      hints,
    );
  }

  private async accessToken(signal?: AbortSignal): Promise<Token> {
    if (this.token && this.now() < this.token.expiresAt) return this.token;
    this.loggingIn ??= this.login(signal).finally(() => {
      this.loggingIn = undefined;
    });
    this.token = await this.loggingIn;
    return this.token;
  }

  private async login(signal?: AbortSignal): Promise<Token> {
    const form = { username: this.options.username ?? '', password: this.options.password ?? '' };
    let last: RawResponse | undefined;
    for (const path of this.loginPaths) {
      last = await this.transport.send('POST', path, form, signal, true);
      if (last.status !== 404 && last.status !== 410) break;
    }
    if (!last) throw new Error('unreachable: loginPaths is never empty');
    if (last.status !== 200) {
      throw new NacosHttpError(
        `nacos ${last.server.base} rejected the login of user "${form.username}": HTTP ${last.status} ${last.text.slice(0, 200)}`,
        last.status,
        'E_NACOS_AUTH',
        [
          'check NACOS_USERNAME / NACOS_PASSWORD',
          'the user must exist on this Nacos (console: Authority Control > Users)',
        ],
        ExitCode.config,
      );
    }
    let body: { accessToken?: unknown; tokenTtl?: unknown } = {};
    try {
      body = JSON.parse(last.text) as typeof body;
    } catch {
      // handled below: a login answer without a token is a protocol error either way
    }
    if (typeof body.accessToken !== 'string') {
      throw new OpsError(`nacos ${last.server.base} login answered without accessToken`, {
        code: 'E_NACOS_PROTOCOL',
        hints: ['check that NACOS_URL points at Nacos'],
      });
    }
    const ttlSeconds = typeof body.tokenTtl === 'number' ? body.tokenTtl : 18_000;
    return { value: body.accessToken, expiresAt: this.now() + ttlSeconds * 1000 * TOKEN_REUSE_SHARE };
  }
}

function withToken(params: Params, token: Token | undefined): Params {
  return token ? { ...params, accessToken: token.value } : params;
}
