/**
 * The simulator's HTTP server: parses requests (query and form parameters), applies faults,
 * version gates (404/410), authentication (403 with the server's texts) and namespace
 * permissions, then runs the endpoint and renders its failures as the API family does.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AUTH_TEXT } from './auth.js';
import type { SimFaults } from './faults.js';
import {
  ApiError,
  SimRequest,
  resultFailure,
  springError,
  text,
  v1Failure,
  type SimResponse,
} from './http-kit.js';
import { normaliseNamespace } from './model.js';
import type { Route, RouteContext } from './route.js';
import { authRoutes } from './routes-auth.js';
import { v1ConsoleRoutes } from './routes-v1-console.js';
import { v1OpenRoutes } from './routes-v1-open.js';
import { v2Routes } from './routes-v2.js';
import { v3Routes } from './routes-v3.js';
import { gateFor } from './versions.js';

const MAX_BODY = 1 << 20;
const ROUTES: Route[] = [...v1OpenRoutes, ...v1ConsoleRoutes, ...authRoutes, ...v2Routes, ...v3Routes];
const BY_PATH = new Map<string, Route[]>();
for (const r of ROUTES) BY_PATH.set(r.path, [...(BY_PATH.get(r.path) ?? []), r]);

/** Requests seen, per path, and how many were in flight at most. */
export class SimStats {
  requests = 0;
  inFlight = 0;
  peakInFlight = 0;
  readonly byPath = new Map<string, number>();

  count(path: string): void {
    this.requests++;
    this.byPath.set(path, (this.byPath.get(path) ?? 0) + 1);
  }

  enter(): void {
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
  }

  leave(): void {
    this.inFlight--;
  }

  reset(): void {
    this.requests = 0;
    this.peakInFlight = this.inFlight;
    this.byPath.clear();
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new ApiError(413, 'request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function parse(req: IncomingMessage): Promise<SimRequest> {
  const url = new URL(req.url ?? '/', 'http://sim');
  const params = new URLSearchParams(url.search);
  const hasBody =
    req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  const body = hasBody ? await readBody(req) : '';
  if (body !== '' && (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body)) if (!params.has(k)) params.set(k, v);
  }
  return new SimRequest(req.method ?? 'GET', url.pathname.replace(/\/+$/, '') || '/', params, req.headers);
}

function authorize(route: Route, req: SimRequest, ctx: RouteContext): SimResponse | undefined {
  if (!ctx.auth.enabled || route.secured === false) return undefined;
  const who = ctx.auth.identify({
    authorization: req.header('authorization'),
    accessToken: req.get('accessToken') ?? req.header('accessToken'),
    username: req.get('username'),
    password: req.get('password'),
  });
  if (typeof who === 'string') return text(who, 403);
  if (route.global !== true && !ctx.auth.allows(who, normaliseNamespace(req.get('namespaceId')))) {
    return text(AUTH_TEXT.authorizationFailed, 403);
  }
  return undefined;
}

function gate(route: Route, req: SimRequest, ctx: RouteContext): SimResponse | undefined {
  const g = gateFor(ctx.version, route.family);
  if (g.kind === 'ok') return undefined;
  if (g.kind === 'missing') return springError(404, req.path, undefined, ctx.store.now());
  const message = route.alternative
    ? `Current API will be deprecated, please use API(s) \`${route.alternative}\` instead, or set \`${g.switchName}=true\` in application.properties.`
    : `Current API will be deprecated, If wanted continue to use, please set \`${g.switchName}=true\` in application.properties.`;
  return springError(410, req.path, JSON.stringify({ code: 40000, message }), ctx.store.now());
}

function run(route: Route, req: SimRequest, ctx: RouteContext): SimResponse {
  try {
    return route.handle(req, ctx);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return route.family.startsWith('v1')
      ? v1Failure(err)
      : resultFailure(err.status, err.resultCode, err.message);
  }
}

/** Routes a parsed request to its answer. */
export function dispatch(req: SimRequest, ctx: RouteContext): SimResponse {
  const samePath = BY_PATH.get(req.path) ?? [];
  if (samePath.length === 0) return springError(404, req.path, undefined, ctx.store.now());
  const route = samePath.find((r) => r.method === req.method);
  if (!route) {
    return springError(405, req.path, `Request method '${req.method}' is not supported`, ctx.store.now());
  }
  return gate(route, req, ctx) ?? authorize(route, req, ctx) ?? run(route, req, ctx);
}

function send(res: ServerResponse, answer: SimResponse): void {
  res.writeHead(answer.status, {
    'Content-Type': answer.contentType,
    'Content-Length': Buffer.byteLength(answer.body),
    ...answer.headers,
  });
  res.end(answer.body);
}

async function serve(
  raw: IncomingMessage,
  res: ServerResponse,
  ctx: RouteContext,
  faults: SimFaults,
  stats: SimStats,
): Promise<void> {
  const req = await parse(raw);
  stats.count(req.path);
  const fault = faults.take(req.path, normaliseNamespace(req.get('namespaceId')));
  if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs).unref());
  if (fault?.drop) {
    res.destroy();
    return;
  }
  if (fault?.status !== undefined) {
    send(res, text(fault.body ?? 'simulated failure', fault.status));
    return;
  }
  send(res, dispatch(req, ctx));
}

/** An HTTP server answering as a Nacos server of `ctx.version`. */
export function createNacosHttpServer(ctx: RouteContext, faults: SimFaults, stats: SimStats): Server {
  return createServer((raw, res) => {
    stats.enter();
    res.once('close', () => stats.leave());
    serve(raw, res, ctx, faults, stats).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const status = err instanceof ApiError ? err.status : 500;
      send(res, text(`caused: ${err instanceof Error ? err.message : String(err)};`, status));
    });
  });
}
