/**
 * v3 API (3.0+): admin namespaces, state, service list with instances, raw instance list and
 * instance writes; the client instance API; all in the `Result` envelope.
 */
import { ApiError, result, type SimRequest } from './http-kit.js';
import { normaliseNamespace, splitServiceName } from './model.js';
import { instanceRef, page, registerInput, type Route, type RouteContext } from './route.js';
import { filterServices, serverState, updateInstance } from './routes-v1-console.js';
import {
  namespaceJson,
  instanceJson,
  selectClientHosts,
  serviceDetailJson,
  serviceViewJson,
} from './views.js';

const ADMIN = '/nacos/v3/admin/ns';
/** Largest page the v3 list endpoints accept. */
export const V3_MAX_PAGE_SIZE = 500;

function serviceList(req: SimRequest, ctx: RouteContext): unknown {
  const pageNo = req.int('pageNo', 1);
  const pageSize = req.int('pageSize', 100);
  if (pageNo < 1 || pageSize < 1 || pageSize > V3_MAX_PAGE_SIZE) {
    throw new ApiError(400, `pageNo must be >= 1 and pageSize between 1 and ${V3_MAX_PAGE_SIZE}`, 10000);
  }
  const services = filterServices(ctx, req, req.bool('ignoreEmptyService', true));
  const withInstances = req.bool('withInstances', false);
  return {
    totalCount: services.length,
    pageNumber: pageNo,
    pagesAvailable: Math.ceil(services.length / pageSize),
    pageItems: page(services, pageNo, pageSize).map((s) =>
      withInstances ? serviceDetailJson(s, ctx.version) : serviceViewJson(s),
    ),
  };
}

function instanceList(req: SimRequest, ctx: RouteContext): unknown {
  const { group, service } = splitServiceName(req.required('serviceName'), req.optional('groupName', ''));
  const svc = ctx.store.service(req.get('namespaceId'), group, service);
  if (!svc)
    throw new ApiError(
      404,
      `service not found, namespace: ${normaliseNamespace(req.get('namespaceId'))}, serviceName: ${group}@@${service}`,
      20004,
    );
  const cluster = req.optional('clusterName', '');
  const healthyOnly = req.bool('healthyOnly', false);
  return [...svc.instances.values()]
    .filter((i) => (cluster === '' || i.clusterName === cluster) && (!healthyOnly || i.healthy))
    .map((i) => instanceJson(i, svc, ctx.version));
}

function clientInstances(req: SimRequest, ctx: RouteContext): unknown {
  const { group, service } = splitServiceName(req.required('serviceName'), req.optional('groupName', ''));
  const svc = ctx.store.service(req.get('namespaceId'), group, service);
  const { hosts } = selectClientHosts(svc, req.optional('clusterName', ''), req.bool('healthyOnly', false));
  return svc ? hosts.map((h) => instanceJson(h, svc, ctx.version)) : [];
}

function write(kind: 'register' | 'update' | 'deregister') {
  return (req: SimRequest, ctx: RouteContext) => {
    if (kind === 'register') ctx.store.register(registerInput(req));
    else if (kind === 'update') updateInstance(req, ctx);
    else ctx.store.deregister(instanceRef(req));
    return result('ok');
  };
}

/** The v3 routes. */
export const v3Routes: Route[] = [
  {
    method: 'GET',
    path: '/nacos/v3/admin/core/namespace/list',
    global: true,
    family: 'v3-admin',
    handle: (_req, ctx) => result(ctx.store.namespaces().map((n) => namespaceJson(n, ctx.version))),
  },
  {
    method: 'GET',
    path: '/nacos/v3/admin/core/state',
    family: 'v3-admin',
    secured: false,
    handle: (_req, ctx) => result(serverState(ctx)),
  },
  {
    method: 'GET',
    path: `${ADMIN}/service/list`,
    family: 'v3-admin',
    handle: (r, c) => result(serviceList(r, c)),
  },
  {
    method: 'GET',
    path: `${ADMIN}/instance/list`,
    family: 'v3-admin',
    handle: (r, c) => result(instanceList(r, c)),
  },
  { method: 'POST', path: `${ADMIN}/instance`, family: 'v3-admin', handle: write('register') },
  { method: 'PUT', path: `${ADMIN}/instance`, family: 'v3-admin', handle: write('update') },
  { method: 'PUT', path: `${ADMIN}/instance/partial`, family: 'v3-admin', handle: write('update') },
  { method: 'DELETE', path: `${ADMIN}/instance`, family: 'v3-admin', handle: write('deregister') },
  {
    method: 'POST',
    path: '/nacos/v3/client/ns/instance',
    family: 'v3-client',
    handle(req, ctx) {
      if (req.bool('heartBeat', false)) {
        const ref = instanceRef(req);
        ctx.store.beat(ref.namespaceId, ref.service, ref.group, undefined, ref);
        return result('ok');
      }
      return write('register')(req, ctx);
    },
  },
  {
    method: 'DELETE',
    path: '/nacos/v3/client/ns/instance',
    family: 'v3-client',
    handle: write('deregister'),
  },
  {
    method: 'GET',
    path: '/nacos/v3/client/ns/instance/list',
    family: 'v3-client',
    handle: (r, c) => result(clientInstances(r, c)),
  },
];
