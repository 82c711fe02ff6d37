/**
 * Streaming pod subresources (exec, attach, portforward, log): the pod must exist, then the pod
 * runtime gets the request. Without a runtime that takes it, the answer is a 501 Status (over a
 * raw socket for upgrade requests, which kubectl then reports as an upgrade failure).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { badRequest, notImplemented } from '../api-error.js';
import type { StreamKind, StreamRequest } from '../runtime.js';
import type { Pod } from '../types.js';
import type { ApiContext } from './context.js';
import type { RequestInfo } from './request-info.js';
import { toApiError } from './respond.js';

const STREAMS = new Set<StreamKind>(['exec', 'attach', 'portforward', 'log']);

/** True for a pods/<stream> request. */
export function isStreamRequest(ri: RequestInfo): boolean {
  return ri.info.kind === 'Pod' && STREAMS.has(ri.subresource as StreamKind);
}

function streamRequest(ctx: ApiContext, ri: RequestInfo, url: URL, user: string): StreamRequest {
  const pod = ctx.registry.get(ri.info, ri.namespace, ri.name ?? '') as Pod;
  return { kind: ri.subresource as StreamKind, pod, query: url.searchParams, user };
}

/** A non-upgrade stream request (logs, or exec without an upgrade). */
export function serveStreamHttp(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  ri: RequestInfo,
  url: URL,
  user: string,
): void {
  const request = streamRequest(ctx, ri, url, user);
  if (ctx.runtime.serveHttp?.(request, req, res)) return;
  if (request.kind !== 'log') throw badRequest('Upgrade request required');
  throw notImplemented(`pods/${request.kind}`);
}

/** An upgrade (WebSocket or SPDY) stream request. */
export function serveStreamUpgrade(
  ctx: ApiContext,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ri: RequestInfo,
  url: URL,
  user: string,
): void {
  const request = streamRequest(ctx, ri, url, user);
  if (ctx.runtime.serveUpgrade?.(request, req, socket, head)) return;
  throw notImplemented(`pods/${request.kind}`);
}

/** Answers an upgrade request with a plain HTTP Status error and closes the socket. */
export function writeSocketError(socket: Duplex, err: unknown): void {
  const apiError = toApiError(err);
  const body = JSON.stringify(apiError.status);
  const head = [
    `HTTP/1.1 ${apiError.code} ${STATUS_CODES[apiError.code] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  socket.end(head + body);
}
