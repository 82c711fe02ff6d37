import { describe, expect, it } from 'vitest';
import { isOpsError } from '../../core/errors.js';
import { NacosClient } from './client.js';
import { parseServerList } from './servers.js';

type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>;

/** A hand-written fetch: records calls and answers through `handler`. */
function fakeFetch(handler: Handler): { fetch: typeof fetch; calls: URL[] } {
  const calls: URL[] = [];
  const fn = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    calls.push(url);
    return Promise.resolve(handler(url, init ?? {}));
  };
  return { fetch: fn, calls };
}

const LOGIN = '/nacos/v1/auth/login';

function client(fetchFn: typeof fetch, extra: Partial<ConstructorParameters<typeof NacosClient>[0]> = {}) {
  return new NacosClient({
    servers: parseServerList('a:8848,b:8848'),
    timeoutMs: 200,
    concurrency: 4,
    username: 'nacos',
    password: 'secret-pw',
    fetch: fetchFn,
    ...extra,
  });
}

describe('NacosClient auth', () => {
  it('logs in once and reuses the token', async () => {
    const f = fakeFetch((url) =>
      url.pathname === LOGIN
        ? Response.json({ accessToken: 'tok-1', tokenTtl: 18000 })
        : Response.json({ ok: url.searchParams.get('accessToken') }),
    );
    const c = client(f.fetch);
    expect(await c.getJson('/v1/ns/x', {})).toEqual({ ok: 'tok-1' });
    expect(await c.getJson('/v1/ns/x', {})).toEqual({ ok: 'tok-1' });
    expect(f.calls.filter((u) => u.pathname === LOGIN)).toHaveLength(1);
  });

  it('logs in again when the token is near its TTL', async () => {
    let now = 0;
    let n = 0;
    const f = fakeFetch((url) =>
      url.pathname === LOGIN ? Response.json({ accessToken: `tok-${++n}`, tokenTtl: 10 }) : Response.json({}),
    );
    const c = client(f.fetch, { now: () => now });
    await c.getJson('/v1/ns/x', {});
    now = 9_500;
    await c.getJson('/v1/ns/x', {});
    expect(f.calls.filter((u) => u.pathname === LOGIN)).toHaveLength(2);
  });

  it('logs in again on 403 and retries once', async () => {
    let n = 0;
    const f = fakeFetch((url) => {
      if (url.pathname === LOGIN) return Response.json({ accessToken: `tok-${++n}`, tokenTtl: 18000 });
      return url.searchParams.get('accessToken') === 'tok-1'
        ? new Response('token expired!', { status: 403 })
        : Response.json({ ok: true });
    });
    expect(await client(f.fetch).getJson('/v1/ns/x', {})).toEqual({ ok: true });
    expect(f.calls.map((u) => u.pathname)).toEqual([LOGIN, '/nacos/v1/ns/x', LOGIN, '/nacos/v1/ns/x']);
  });

  it('gives up after one retry with E_NACOS_FORBIDDEN, never showing token or password', async () => {
    const f = fakeFetch((url) =>
      url.pathname === LOGIN
        ? Response.json({ accessToken: 'tok-secret', tokenTtl: 18000 })
        : new Response('authorization failed!', { status: 403 }),
    );
    const err = await client(f.fetch)
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
    const f = fakeFetch(() => new Response('user not found!', { status: 403 }));
    const err = await client(f.fetch)
      .getJson('/v1/ns/x', {})
      .catch((e: unknown) => e);
    expect(isOpsError(err) && [err.code, err.exitCode]).toEqual(['E_NACOS_AUTH', 78]);
    expect((err as Error).message).not.toContain('secret-pw');
  });
});

describe('NacosClient transport', () => {
  it('fails over to the next server and keeps using the one that answered', async () => {
    const f = fakeFetch((url) => {
      if (url.hostname === 'a') throw new TypeError('fetch failed');
      return Response.json({ from: url.hostname });
    });
    const c = client(f.fetch, { username: undefined });
    expect(await c.getJson('/v1/ns/x', {})).toEqual({ from: 'b' });
    expect(await c.getJson('/v1/ns/x', {})).toEqual({ from: 'b' });
    expect(f.calls.map((u) => u.hostname)).toEqual(['a', 'b', 'b']);
  });

  it('fails over on 503 but not on 500', async () => {
    const f = fakeFetch((url) =>
      url.hostname === 'a'
        ? new Response('busy', { status: url.pathname.endsWith('/y') ? 500 : 503 })
        : Response.json({}),
    );
    const c = client(f.fetch, { username: undefined });
    await expect(c.getJson('/v1/ns/x', {})).resolves.toEqual({});
    const c2 = client(f.fetch, { username: undefined });
    const err = await c2.getJson('/v1/ns/y', {}).catch((e: unknown) => e);
    expect(isOpsError(err) && err.code).toBe('E_NACOS_HTTP');
  });

  it('says which servers failed and how when none answers', async () => {
    const f = fakeFetch(() => {
      throw new TypeError('fetch failed');
    });
    const err = await client(f.fetch, { username: undefined })
      .getJson('/v1/ns/x', {})
      .catch((e: unknown) => e);
    expect(isOpsError(err) && [err.code, err.exitCode]).toEqual(['E_NACOS_UNAVAILABLE', 69]);
    expect((err as Error).message).toMatch(/a:8848: fetch failed; b:8848: fetch failed/);
  });

  it('times out a server that does not answer and tries the next', async () => {
    const f = fakeFetch((url, init) =>
      url.hostname === 'a'
        ? new Promise<Response>((_, reject) =>
            init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)),
          )
        : Response.json({ from: 'b' }),
    );
    await expect(client(f.fetch, { username: undefined }).getJson('/v1/ns/x', {})).resolves.toEqual({
      from: 'b',
    });
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    const f = fakeFetch((_url, init) => {
      controller.abort(new Error('shutdown'));
      return Promise.reject(init.signal?.reason as Error);
    });
    const err = await client(f.fetch, { username: undefined })
      .getJson('/v1/ns/x', {}, controller.signal)
      .catch((e: unknown) => e);
    expect(isOpsError(err) && [err.code, err.exitCode]).toEqual(['E_ABORTED', 130]);
    expect(f.calls).toHaveLength(1);
  });
});
