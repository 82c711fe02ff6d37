/**
 * The v1 naming endpoints clients use (OPEN_API in 3.0-3.1): register, deregister, beat,
 * instance list, service list, operator metrics.
 */
import { ApiError, json, text, type SimRequest, type SimResponse } from './http-kit.js';
import {
  DEFAULT_CLUSTER,
  DEFAULT_GROUP,
  BEAT_INTERVAL_MS,
  beatTimings,
  groupedName,
  normaliseNamespace,
  splitServiceName,
} from './model.js';
import { instanceRef, page, parseMetadata, registerInput, type Route, type RouteContext } from './route.js';
import type { BeatBody } from './store.js';
import { serviceInfoJson } from './views.js';

const BASE = '/nacos/v1/ns';
const OK_CODE = 10200;
const NOT_FOUND_CODE = 20404;

function parseBeat(raw: string | undefined): BeatBody | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let beat: Record<string, unknown>;
  try {
    beat = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new ApiError(400, `beat format incorrect: ${raw}`);
  }
  const port = Number(beat.port);
  if (typeof beat.ip !== 'string' || !Number.isInteger(port))
    throw new ApiError(400, 'beat must carry ip and port');
  const meta = beat.metadata && typeof beat.metadata === 'object' ? JSON.stringify(beat.metadata) : undefined;
  return {
    ip: beat.ip,
    port,
    cluster: typeof beat.cluster === 'string' && beat.cluster !== '' ? beat.cluster : DEFAULT_CLUSTER,
    ...(typeof beat.serviceName === 'string' ? { serviceName: beat.serviceName } : {}),
    ...(typeof beat.weight === 'number' ? { weight: beat.weight } : {}),
    ...(meta === undefined ? {} : { metadata: parseMetadata(meta) }),
  };
}

/** Handles a beat (v1 and v2 share it). */
export function handleBeat(req: SimRequest, ctx: RouteContext): Record<string, unknown> {
  const body = parseBeat(req.get('beat'));
  const serviceName = req.required('serviceName');
  const ip = req.get('ip');
  const lightRef =
    ip === undefined
      ? undefined
      : { ip, port: req.int('port', 0), cluster: req.optional('clusterName', DEFAULT_CLUSTER) };
  const { instance } = ctx.store.beat(
    req.get('namespaceId'),
    serviceName,
    req.optional('groupName', ''),
    body,
    lightRef,
  );
  return {
    clientBeatInterval: instance ? beatTimings(instance.metadata).interval : BEAT_INTERVAL_MS,
    code: instance ? OK_CODE : NOT_FOUND_CODE,
    lightBeatEnabled: true,
  };
}

/** Answers a client instance list (v1 `instance/list`, v2 `instance/list`). */
export function clientList(req: SimRequest, ctx: RouteContext, clustersKey: string): Record<string, unknown> {
  const { group, service } = splitServiceName(req.required('serviceName'), req.optional('groupName', ''));
  const svc = ctx.store.service(req.get('namespaceId'), group, service);
  return serviceInfoJson(
    svc,
    {
      name: groupedName(group, service),
      groupName: group,
      clustersParam: req.get(clustersKey) ?? '',
      healthyOnly: req.bool('healthyOnly', false),
      cacheMillis: ctx.cacheMillis,
    },
    ctx.version,
  );
}

/** Operator metrics (status only unless `onlyStatus=false`). */
export function metrics(req: SimRequest, ctx: RouteContext): Record<string, unknown> {
  if (req.bool('onlyStatus', true)) return { status: 'UP' };
  const c = ctx.store.counts();
  return {
    status: 'UP',
    serviceCount: c.services,
    instanceCount: c.instances,
    subscribeCount: 0,
    responsibleInstanceCount: c.instances,
    clientCount: c.instances,
    connectionBasedClientCount: 0,
    ephemeralIpPortClientCount: c.instances,
    persistentIpPortClientCount: 0,
    responsibleClientCount: c.instances,
    cpu: 0,
    load: 0,
    mem: 0,
  };
}

function serviceList(req: SimRequest, ctx: RouteContext): SimResponse {
  const pageNo = req.int('pageNo');
  const pageSize = req.int('pageSize');
  const group = req.optional('groupName', DEFAULT_GROUP);
  const names = ctx.store
    .servicesIn(normaliseNamespace(req.get('namespaceId')))
    .filter((s) => s.groupName === group)
    .map((s) => s.name);
  return json({ count: names.length, doms: page(names, pageNo, pageSize) });
}

/** The v1 client routes. */
export const v1OpenRoutes: Route[] = [
  {
    method: 'POST',
    path: `${BASE}/instance`,
    family: 'v1-open',
    handle(req, ctx) {
      ctx.store.register(registerInput(req));
      return text('ok');
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/instance`,
    family: 'v1-open',
    handle(req, ctx) {
      ctx.store.deregister(instanceRef(req));
      return text('ok');
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/instance/beat`,
    family: 'v1-open',
    handle: (req, ctx) => json(handleBeat(req, ctx)),
  },
  {
    method: 'GET',
    path: `${BASE}/instance/list`,
    family: 'v1-open',
    handle: (req, ctx) => json(clientList(req, ctx, 'clusters')),
  },
  { method: 'GET', path: `${BASE}/service/list`, family: 'v1-open', handle: serviceList },
  {
    method: 'GET',
    path: `${BASE}/operator/metrics`,
    family: 'v1-open',
    handle: (req, ctx) => json(metrics(req, ctx)),
  },
];
