/** What a simulator endpoint is: method, path, API family (for version gates) and a handler. */
import type { SimAuth } from './auth.js';
import { ApiError, type SimRequest, type SimResponse } from './http-kit.js';
import { normaliseNamespace, type NacosVersion } from './model.js';
import type { RegisterInput } from './store.js';
import type { NacosStore } from './store.js';
import type { ApiFamily } from './versions.js';

/** Everything a handler may use. */
export interface RouteContext {
  store: NacosStore;
  auth: SimAuth;
  version: NacosVersion;
  /** `cacheMillis` told to clients (how often they poll instance lists). */
  cacheMillis: number;
  /** Start time of the simulator, for operator metrics. */
  startedAt: number;
}

/** One endpoint. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  family: ApiFamily;
  /** Needs an identity when auth is on. @default true */
  secured?: boolean;
  /** Not about one namespace (namespace lists), so namespace permissions do not apply. @default false */
  global?: boolean;
  /** The replacement named in the 3.x compatibility message (`GET ${contextPath:nacos}/v3/...`). */
  alternative?: string;
  handle(req: SimRequest, ctx: RouteContext): SimResponse;
}

/** Parses instance metadata given as JSON or as `k=v,k2=v2`. */
export function parseMetadata(raw: string | undefined): Record<string, string> {
  if (raw === undefined || raw.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.fromEntries(
        Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      );
    }
  } catch {
    // not JSON: fall through to the k=v form the server also accepts
  }
  const out: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ApiError(400, `metadata format incorrect:${raw}`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function port(req: SimRequest): number {
  const p = req.int('port');
  if (p < 0 || p > 65535) throw new ApiError(400, `Param 'port' out of range: ${p}`);
  return p;
}

function weight(req: SimRequest): number {
  const w = Number(req.optional('weight', '1'));
  if (!Number.isFinite(w) || w < 0 || w > 10000)
    throw new ApiError(400, `instance format invalid: weight ${w}`);
  return w;
}

/**
 * A registration from request parameters. v1 accepts `enable` when `enabled` is absent (the
 * official Node client sends `enable`), and `cluster` when `clusterName` is absent.
 */
export function registerInput(req: SimRequest): RegisterInput {
  const enabledRaw = req.get('enabled') ?? req.get('enable');
  return {
    namespaceId: normaliseNamespace(req.get('namespaceId')),
    group: req.optional('groupName', ''),
    service: req.required('serviceName'),
    ip: req.required('ip'),
    port: port(req),
    cluster: req.optional('clusterName', req.optional('cluster', '')),
    weight: weight(req),
    healthy: req.bool('healthy', true),
    enabled: enabledRaw === undefined || enabledRaw === '' ? true : enabledRaw.toLowerCase() === 'true',
    ephemeral: req.bool('ephemeral', true),
    metadata: parseMetadata(req.get('metadata')),
  };
}

/** The instance a request names (for deregister and updates). */
export function instanceRef(req: SimRequest): RegisterInput {
  return {
    namespaceId: normaliseNamespace(req.get('namespaceId')),
    group: req.optional('groupName', ''),
    service: req.required('serviceName'),
    ip: req.required('ip'),
    port: port(req),
    cluster: req.optional('clusterName', req.optional('cluster', '')),
  };
}

/** Slices one page (1-based) out of a list. */
export function page<T>(items: readonly T[], pageNo: number, pageSize: number): T[] {
  const start = Math.max(0, (pageNo - 1) * pageSize);
  return items.slice(start, start + Math.max(0, pageSize));
}
