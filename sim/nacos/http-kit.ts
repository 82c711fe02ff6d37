/**
 * Request and response shapes of the simulator's HTTP layer: parameters merged from the query
 * string and a form body (as a servlet's getParameter sees them), and the answer formats of the
 * server (plain text for v1, the `Result` envelope for v2/v3, Spring's error JSON for 404/410).
 */
import type { IncomingHttpHeaders } from 'node:http';

/** A parsed request. */
export class SimRequest {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly params: URLSearchParams,
    readonly headers: IncomingHttpHeaders,
  ) {}

  /** A parameter, undefined when absent. */
  get(name: string): string | undefined {
    return this.params.get(name) ?? undefined;
  }

  /** A parameter, or `fallback` when absent or blank. */
  optional(name: string, fallback: string): string {
    const v = this.params.get(name);
    return v === null || v.trim() === '' ? fallback : v;
  }

  /** A parameter that must be present and not blank. */
  required(name: string): string {
    const v = this.params.get(name);
    if (v === null || v.trim() === '') throw new ApiError(400, `Param '${name}' is required.`, 10000);
    return v;
  }

  /** A required integer parameter. */
  int(name: string, fallback?: number): number {
    const raw = fallback === undefined ? this.required(name) : this.optional(name, String(fallback));
    const n = Number(raw);
    if (!Number.isInteger(n))
      throw new ApiError(400, `Param '${name}' must be an integer, got '${raw}'.`, 10000);
    return n;
  }

  /** A boolean parameter (`true` ignoring case is true, anything else false). */
  bool(name: string, fallback: boolean): boolean {
    const v = this.params.get(name);
    return v === null || v === '' ? fallback : v.toLowerCase() === 'true';
  }

  /** A header, case-insensitive. */
  header(name: string): string | undefined {
    const v = this.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }
}

/** What a handler answers. */
export interface SimResponse {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

/** A failure a handler throws; rendered per API family. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Result code for v2/v3 envelopes. */
    readonly resultCode = status === 404 ? 20004 : 30000,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A text answer (v1 write endpoints answer `ok`). */
export function text(body: string, status = 200): SimResponse {
  return { status, body, contentType: 'text/plain;charset=UTF-8' };
}

/** A JSON answer. */
export function json(value: unknown, status = 200): SimResponse {
  return { status, body: JSON.stringify(value), contentType: 'application/json;charset=UTF-8' };
}

/** The v2/v3 success envelope. */
export function result(data: unknown): SimResponse {
  return json({ code: 0, message: 'success', data });
}

/** The v2/v3 failure envelope. */
export function resultFailure(status: number, code: number, message: string): SimResponse {
  return json({ code, message, data: null }, status);
}

const REASONS: Record<number, string> = {
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  410: 'Gone',
  500: 'Internal Server Error',
};

/** Spring Boot's error JSON, which the server answers for unmapped paths and sendError(). */
export function springError(status: number, path: string, message?: string, now = Date.now()): SimResponse {
  const body: Record<string, unknown> = {
    timestamp: new Date(now).toISOString().replace('Z', '+00:00'),
    status,
    error: REASONS[status] ?? 'Error',
  };
  if (message !== undefined) body.message = message;
  body.path = path;
  return json(body, status);
}

/** Renders an ApiError the way a v1 controller's exception handler does: `caused: msg;`. */
export function v1Failure(err: ApiError): SimResponse {
  return text(`caused: ${err.message};`, err.status);
}
