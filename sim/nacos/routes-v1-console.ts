/**
 * v1 console and admin endpoints: the raw catalog (`catalog/services`, `catalog/instances`),
 * namespaces, server state, and instance update/detail. 3.0-3.1 disable them by default (410).
 */
import { ApiError, json, text, type SimRequest, type SimResponse } from './http-kit.js';
import { normaliseNamespace, splitServiceName, type SimService } from './model.js';
import { instanceRef, page, parseMetadata, type Route, type RouteContext } from './route.js';
import type { InstancePatch } from './store.js';
import { VERSION_TEXT } from './versions.js';
import { instanceJson, namespaceJson, serviceDetailJson, serviceViewJson } from './views.js';

/** Services matching the console's fuzzy group/service filters (substring match). */
export function filterServices(ctx: RouteContext, req: SimRequest, ignoreEmpty: boolean): SimService[] {
  const groupParam = req.optional('groupNameParam', '');
  const nameParam = req.optional('serviceNameParam', '');
  return ctx.store
    .servicesIn(normaliseNamespace(req.get('namespaceId')))
    .filter(
      (s) =>
        s.groupName.includes(groupParam) &&
        s.name.includes(nameParam) &&
        (!ignoreEmpty || s.instances.size > 0),
    );
}

function catalogServices(req: SimRequest, ctx: RouteContext): SimResponse {
  const pageNo = req.int('pageNo');
  const pageSize = req.int('pageSize');
  const services = filterServices(ctx, req, req.bool('hasIpCount', false));
  if (req.bool('withInstances', false)) {
    return json(page(services, pageNo, pageSize).map((s) => serviceDetailJson(s, ctx.version)));
  }
  return json({ count: services.length, serviceList: page(services, pageNo, pageSize).map(serviceViewJson) });
}

function catalogInstances(req: SimRequest, ctx: RouteContext): SimResponse {
  const { group, service } = splitServiceName(req.required('serviceName'));
  const cluster = req.required('clusterName');
  const svc = ctx.store.service(req.get('namespaceId'), group, service);
  if (!svc) throw new ApiError(404, `service ${group}@@${service} is not found!`);
  const all = [...svc.instances.values()].filter((i) => i.clusterName === cluster);
  const items = page(all, req.int('pageNo'), req.int('pageSize'));
  return json({ list: items.map((i) => instanceJson(i, svc, ctx.version)), count: all.length });
}

/** The fields an update request carries (only those present are changed). */
export function patchFrom(req: SimRequest): InstancePatch {
  const patch: InstancePatch = {};
  const weight = req.get('weight');
  if (weight !== undefined && weight !== '') patch.weight = Number(weight);
  const enabled = req.get('enabled') ?? req.get('enable');
  if (enabled !== undefined && enabled !== '') patch.enabled = enabled.toLowerCase() === 'true';
  const healthy = req.get('healthy');
  if (healthy !== undefined && healthy !== '') patch.healthy = healthy.toLowerCase() === 'true';
  if (req.get('metadata') !== undefined) patch.metadata = parseMetadata(req.get('metadata'));
  return patch;
}

/** Applies an update; 400 `instance not exist` when the instance is unknown. */
export function updateInstance(req: SimRequest, ctx: RouteContext): void {
  const ref = instanceRef(req);
  if (!ctx.store.update(ref, patchFrom(req))) {
    throw new ApiError(400, `instance not exist: ${ref.ip}:${ref.port} in ${ref.service}`);
  }
}

function instanceDetail(req: SimRequest, ctx: RouteContext): SimResponse {
  const ref = instanceRef(req);
  const inst = ctx.store.find(ref);
  const svc = ctx.store.service(ref.namespaceId, ref.group, ref.service);
  if (!inst || !svc) throw new ApiError(404, 'no matched ip found!');
  return json({ ...instanceJson(inst, svc, ctx.version), service: `${svc.groupName}@@${svc.name}` });
}

/** Server state (version, mode, auth), unauthenticated as on the real console. */
export function serverState(ctx: RouteContext): Record<string, unknown> {
  return {
    version: VERSION_TEXT[ctx.version],
    standalone_mode: 'standalone',
    function_mode: null,
    auth_enabled: String(ctx.auth.enabled),
    login_page_enabled: String(ctx.auth.enabled),
  };
}

const CONSOLE_NS = 'GET ${contextPath:nacos}/v3/console/ns';

/** The v1 console and admin routes. */
export const v1ConsoleRoutes: Route[] = [
  {
    method: 'GET',
    path: '/nacos/v1/ns/catalog/services',
    family: 'v1-console',
    alternative: `${CONSOLE_NS}/service/list`,
    handle: catalogServices,
  },
  {
    method: 'GET',
    path: '/nacos/v1/ns/catalog/instances',
    family: 'v1-console',
    alternative: `${CONSOLE_NS}/instance/list`,
    handle: catalogInstances,
  },
  {
    method: 'GET',
    path: '/nacos/v1/console/namespaces',
    family: 'v1-console',
    secured: false,
    alternative: 'GET ${contextPath:nacos}/v3/console/core/namespace/list',
    handle: (_req, ctx) =>
      json({
        code: 200,
        message: null,
        data: ctx.store.namespaces().map((n) => namespaceJson(n, ctx.version)),
      }),
  },
  {
    method: 'GET',
    path: '/nacos/v1/console/server/state',
    family: 'v1-console',
    secured: false,
    alternative: 'GET ${contextPath:nacos}/v3/console/server/state',
    handle: (_req, ctx) => json(serverState(ctx)),
  },
  {
    method: 'PUT',
    path: '/nacos/v1/ns/instance',
    family: 'v1-admin',
    alternative: 'PUT ${contextPath:nacos}/v3/admin/ns/instance',
    handle(req, ctx) {
      updateInstance(req, ctx);
      return text('ok');
    },
  },
  {
    method: 'GET',
    path: '/nacos/v1/ns/instance',
    family: 'v1-admin',
    alternative: 'GET ${contextPath:nacos}/v3/admin/ns/instance',
    handle: instanceDetail,
  },
];
