/** POST, PUT, PATCH, DELETE and DELETE-collection on resources and their writable subresources. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, methodNotAllowed, unsupportedPatchType } from '../api-error.js';
import { deleteObject, type DeleteOptions, type DeleteResult } from '../registry/deletion.js';
import { PATCH_CONTENT_TYPES, type PatchType, type WriteOptions } from '../registry/registry.js';
import { patchScale, updateScale } from '../registry/scale.js';
import type { WriteSubresource } from '../registry/strategy.js';
import { apiVersionOf } from '../resources.js';
import { isPlainObject } from '../patch/patch-error.js';
import type { ApiContext } from './context.js';
import { parseBody, readBody } from './body.js';
import type { Negotiated } from './negotiate.js';
import type { RequestInfo } from './request-info.js';
import { listJson, writeBody } from './respond.js';
import { queryFilter } from './selectors.js';
import { writeObject } from './handlers-read.js';

function writeOptions(query: URLSearchParams, body?: Record<string, unknown>): WriteOptions {
  const values = [
    ...query.getAll('dryRun'),
    ...(Array.isArray(body?.dryRun) ? (body.dryRun as string[]) : []),
  ];
  for (const v of values)
    if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return values.length > 0 ? { dryRun: true } : {};
}

function subresourceOf(ri: RequestInfo): WriteSubresource | 'scale' {
  const sub = ri.subresource ?? '';
  if (
    sub === '' ||
    sub === 'status' ||
    sub === 'scale' ||
    (sub === 'ephemeralcontainers' && ri.info.kind === 'Pod')
  )
    return sub;
  throw methodNotAllowed();
}

/** POST on a collection. */
export async function handleCreate(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  ri: RequestInfo,
  negotiated: Negotiated,
  query: URLSearchParams,
): Promise<void> {
  if (ri.name !== undefined) throw methodNotAllowed();
  const body = parseBody(await readBody(req));
  const created = ctx.registry.create(ri.info, ri.namespace, body, writeOptions(query));
  writeObject(ctx, res, 201, created, negotiated, query);
}

/** PUT on an object or subresource. */
export async function handleUpdate(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  ri: RequestInfo,
  negotiated: Negotiated,
  query: URLSearchParams,
): Promise<void> {
  const body = parseBody(await readBody(req));
  const sub = subresourceOf(ri);
  const options = writeOptions(query);
  const name = ri.name ?? '';
  const updated =
    sub === 'scale'
      ? updateScale(ctx.registry, ri.info, ri.namespace, name, body, options)
      : ctx.registry.update(ri.info, ri.namespace, name, body, sub, options);
  writeObject(ctx, res, 200, updated, negotiated, query);
}

function patchTypeOf(req: IncomingMessage): PatchType {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  const type = PATCH_CONTENT_TYPES[contentType];
  if (!type) throw unsupportedPatchType(contentType);
  return type;
}

/** PATCH on an object or subresource. */
export async function handlePatch(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  ri: RequestInfo,
  negotiated: Negotiated,
  query: URLSearchParams,
): Promise<void> {
  const type = patchTypeOf(req);
  const patch = parseBody(await readBody(req), type === 'apply');
  if (patch === undefined) throw badRequest('the body of the request was empty');
  const sub = subresourceOf(ri);
  const options = writeOptions(query);
  const name = ri.name ?? '';
  const patched =
    sub === 'scale'
      ? patchScale(ctx.registry, ri.info, ri.namespace, name, type, patch, options)
      : ctx.registry.patch(ri.info, ri.namespace, name, sub, type, patch, options);
  writeObject(ctx, res, 200, patched, negotiated, query);
}

function deleteOptions(query: URLSearchParams, body: unknown): DeleteOptions {
  const b = isPlainObject(body) ? body : {};
  const options: DeleteOptions = writeOptions(query, b);
  const grace =
    query.get('gracePeriodSeconds') ??
    (typeof b.gracePeriodSeconds === 'number' ? String(b.gracePeriodSeconds) : null);
  if (grace !== null) {
    const n = Number(grace);
    if (!Number.isInteger(n)) throw badRequest(`gracePeriodSeconds: Invalid value: "${grace}"`);
    options.gracePeriodSeconds = n;
  }
  let policy =
    query.get('propagationPolicy') ?? (typeof b.propagationPolicy === 'string' ? b.propagationPolicy : null);
  if (policy === null && (query.get('orphanDependents') === 'true' || b.orphanDependents === true))
    policy = 'Orphan';
  if (policy !== null) {
    if (policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
      throw badRequest(
        `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
      );
    }
    options.propagationPolicy = policy;
  }
  if (isPlainObject(b.preconditions)) options.preconditions = b.preconditions;
  return options;
}

function deleteResponse(ri: RequestInfo, result: DeleteResult): unknown {
  if (!result.removed || ri.info.kind === 'Pod' || ri.info.kind === 'Namespace') return result.object;
  const details: Record<string, string> = { name: result.object.metadata.name ?? '', kind: ri.info.resource };
  if (ri.info.group !== '') details.group = ri.info.group;
  if (result.object.metadata.uid) details.uid = result.object.metadata.uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}

/** DELETE of one object. */
export async function handleDelete(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  ri: RequestInfo,
  negotiated: Negotiated,
  query: URLSearchParams,
): Promise<void> {
  if (ri.subresource !== undefined) throw methodNotAllowed();
  const options = deleteOptions(query, parseBody(await readBody(req)));
  const result = deleteObject(ctx.registry, ri.info, ri.namespace, ri.name ?? '', options);
  const body = deleteResponse(ri, result);
  if (body === result.object) writeObject(ctx, res, 200, result.object, negotiated, query);
  else writeBody(res, 200, body, { format: negotiated.format === 'yaml' ? 'yaml' : 'json' });
}

/** DELETE of every object a selector matches in a namespace. */
export async function handleDeleteCollection(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  ri: RequestInfo,
  query: URLSearchParams,
): Promise<void> {
  if (!ri.info.verbs.includes('deletecollection')) throw methodNotAllowed();
  const options = deleteOptions(query, parseBody(await readBody(req)));
  const filter = queryFilter(ri.info, query, ri.namespace);
  const targets = ctx.registry.store.list(ri.info.key).filter(filter.matches);
  const deleted = [];
  for (const obj of targets) {
    try {
      deleted.push(
        deleteObject(ctx.registry, ri.info, obj.metadata.namespace, obj.metadata.name ?? '', options).object,
      );
    } catch (e) {
      // Gone in the meantime (a cascade or the kubelet removed it): nothing left to delete.
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }
  const body = listJson(
    `${ri.info.kind}List`,
    apiVersionOf(ri.info),
    { resourceVersion: String(ctx.registry.store.rv) },
    deleted,
  );
  writeBody(res, 200, body, { format: 'json' });
}
