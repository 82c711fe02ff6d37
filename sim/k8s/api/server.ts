/**
 * The HTTP front of the simulator: discovery, health, resource routing, authentication,
 * denials, content negotiation, and upgrade requests for streaming subresources.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { methodNotAllowed, unknownPath } from '../api-error.js';
import { authenticate } from '../auth.js';
import { scaleOf } from '../registry/scale.js';
import type { ApiContext } from './context.js';
import { discoveryDocument } from './discovery.js';
import { handleGet, handleList, handleWatch } from './handlers-read.js';
import {
  handleCreate,
  handleDelete,
  handleDeleteCollection,
  handlePatch,
  handleUpdate,
} from './handlers-write.js';
import { negotiate } from './negotiate.js';
import { parseRequestInfo, type RequestInfo } from './request-info.js';
import { writeBody, writeError } from './respond.js';
import { isStreamRequest, serveStreamHttp, serveStreamUpgrade, writeSocketError } from './streams.js';

const HEALTH = new Set(['/healthz', '/livez', '/readyz']);

function authorize(ctx: ApiContext, user: string, ri: RequestInfo): void {
  const verbs: string[] = [ri.verb];
  // Streaming subresources over a GET upgrade also need create (AuthorizePodWebsocketUpgradeCreatePermission).
  if (isStreamRequest(ri) && ri.subresource !== 'log' && ri.verb === 'get') verbs.push('create');
  for (const verb of verbs) {
    const denied = ctx.denials.check({
      user,
      verb,
      resource: ri.info.resource,
      group: ri.info.group,
      namespace: ri.namespace ?? '',
      ...(ri.subresource !== undefined ? { subresource: ri.subresource } : {}),
      ...(ri.name !== undefined ? { name: ri.name } : {}),
    });
    if (denied) throw denied;
  }
}

function serveNonResource(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  if (HEALTH.has(url.pathname)) {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('ok');
    return true;
  }
  if (url.pathname.startsWith('/openapi/')) throw unknownPath();
  const host = req.headers.host ?? '127.0.0.1';
  const doc = discoveryDocument(url.pathname, ctx.version, host);
  if (doc === undefined) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed();
  if (doc === null) throw unknownPath();
  writeBody(res, 200, doc, { format: 'json' });
  return true;
}

async function dispatch(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (serveNonResource(ctx, req, res, url)) return;
  const ri = parseRequestInfo(req.method ?? 'GET', url);
  if (!ri) throw unknownPath();
  const user = authenticate(req.headers.authorization);
  authorize(ctx, user, ri);
  if (isStreamRequest(ri)) {
    serveStreamHttp(ctx, req, res, ri, url, user);
    return;
  }
  const reading = ri.verb === 'get' || ri.verb === 'list' || ri.verb === 'watch';
  const negotiated = negotiate(
    req.headers.accept,
    reading || ri.verb === 'create' || ri.verb === 'update' || ri.verb === 'patch',
  );
  const query = url.searchParams;
  switch (ri.verb) {
    case 'get':
      if (
        ri.subresource === 'scale' ||
        ri.subresource === 'status' ||
        ri.subresource === 'ephemeralcontainers'
      ) {
        // Reads of writable subresources return the object (scale: its Scale view).
        const obj = ctx.registry.get(ri.info, ri.namespace, ri.name ?? '');
        writeBody(res, 200, ri.subresource === 'scale' ? scaleOf(obj) : obj, {
          format: negotiated.format === 'yaml' ? 'yaml' : 'json',
        });
        return;
      }
      if (ri.subresource !== undefined) throw unknownPath();
      return handleGet(ctx, res, ri, negotiated, query);
    case 'list':
      return handleList(ctx, res, ri, negotiated, query);
    case 'watch':
      return handleWatch(ctx, req, res, ri, negotiated, query);
    case 'create':
      return handleCreate(ctx, req, res, ri, negotiated, query);
    case 'update':
      return handleUpdate(ctx, req, res, ri, negotiated, query);
    case 'patch':
      return handlePatch(ctx, req, res, ri, negotiated, query);
    case 'delete':
      return handleDelete(ctx, req, res, ri, negotiated, query);
    case 'deletecollection':
      return handleDeleteCollection(ctx, req, res, ri, query);
  }
}

function onUpgrade(ctx: ApiContext, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ri = parseRequestInfo(req.method ?? 'GET', url);
    if (!ri || !isStreamRequest(ri)) throw unknownPath();
    const user = authenticate(req.headers.authorization);
    authorize(ctx, user, ri);
    serveStreamUpgrade(ctx, req, socket, head, ri, url, user);
  } catch (e) {
    writeSocketError(socket, e);
  }
}

/** Creates (does not start) the API server; HTTPS when given a certificate and key. */
export function createApiServer(ctx: ApiContext, tls?: { cert: string; key: string }): Server {
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    dispatch(ctx, req, res, url).catch((e: unknown) => writeError(res, e));
  };
  const server: Server = tls ? createTlsServer(tls, handler) : createServer(handler);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    onUpgrade(ctx, req, socket, head),
  );
  return server;
}
