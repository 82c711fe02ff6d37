/** Writing responses: JSON (or YAML) bodies, Status errors, and the serialized-object cache. */
import type { ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';
import { ApiError, internalError } from '../api-error.js';
import type { KubeObject } from '../types.js';

const serialized = new WeakMap<object, string>();

/** JSON text of a stored object; cached, as stored objects never change. */
export function objectJson(obj: KubeObject): string {
  let text = serialized.get(obj);
  if (text === undefined) {
    text = JSON.stringify(obj);
    serialized.set(obj, text);
  }
  return text;
}

/** How a body is written. */
export interface BodyFormat {
  format: 'json' | 'yaml' | 'table';
  pretty?: boolean;
}

/** Writes a body (already JSON text, or a value) with the right content type. */
export function writeBody(res: ServerResponse, code: number, body: unknown, format: BodyFormat): void {
  let text: string;
  let type = 'application/json';
  if (format.format === 'yaml') {
    text = toYaml(typeof body === 'string' ? JSON.parse(body) : body);
    type = 'application/yaml';
  } else if (typeof body === 'string') {
    text = format.pretty ? JSON.stringify(JSON.parse(body), null, 2) : body;
  } else {
    text = format.pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body);
  }
  res.writeHead(code, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** The Status body of any thrown value (unknown errors become 500 InternalError). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return internalError(err instanceof Error ? err.message : String(err));
}

/** Writes a Status error. */
export function writeError(res: ServerResponse, err: unknown): void {
  const apiError = toApiError(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  writeBody(res, apiError.code, apiError.status, { format: 'json' });
}

/** A list body with items serialized from the cache (items carry no kind/apiVersion, as real lists). */
export function listJson(
  kind: string,
  apiVersion: string,
  metadata: Record<string, unknown>,
  items: KubeObject[],
): string {
  const parts = items.map((o) => {
    const text = objectJson(o);
    // Drop the leading "apiVersion" and "kind" members the store writes first.
    const prefix = `{"apiVersion":${JSON.stringify(o.apiVersion)},"kind":${JSON.stringify(o.kind)},`;
    return text.startsWith(prefix) ? `{${text.slice(prefix.length)}` : text;
  });
  return `{"kind":${JSON.stringify(kind)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(metadata)},"items":[${parts.join(',')}]}`;
}
