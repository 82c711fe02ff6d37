/** Callers waiting for a watch to sync, each with its own deadline and signal. */
import { ExitCode, OpsError } from '../../core/errors.js';
import type { CallOptions } from '../../core/ports/call-options.js';

/** Failures that retrying will not fix without someone acting (credentials, RBAC, config). */
const PERMANENT = new Set([
  'E_KUBE_UNAUTHORIZED',
  'E_KUBE_FORBIDDEN',
  'E_KUBE_NOT_FOUND',
  'E_KUBE_TLS',
  'E_KUBE_REQUEST_FAILED',
]);

/** True when retrying the same request cannot succeed until someone changes something. */
export function isPermanentKubeError(error: OpsError): boolean {
  return PERMANENT.has(error.code) || error.exitCode === ExitCode.config;
}

interface Waiter {
  resolve: () => void;
  reject: (error: OpsError) => void;
}

/** The pending waitForSync calls of one watch. */
export class SyncWaiters {
  private readonly waiters = new Set<Waiter>();

  /** Waits for resolveAll; rejects on a permanent failure, the deadline or the signal. */
  wait(options: CallOptions, lastError: () => OpsError | undefined): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter = {
        resolve: () => (done(), resolve()),
        reject: (error) => (done(), reject(error)),
      };
      const timer = setTimeout(() => {
        const cause = lastError();
        waiter.reject(
          new OpsError(
            `the pod watch did not sync within ${timeoutMs / 1000}s${cause ? `: ${cause.message}` : ''}`,
            {
              code: cause?.code ?? 'E_KUBE_TIMEOUT',
              exitCode: cause?.exitCode ?? ExitCode.unavailable,
              hints: cause?.hints ?? [],
              cause,
            },
          ),
        );
      }, timeoutMs);
      const onAbort = () =>
        waiter.reject(
          new OpsError('waiting for the pod watch was interrupted', {
            code: 'E_ABORTED',
            exitCode: ExitCode.interrupted,
          }),
        );
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
      if (options.signal?.aborted) onAbort();
    });
  }

  resolveAll(): void {
    for (const w of [...this.waiters]) w.resolve();
  }

  rejectAll(error: OpsError): void {
    for (const w of [...this.waiters]) w.reject(error);
  }

  /** A failure happened: waiters give up only when it is permanent. */
  failed(error: OpsError): void {
    if (isPermanentKubeError(error)) this.rejectAll(error);
  }
}
