import { describe, expect, it } from 'vitest';
import { isOpsError } from '../../core/errors.js';
import { NacosClient } from './client.js';
import type { HttpCall, HttpExchange } from './http-call.js';
import { parseServerList } from './servers.js';

type Answer = { status: number; text: string };
type Handler = (url: URL, req: HttpExchange) => Answer | Promise<Answer>;

/** A hand-written HttpCall: records requested URLs and answers through `handler`. */
function fakeHttp(handler: Handler): { http: HttpCall; calls: URL[] } {
  const calls: URL[] = [];
  const http: HttpCall = (req) => {
    calls.push(req.url);
    return Promise.resolve().then(() => handler(req.url, req));
  };
  return { http, calls };
}

const json = (value: unknown): Answer => ({ status: 200, text: JSON.stringify(value) });
const status = (code: number, text: string): Answer => ({ status: code, text });

const LOGIN = '/nacos/v1/auth/login';

function client(http: HttpCall, extra: Partial<ConstructorParameters<typeof NacosClient>[0]> = {}) {
  return new NacosClient({
    servers: parseServerList('a:8848,b:8848'),
    timeoutMs: 200,
    concurrency: 4,
    username: 'nacos',
    password: 'secret-pw',
    http,
    ...extra,
  });
}

describe('NacosClient auth', () => {
  it('logs in once and reuses the token', async () => {
    const f = fakeHttp((url) =>
      url.pathname === LOGIN
        ? json({ accessToken: 'tok-1', tokenTtl: 18000 })
        : json({ ok: url.searchParams.get('accessToken') }),
    );
    const c = client(f.http);
    expect(await c.getJson('/v1/ns/x', {})).toEqual({ ok: 'tok-1' });
    expect(await c.getJson('/v1/ns/x', {})).toEqual({ ok: 'tok-1' });
    expect(f.calls.filter((u) => u.pathname === LOGIN)).toHaveLength(1);
  });

  it('logs in again when the token is near its TTL', async () => {
    let now = 0;
    let n = 0;
    const f = fakeHttp((url) =>
      url.pathname === LOGIN ? json({ accessToken: `tok-${++n}`, tokenTtl: 10 }) : json({}),
    );
    const c = client(f.http, { now: () => now });
    await c.getJson('/v1/ns/x', {});
    now = 9_500;
    await c.getJson('/v1/ns/x', {});
    expect(f.calls.filter((u) => u.pathname === LOGIN)).toHaveLength(2);
  });

  it('logs in again on 403 and retries once', async () => {
    let n = 0;
    const f = fakeHttp((url) => {
      if (url.pathname === LOGIN) return json({ accessToken: `tok-${++n}`, tokenTtl: 18000 });
      return url.searchParams.get('accessToken') === 'tok-1'
        ? status(403, 'token expired!')
        : json({ ok: true });
    });
    expect(await client(f.http).getJson('/v1/ns/x', {})).toEqual({ ok: true });
    expect(f.calls.map((u) => u.pathname)).toEqual([LOGIN, '/nacos/v1/ns/x', LOGIN, '/nacos/v1/ns/x']);
  });

  it('gives up after one retry with E_NACOS_FORBIDDEN, never showing token or password', async () => {
    const f = fakeHttp((url) =>
      url.pathname === LOGIN
        ? json({ accessToken: 'tok-secret', tokenTtl: 18000 })
        : status(403, 'authorization failed!'),
    );
    const err = await client(f.http)
      .getJson('/v1/ns/x', { namespaceId: 'dev' })
      .catch((e: unknown) => e);
    expect(isOpsError(err) && err.code).toBe('E_NACOS_FORBIDDEN');
    const text = `${(err as Error).message} ${(err as { hints: string[] }).hints.join(' ')}`;
    expect(text).toContain('namespaceId=dev');
    expect(text).toContain('authorization failed!');
    expect(text).not.toContain('tok-secret');
    expect(text).not.toContain('secret-pw');
    expect(f.calls.filter((u) => u.pathname === '/nacos/v1/ns/x')).toHaveLength(2);
  });

  it('reports a rejected login as E_NACOS_AUTH (exit 78)', async () => {
    const f = fakeHttp(() => status(403, 'user not found!'));
    const err = await client(f.http)
      .getJson('/v1/ns/x', {})
      .catch((e: unknown) => e);
    expect(isOpsError(err) && [err.code, err.exitCode]).toEqual(['E_NACOS_AUTH', 78]);
    expect((err as Error).message).not.toContain('secret-pw');
  });
});

describe('NacosClient transport', () => {
  it('fails over to the next server and keeps using the one that answered', async () => {
    const f = fakeHttp((url) => {
      if (url.hostname === 'a') throw new TypeError('fetch failed');
      return json({ from: url.hostname });
    });
    const c = client(f.http, { username: undefined });
    expect(await c.getJson('/v1/ns/x', {})).toEqual({ from: 'b' });
    expect(await c.getJson('/v1/ns/x', {})).toEqual({ from: 'b' });
    expect(f.calls.map((u) => u.hostname)).toEqual(['a', 'b', 'b']);
  });

  it('fails over on 503 but not on 500', async () => {
    const f = fakeHttp((url) =>
      url.hostname === 'a' ? status(url.pathname.endsWith('/y') ? 500 : 503, 'busy') : json({}),
    );
    const c = client(f.http, { username: undefined });
    await expect(c.getJson('/v1/ns/x', {})).resolves.toEqual({});
    const c2 = client(f.http, { username: undefined });
    const err = await c2.getJson('/v1/ns/y', {}).catch((e: unknown) => e);
    expect(isOpsError(err) && err.code).toBe('E_NACOS_HTTP');
  });

  it('says which servers failed and how when none answers', async () => {
    const f = fakeHttp(() => {
      throw new TypeError('fetch failed');
    });
    const err = await client(f.http, { username: undefined })
      .getJson('/v1/ns/x', {})
      .catch((e: unknown) => e);
    expect(isOpsError(err) && [err.code, err.exitCode]).toEqual(['E_NACOS_UNAVAILABLE', 69]);
    expect((err as Error).message).toMatch(/a:8848: fetch failed; b:8848: fetch failed/);
  });

  it('times out a server that does not answer and tries the next', async () => {
    const f = fakeHttp((url, req) =>
      url.hostname === 'a'
        ? new Promise<Answer>((_, reject) =>
            req.signal.addEventListener('abort', () => reject(req.signal.reason as Error)),
          )
        : json({ from: 'b' }),
    );
    await expect(client(f.http, { username: undefined }).getJson('/v1/ns/x', {})).resolves.toEqual({
      from: 'b',
    });
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    const f = fakeHttp((_url, req) => {
      controller.abort(new Error('shutdown'));
      return Promise.reject(req.signal.reason as Error);
    });
    const err = await client(f.http, { username: undefined })
      .getJson('/v1/ns/x', {}, controller.signal)
      .catch((e: unknown) => e);
    expect(isOpsError(err) && [err.code, err.exitCode]).toEqual(['E_ABORTED', 130]);
    expect(f.calls).toHaveLength(1);
  });
});
