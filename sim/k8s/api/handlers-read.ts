/** GET of one object, LIST and WATCH, as JSON, YAML or server-side Tables. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiVersionOf } from '../resources.js';
import { buildTable, parseIncludeObject } from '../tables/table.js';
import type { KubeObject } from '../types.js';
import type { ApiContext } from './context.js';
import { parseLimit } from './list.js';
import type { Negotiated } from './negotiate.js';
import type { RequestInfo } from './request-info.js';
import { listJson, objectJson, writeBody } from './respond.js';
import { queryFilter } from './selectors.js';
import { WatchEncoder } from './watch-events.js';

function tableOptions(ctx: ApiContext, negotiated: Negotiated, query: URLSearchParams, noHeaders = false) {
  return {
    now: ctx.clock.now(),
    includeObject: parseIncludeObject(query.get('includeObject')),
    noHeaders: noHeaders || query.get('noHeaders') === 'true',
    apiVersion: negotiated.format === 'table' ? negotiated.tableApiVersion : 'meta.k8s.io/v1',
  };
}

/** Writes one object in the negotiated format. */
export function writeObject(
  ctx: ApiContext,
  res: ServerResponse,
  code: number,
  obj: KubeObject,
  negotiated: Negotiated,
  query: URLSearchParams,
): void {
  const pretty = query.get('pretty') === 'true';
  if (negotiated.format === 'table') {
    const table = buildTable(
      obj.kind,
      [obj],
      { resourceVersion: obj.metadata.resourceVersion ?? '' },
      tableOptions(ctx, negotiated, query),
    );
    writeBody(res, code, table, { format: 'json', pretty });
  } else {
    writeBody(res, code, objectJson(obj), { format: negotiated.format, pretty });
  }
}

/** GET of one object. */
export function handleGet(
  ctx: ApiContext,
  res: ServerResponse,
  ri: RequestInfo,
  negotiated: Negotiated,
  query: URLSearchParams,
): void {
  const obj = ctx.registry.get(ri.info, ri.namespace, ri.name ?? '');
  writeObject(ctx, res, 200, obj, negotiated, query);
}

/** LIST, chunked by limit/continue. */
export function handleList(
  ctx: ApiContext,
  res: ServerResponse,
  ri: RequestInfo,
  negotiated: Negotiated,
  query: URLSearchParams,
): void {
  const filter = queryFilter(ri.info, query, ri.namespace);
  const page = ctx.lister.list(ri.info, filter, parseLimit(query.get('limit')), query.get('continue'));
  const pretty = query.get('pretty') === 'true';
  if (negotiated.format === 'table') {
    const table = buildTable(ri.info.kind, page.items, page.metadata, tableOptions(ctx, negotiated, query));
    writeBody(res, 200, table, { format: 'json', pretty });
    return;
  }
  const body = listJson(`${ri.info.kind}List`, apiVersionOf(ri.info), page.metadata, page.items);
  writeBody(res, 200, body, { format: negotiated.format, pretty });
}

/** WATCH, streamed until timeout, client close or a drop. */
export function handleWatch(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  ri: RequestInfo,
  negotiated: Negotiated,
  query: URLSearchParams,
): void {
  const filter = queryFilter(ri.info, query, ri.namespace);
  const encoder =
    negotiated.format === 'table'
      ? new WatchEncoder({
          apiVersion: negotiated.tableApiVersion,
          includeObject: parseIncludeObject(query.get('includeObject')),
          now: () => ctx.clock.now(),
        })
      : new WatchEncoder();
  ctx.watches.serve(req, res, ri.info, filter, query, encoder);
}
