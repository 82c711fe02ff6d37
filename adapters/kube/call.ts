/**
 * Every Kubernetes request goes through `kubeCall`: one deadline and the caller's AbortSignal
 * combined into the signal the HTTP request carries, and every failure mapped to an OpsError
 * that names the call site.
 */
import type { ConfigurationOptions, HttpLibrary, RequestContext } from '@kubernetes/client-node';
import { IsomorphicFetchHttpLibrary } from '@kubernetes/client-node';
import type { CallOptions } from '../../core/ports/call-options.js';
import { abortedError, kubeTimeoutError, toKubeError, type KubeCallSite } from './errors.js';

/** Default deadline of one request. */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

/** The signal and client-node options of one call. */
export interface CallScope {
  signal: AbortSignal;
  /** Pass as the last argument of a generated API method. */
  options: ConfigurationOptions;
  /** Extra headers (e.g. a patch Content-Type) for the request. */
  withHeaders(headers: Record<string, string>): ConfigurationOptions;
}

/** An http library that attaches the signal (client-node's generated APIs take no signal). */
function signalledHttp(signal: AbortSignal, headers: Record<string, string> = {}): HttpLibrary {
  const inner = new IsomorphicFetchHttpLibrary();
  return {
    send(request: RequestContext) {
      request.setSignal(signal);
      for (const [name, value] of Object.entries(headers)) request.setHeaderParam(name, value);
      return inner.send(request);
    },
  };
}

/** A signal that fires on the caller's abort or after `timeoutMs`, and which of the two it was. */
export function deadlineSignal(options: CallOptions, defaultTimeoutMs: number) {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  return { signal, timeoutMs, timedOut: () => timeout.aborted && !options.signal?.aborted };
}

/**
 * Runs `fn` with a deadline and the caller's signal, mapping failures: a fired deadline becomes
 * `E_KUBE_TIMEOUT`, a caller abort `E_ABORTED`, anything else goes through toKubeError.
 */
export async function kubeCall<T>(
  site: KubeCallSite,
  options: CallOptions,
  fn: (scope: CallScope) => Promise<T>,
  defaultTimeoutMs = DEFAULT_CALL_TIMEOUT_MS,
): Promise<T> {
  const deadline = deadlineSignal(options, defaultTimeoutMs);
  if (options.signal?.aborted) throw abortedError(site, options.signal.reason);
  const scope: CallScope = {
    signal: deadline.signal,
    options: { httpApi: signalledHttp(deadline.signal) },
    withHeaders: (headers) => ({ httpApi: signalledHttp(deadline.signal, headers) }),
  };
  try {
    return await fn(scope);
  } catch (err) {
    if (options.signal?.aborted) throw abortedError(site, err);
    if (deadline.timedOut()) throw kubeTimeoutError(site, deadline.timeoutMs, err);
    throw toKubeError(err, site);
  }
}
