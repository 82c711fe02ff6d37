import { describe, expect, it } from 'vitest';
import { FakeClock } from '../k8s/clock.js';
import { AUTH_TEXT, SimAuth, type SimAuthOptions } from './auth.js';
import { SimRequest } from './http-kit.js';
import type { NacosVersion } from './model.js';
import { dispatch } from './server.js';
import { NacosStore } from './store.js';

function context(version: NacosVersion, auth?: SimAuthOptions) {
  const clock = new FakeClock();
  const store = new NacosStore(clock);
  return {
    clock,
    ctx: { store, auth: new SimAuth(auth, clock), version, cacheMillis: 10_000, startedAt: 0 },
  };
}

function call(
  ctx: ReturnType<typeof context>['ctx'],
  method: string,
  path: string,
  params: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  return dispatch(new SimRequest(method, path, new URLSearchParams(params), headers), ctx);
}

const CATALOG = { withInstances: 'true', pageNo: '1', pageSize: '10' };

describe('version gates', () => {
  it.each([
    ['1.4', '/nacos/v2/ns/service/list', 404],
    ['1.4', '/nacos/v3/admin/ns/service/list', 404],
    ['2.2', '/nacos/v2/ns/service/list', 200],
    ['2.5', '/nacos/v3/admin/core/namespace/list', 404],
    ['3.1', '/nacos/v1/ns/service/list', 200],
    ['3.1', '/nacos/v1/ns/catalog/services', 410],
    ['3.1', '/nacos/v2/ns/service/list', 410],
    ['3.2', '/nacos/v1/ns/service/list', 404],
    ['3.2', '/nacos/v3/admin/ns/service/list', 200],
  ] as const)('%s answers GET %s with %i', (version, path, status) => {
    const { ctx } = context(version);
    expect(call(ctx, 'GET', path, { ...CATALOG, pageNo: '1', pageSize: '10' }).status).toBe(status);
  });

  it('names the replacement API and the switch in the 410 body', () => {
    const { ctx } = context('3.1');
    const res = call(ctx, 'GET', '/nacos/v1/ns/catalog/services', CATALOG);
    const body = JSON.parse(res.body) as { status: number; error: string; message: string; path: string };
    expect(body).toMatchObject({ status: 410, error: 'Gone', path: '/nacos/v1/ns/catalog/services' });
    expect(JSON.parse(body.message)).toEqual({
      code: 40000,
      message:
        'Current API will be deprecated, please use API(s) `GET ${contextPath:nacos}/v3/console/ns/service/list` instead, or set `nacos.core.api.compatibility.console.enabled=true` in application.properties.',
    });
  });

  it('answers an unknown path with Spring 404 JSON and a wrong method with 405', () => {
    const { ctx } = context('2.2');
    expect(JSON.parse(call(ctx, 'GET', '/nacos/v9/x').body)).toMatchObject({
      status: 404,
      path: '/nacos/v9/x',
    });
    expect(call(ctx, 'PATCH', '/nacos/v1/ns/instance/list').status).toBe(405);
  });
});

describe('v1 errors', () => {
  it('answers a missing parameter with 400 and the caused: text', () => {
    const { ctx } = context('2.2');
    const res = call(ctx, 'POST', '/nacos/v1/ns/instance', { serviceName: 's', port: '80' });
    expect(res).toMatchObject({ status: 400, body: "caused: Param 'ip' is required.;" });
  });

  it('takes `enable` when `enabled` is absent', () => {
    const { ctx } = context('2.2');
    call(ctx, 'POST', '/nacos/v1/ns/instance', {
      serviceName: 's',
      ip: '10.0.0.1',
      port: '80',
      enable: 'false',
    });
    expect(ctx.store.find({ service: 's', ip: '10.0.0.1', port: 80 })?.enabled).toBe(false);
  });

  it('answers a light beat for an unknown instance with code 20404', () => {
    const { ctx } = context('2.2');
    const res = call(ctx, 'PUT', '/nacos/v1/ns/instance/beat', {
      serviceName: 's',
      ip: '10.0.0.9',
      port: '1',
    });
    expect(JSON.parse(res.body)).toMatchObject({ code: 20404, clientBeatInterval: 5000 });
  });
});

describe('auth', () => {
  const auth = {
    users: [
      { username: 'nacos', password: 'pw' },
      { username: 'dev', password: 'pw', namespaces: ['dev'] },
    ],
    tokenTtlSeconds: 60,
  };

  function login(ctx: ReturnType<typeof context>['ctx'], username = 'nacos', password = 'pw') {
    return call(ctx, 'POST', '/nacos/v1/auth/login', { username, password });
  }

  it('issues a token with its TTL and a Bearer header', () => {
    const { ctx } = context('2.2', auth);
    const res = login(ctx);
    const body = JSON.parse(res.body) as { accessToken: string; tokenTtl: number; globalAdmin: boolean };
    expect(body).toMatchObject({ tokenTtl: 60, globalAdmin: true, username: 'nacos' });
    expect(res.headers?.Authorization).toBe(`Bearer ${body.accessToken}`);
  });

  it('answers with the server texts: user not found, token invalid, token expired, authorization failed', () => {
    const { ctx, clock } = context('2.2', auth);
    const list = { serviceName: 's', namespaceId: 'prod' };
    expect(login(ctx, 'nacos', 'wrong')).toMatchObject({ status: 403, body: AUTH_TEXT.userNotFound });
    expect(call(ctx, 'GET', '/nacos/v1/ns/instance/list', list)).toMatchObject({
      status: 403,
      body: AUTH_TEXT.userNotFound,
    });
    expect(call(ctx, 'GET', '/nacos/v1/ns/instance/list', { ...list, accessToken: 'a.b.c' }).body).toBe(
      AUTH_TEXT.tokenInvalid,
    );
    const token = (JSON.parse(login(ctx).body) as { accessToken: string }).accessToken;
    expect(call(ctx, 'GET', '/nacos/v1/ns/instance/list', { ...list, accessToken: token }).status).toBe(200);
    clock.advance(61_000);
    expect(
      call(ctx, 'GET', '/nacos/v1/ns/instance/list', {}, { authorization: `Bearer ${token}` }).body,
    ).toBe(AUTH_TEXT.tokenExpired);
    const devToken = (JSON.parse(login(ctx, 'dev').body) as { accessToken: string }).accessToken;
    expect(call(ctx, 'GET', '/nacos/v1/ns/instance/list', { ...list, accessToken: devToken }).body).toBe(
      AUTH_TEXT.authorizationFailed,
    );
  });

  it('accepts raw username and password parameters, as the Node client sends them', () => {
    const { ctx } = context('2.2', auth);
    expect(
      call(ctx, 'GET', '/nacos/v1/ns/instance/list', { serviceName: 's', username: 'nacos', password: 'pw' })
        .status,
    ).toBe(200);
  });

  it('makes earlier tokens invalid after revokeTokens()', () => {
    const { ctx } = context('3.1', auth);
    const token = (
      JSON.parse(
        call(ctx, 'POST', '/nacos/v3/auth/user/login', { username: 'nacos', password: 'pw' }).body,
      ) as { accessToken: string }
    ).accessToken;
    ctx.auth.revokeTokens();
    expect(call(ctx, 'GET', '/nacos/v3/admin/core/namespace/list', { accessToken: token }).body).toBe(
      AUTH_TEXT.tokenInvalid,
    );
  });
});
