/**
 * Resource request parsing, as the apiserver's RequestInfoFactory does it: group, version,
 * namespace, resource, name, subresource and the verb derived from method and query.
 */
import { findResource, type ResourceInfo } from '../resources.js';

/** Authorization verbs. */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/** A parsed resource request. */
export interface RequestInfo {
  info: ResourceInfo;
  verb: Verb;
  namespace?: string;
  name?: string;
  subresource?: string;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** `true`, `1`, `t`... as Go's strconv.ParseBool reads a query flag. */
export function queryFlag(value: string | null): boolean {
  return value !== null && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value);
}

function verbOf(method: string, hasName: boolean, watch: boolean): Verb | undefined {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return undefined;
  }
}

/**
 * Parses `/api/v1/...` and `/apis/<group>/<version>/...` resource paths. Undefined when the path
 * is not a resource path of a served resource.
 */
export function parseRequestInfo(method: string, url: URL): RequestInfo | undefined {
  const segments = url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let parts: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    [group, version, parts] = ['', segments[1] ?? '', segments.slice(2)];
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    [group, version, parts] = [segments[1] ?? '', segments[2] ?? '', segments.slice(3)];
  } else return undefined;
  let watch = queryFlag(url.searchParams.get('watch'));
  if (parts[0] === 'watch') {
    watch = true;
    parts = parts.slice(1);
  }
  let namespace: string | undefined;
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1];
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2] ?? '')) parts = parts.slice(2);
  }
  const [resource, name, subresource, extra] = parts;
  if (resource === undefined || extra !== undefined) return undefined;
  const info = findResource(group, version, resource);
  if (!info) return undefined;
  if (resource === 'namespaces') namespace = undefined;
  const verb = verbOf(method, name !== undefined, watch);
  if (!verb) return undefined;
  const out: RequestInfo = { info, verb };
  if (namespace !== undefined && info.namespaced) out.namespace = namespace;
  if (name !== undefined) out.name = name;
  if (subresource !== undefined) out.subresource = subresource;
  return out;
}
