/**
 * Kubernetes API errors as `metav1.Status` bodies, with the reasons, codes and message texts of
 * k8s.io/apimachinery/pkg/api/errors, so kubectl prints its usual `Error from server (Reason): ...`.
 */
import type { StatusBody } from './types.js';

/** A field error inside an Invalid (422) Status. */
export interface FieldCause {
  /** `FieldValueRequired`, `FieldValueInvalid`, `FieldValueForbidden`, ... */
  reason: string;
  message: string;
  field: string;
}

/** An error that the HTTP layer answers with its Status body. */
export class ApiError extends Error {
  readonly status: StatusBody;

  constructor(status: Omit<StatusBody, 'kind' | 'apiVersion' | 'metadata' | 'status'>) {
    super(status.message ?? status.reason ?? `HTTP ${status.code}`);
    this.name = 'ApiError';
    this.status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...status };
  }

  get code(): number {
    return this.status.code;
  }
}

/** A group-qualified resource name as the API prints it: `pods`, `deployments.apps`. */
export function qualifiedResource(resource: string, group: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

function detailsOf(name: string, group: string, kind: string): NonNullable<StatusBody['details']> {
  const details: NonNullable<StatusBody['details']> = { kind };
  if (name !== '') details.name = name;
  if (group !== '') details.group = group;
  return details;
}

/** 404 `<resource> "<name>" not found`; details carry the name (kubectl debug relies on it). */
export function notFound(resource: string, group: string, name: string): ApiError {
  return new ApiError({
    message: `${qualifiedResource(resource, group)} "${name}" not found`,
    reason: 'NotFound',
    details: detailsOf(name, group, resource),
    code: 404,
  });
}

/** 404 for a path the server does not serve. */
export function unknownPath(): ApiError {
  return new ApiError({
    message: 'the server could not find the requested resource',
    reason: 'NotFound',
    details: {},
    code: 404,
  });
}

/** 409 AlreadyExists. */
export function alreadyExists(resource: string, group: string, name: string): ApiError {
  return new ApiError({
    message: `${qualifiedResource(resource, group)} "${name}" already exists`,
    reason: 'AlreadyExists',
    details: detailsOf(name, group, resource),
    code: 409,
  });
}

/** 409 Conflict on a stale resourceVersion. */
export function conflict(resource: string, group: string, name: string, why?: string): ApiError {
  const reason =
    why ?? 'the object has been modified; please apply your changes to the latest version and try again';
  return new ApiError({
    message: `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} "${name}": ${reason}`,
    reason: 'Conflict',
    details: detailsOf(name, group, resource),
    code: 409,
  });
}

/** 422 Invalid with one cause per field error, message `<Kind> "<name>" is invalid: ...`. */
export function invalid(kind: string, group: string, name: string, causes: FieldCause[]): ApiError {
  const qualifiedKind = group === '' ? kind : `${kind}.${group}`;
  const texts = causes.map((c) => `${c.field}: ${c.message}`);
  const joined = texts.length === 1 ? (texts[0] ?? '') : `[${texts.join(', ')}]`;
  return new ApiError({
    message: `${qualifiedKind} "${name}" is invalid: ${joined}`,
    reason: 'Invalid',
    details: { ...detailsOf(name, group, kind), causes },
    code: 422,
  });
}

/** 403 Forbidden with the authorizer's sentence, as the apiserver words it. */
export function forbidden(resource: string, group: string, name: string, why: string): ApiError {
  const subject = qualifiedResource(resource.split('/')[0] ?? resource, group);
  const message =
    name === '' ? `${subject} is forbidden: ${why}` : `${subject} "${name}" is forbidden: ${why}`;
  return new ApiError({
    message,
    reason: 'Forbidden',
    details: detailsOf(name, group, resource.split('/')[0] ?? resource),
    code: 403,
  });
}

/** 400 BadRequest. */
export function badRequest(message: string): ApiError {
  return new ApiError({ message, reason: 'BadRequest', code: 400 });
}

/** 401 Unauthorized (unknown bearer token). */
export function unauthorized(): ApiError {
  return new ApiError({ message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
}

/** 405 MethodNotAllowed. */
export function methodNotAllowed(): ApiError {
  return new ApiError({
    message: 'the server does not allow this method on the requested resource',
    reason: 'MethodNotAllowed',
    details: {},
    code: 405,
  });
}

/** 406 NotAcceptable for an Accept header with no media type the server can produce. */
export function notAcceptable(): ApiError {
  return new ApiError({
    message:
      'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    reason: 'NotAcceptable',
    code: 406,
  });
}

/** 415 UnsupportedMediaType for a PATCH content type the server does not know. */
export function unsupportedPatchType(contentType: string): ApiError {
  return new ApiError({
    message: `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${contentType})`,
    reason: 'UnsupportedMediaType',
    code: 415,
  });
}

/** 410 Expired for a continue token older than the retained history. */
export function continueExpired(): ApiError {
  return new ApiError({
    message:
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
    reason: 'Expired',
    code: 410,
  });
}

/** 410 Expired "too old resource version" (sent as a watch ERROR event, or for a list). */
export function tooOldResourceVersion(requested: number, oldest: number): ApiError {
  return new ApiError({
    message: `too old resource version: ${requested} (${oldest})`,
    reason: 'Expired',
    code: 410,
  });
}

/** 501 for streaming subresources whose runtime is not plugged in yet. */
export function notImplemented(what: string): ApiError {
  return new ApiError({
    message: `${what} is not supported by this simulator's pod runtime`,
    reason: 'NotImplemented',
    code: 501,
  });
}

/** 500 InternalError. */
export function internalError(cause: string): ApiError {
  return new ApiError({
    message: `Internal error occurred: ${cause}`,
    reason: 'InternalError',
    details: { causes: [{ reason: '', message: cause }] },
    code: 500,
  });
}
