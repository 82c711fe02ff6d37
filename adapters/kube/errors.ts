/**
 * Turns whatever a Kubernetes call threw (client-node's ApiException, a watch's status error, a
 * WebSocket upgrade refusal, a socket or TLS error, an abort) into one OpsError that names the
 * action, the resource, the namespace and the context, with what to try next.
 */
import { ExitCode, OpsError, describeCause, isOpsError, type ExitCodeValue } from '../../core/errors.js';

/** What a call was doing, for messages. */
export interface KubeCallSite {
  /** Verb as users read it: `list`, `get`, `watch`, `patch`, `exec into`. */
  action: string;
  /** RBAC verb for the `kubectl auth can-i` hint: `list`, `get`, `create`... */
  rbacVerb: string;
  /** Plural resource, with subresource for RBAC (`pods`, `pods/exec`, `pods/ephemeralcontainers`). */
  resource: string;
  /** Undefined for all namespaces. */
  namespace: string | undefined;
  name?: string | undefined;
  context: string;
  server: string;
}

/** The parts of a Kubernetes Status object the messages use. */
interface StatusBody {
  message?: string;
  reason?: string;
  details?: { name?: string };
}

const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'host name lookup failed (DNS)',
};

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

/** `pods in namespace "prod"`, `pod "x" in namespace "prod"`, `pods in all namespaces`. */
export function describeTarget(site: KubeCallSite): string {
  const base = site.resource.split('/')[0] ?? site.resource;
  const singular = base.endsWith('s') ? base.slice(0, -1) : base;
  const what = site.name ? `${singular} "${site.name}"` : base;
  return site.namespace === undefined
    ? `${what} in all namespaces`
    : `${what} in namespace "${site.namespace}"`;
}

function prefix(site: KubeCallSite): string {
  return `cannot ${site.action} ${describeTarget(site)} (context "${site.context}")`;
}

function canIHint(site: KubeCallSite): string {
  const scope = site.namespace === undefined ? '-A' : `-n ${site.namespace}`;
  return `kubectl --context ${site.context} auth can-i ${site.rbacVerb} ${site.resource} ${scope}`;
}

/** The HTTP status of an ApiException (`code`), a watch error (`statusCode`) or an upgrade refusal. */
function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; statusCode?: unknown };
  if (typeof e.statusCode === 'number') return e.statusCode;
  return typeof e.code === 'number' && e.code >= 100 && e.code < 600 ? e.code : undefined;
}

/** The Status object of an API error body, when there is one. */
export function statusBodyOf(err: unknown): StatusBody | undefined {
  const body = (err as { body?: unknown } | null)?.body;
  if (typeof body === 'object' && body !== null) return body;
  if (typeof body !== 'string' || !body.startsWith('{')) return undefined;
  try {
    return JSON.parse(body) as StatusBody;
  } catch {
    return undefined;
  }
}

/** The errno-like code of a socket/TLS failure, looking through `cause` chains. */
function systemCodeOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown; error?: unknown }).cause ?? (e as { error?: unknown }).error;
  }
  return undefined;
}

/** How each HTTP status reads: the words after the call site, code, exit code and hints. */
interface StatusReading {
  what: string;
  code: string;
  exitCode: ExitCodeValue;
  hints: string[];
}

function readStatus(status: number, detail: string, site: KubeCallSite): StatusReading {
  const fail = ExitCode.failure;
  switch (status) {
    case 401:
      return {
        what: `unauthorized (the API server at ${site.server} rejected the credentials)`,
        code: 'E_KUBE_UNAUTHORIZED',
        exitCode: fail,
        hints: [
          'refresh your credentials (tokens and certificates expire)',
          `kubectl --context ${site.context} config view --minify`,
        ],
      };
    case 403:
      return {
        what: `forbidden: ${detail}`,
        code: 'E_KUBE_FORBIDDEN',
        exitCode: fail,
        hints: [canIHint(site), 'ask your cluster admin for a Role granting it (see docs/kubernetes.md)'],
      };
    case 404: {
      const scope = site.namespace ? `-n ${site.namespace}` : '-A';
      const get = `kubectl --context ${site.context} get ${site.resource.split('/')[0] ?? 'pods'} ${scope}`;
      return { what: `not found: ${detail}`, code: 'E_KUBE_NOT_FOUND', exitCode: fail, hints: [get] };
    }
    case 410:
      return { what: `expired: ${detail}`, code: 'E_KUBE_EXPIRED', exitCode: ExitCode.tempFail, hints: [] };
    case 429:
      return {
        what: `the API server is throttling requests: ${detail}`,
        code: 'E_KUBE_THROTTLED',
        exitCode: ExitCode.tempFail,
        hints: ['retry in a moment'],
      };
    case 501:
      return {
        what: `not supported by the API server: ${detail}`,
        code: 'E_KUBE_NOT_IMPLEMENTED',
        exitCode: ExitCode.unavailable,
        hints: [],
      };
    default:
      return status >= 500
        ? {
            what: `server error: ${detail}`,
            code: 'E_KUBE_SERVER_ERROR',
            exitCode: ExitCode.unavailable,
            hints: [],
          }
        : { what: `request rejected: ${detail}`, code: 'E_KUBE_REQUEST_FAILED', exitCode: fail, hints: [] };
  }
}

function fromStatus(status: number, err: unknown, site: KubeCallSite): OpsError {
  const detail = statusBodyOf(err)?.message ?? `HTTP ${status}`;
  const { what, code, exitCode, hints } = readStatus(status, detail, site);
  return new OpsError(`${prefix(site)}: ${what}`, { code, exitCode, hints, cause: err });
}

function fromSystemCode(code: string, err: unknown, site: KubeCallSite): OpsError | undefined {
  if (code in UNREACHABLE) {
    return new OpsError(
      `${prefix(site)}: cannot reach the API server at ${site.server}: ${UNREACHABLE[code]}`,
      {
        code: 'E_KUBE_UNREACHABLE',
        exitCode: ExitCode.unavailable,
        cause: err,
        hints: [
          `kubectl --context ${site.context} cluster-info`,
          'check the server address, VPN and network route to the cluster',
        ],
      },
    );
  }
  if (TLS_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
    return new OpsError(
      `${prefix(site)}: TLS with the API server at ${site.server} failed: ${describeCause(err)}`,
      {
        code: 'E_KUBE_TLS',
        exitCode: ExitCode.unavailable,
        cause: err,
        hints: [
          `check certificate-authority-data of the cluster of context "${site.context}" in your kubeconfig`,
        ],
      },
    );
  }
  return undefined;
}

/** Maps any failure of a Kubernetes call to an OpsError naming the call site. OpsErrors pass through. */
export function toKubeError(err: unknown, site: KubeCallSite): OpsError {
  if (isOpsError(err)) return err;
  const status = statusOf(err);
  if (status !== undefined) return fromStatus(status, err, site);
  const code = systemCodeOf(err);
  const mapped = code === undefined ? undefined : fromSystemCode(code, err, site);
  if (mapped) return mapped;
  // Without an HTTP status the request never got an answer: a transport failure.
  return new OpsError(
    `${prefix(site)}: no answer from the API server at ${site.server}: ${describeCause(err)}`,
    {
      code: 'E_KUBE_UNREACHABLE',
      exitCode: ExitCode.unavailable,
      cause: err,
      hints: [`kubectl --context ${site.context} cluster-info`],
    },
  );
}

/** The OpsError for a call cut short by its deadline. */
export function kubeTimeoutError(site: KubeCallSite, timeoutMs: number, cause?: unknown): OpsError {
  return new OpsError(
    `${prefix(site)}: the API server at ${site.server} did not answer within ${timeoutMs / 1000}s`,
    {
      code: 'E_KUBE_TIMEOUT',
      exitCode: ExitCode.unavailable,
      cause,
      hints: [`kubectl --context ${site.context} cluster-info`],
    },
  );
}

/** The OpsError for a call the caller aborted. */
export function abortedError(site: KubeCallSite, cause?: unknown): OpsError {
  return new OpsError(`${site.action} ${describeTarget(site)} was interrupted`, {
    code: 'E_ABORTED',
    exitCode: ExitCode.interrupted,
    cause,
  });
}
