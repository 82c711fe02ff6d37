/**
 * v2 naming API (2.2 to 2.5; 410 in 3.0-3.1): instance writes and beat, client instance list and
 * service list, operator metrics, namespaces, all in the `Result` envelope.
 */
import { result, type SimRequest } from './http-kit.js';
import { DEFAULT_GROUP, normaliseNamespace } from './model.js';
import { instanceRef, page, registerInput, type Route, type RouteContext } from './route.js';
import { updateInstance } from './routes-v1-console.js';
import { clientList, handleBeat, metrics } from './routes-v1-open.js';
import { namespaceJson } from './views.js';

const BASE = '/nacos/v2/ns';
const ADMIN = '${contextPath:nacos}/v3/admin/ns';

function serviceList(req: SimRequest, ctx: RouteContext): unknown {
  const group = req.optional('groupName', DEFAULT_GROUP);
  const names = ctx.store
    .servicesIn(normaliseNamespace(req.get('namespaceId')))
    .filter((s) => s.groupName === group)
    .map((s) => s.name);
  return {
    count: names.length,
    services: page(names, req.int('pageNo', 1), Math.min(500, req.int('pageSize', 20))),
  };
}

/** The v2 routes. */
export const v2Routes: Route[] = [
  {
    method: 'POST',
    path: `${BASE}/instance`,
    family: 'v2',
    alternative: `POST ${ADMIN}/instance`,
    handle(req, ctx) {
      ctx.store.register(registerInput(req));
      return result('ok');
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/instance`,
    family: 'v2',
    alternative: `PUT ${ADMIN}/instance`,
    handle(req, ctx) {
      updateInstance(req, ctx);
      return result('ok');
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/instance`,
    family: 'v2',
    alternative: `DELETE ${ADMIN}/instance`,
    handle(req, ctx) {
      ctx.store.deregister(instanceRef(req));
      return result('ok');
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/instance/beat`,
    family: 'v2',
    alternative: `PUT ${ADMIN}/instance`,
    handle: (req, ctx) => result(handleBeat(req, ctx)),
  },
  {
    method: 'GET',
    path: `${BASE}/instance/list`,
    family: 'v2',
    alternative: `GET ${ADMIN}/instance/list`,
    handle: (req, ctx) => result(clientList(req, ctx, 'clusterName')),
  },
  {
    method: 'GET',
    path: `${BASE}/service/list`,
    family: 'v2',
    alternative: `GET ${ADMIN}/service/list`,
    handle: (req, ctx) => result(serviceList(req, ctx)),
  },
  {
    method: 'GET',
    path: `${BASE}/operator/metrics`,
    family: 'v2',
    alternative: `GET ${ADMIN}/ops/metrics`,
    handle: (req, ctx) => result(metrics(req, ctx)),
  },
  {
    method: 'GET',
    path: '/nacos/v2/console/namespace/list',
    global: true,
    family: 'v2-console',
    alternative: 'GET ${contextPath:nacos}/v3/console/core/namespace/list',
    handle: (_req, ctx) => result(ctx.store.namespaces().map((n) => namespaceJson(n, ctx.version))),
  },
];
