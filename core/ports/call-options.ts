/** Cancellation and deadline of one call through a port. */
export interface CallOptions {
  /** Aborts the call; it then rejects with OpsError `E_ABORTED` (exit 130). */
  signal?: AbortSignal | undefined;
  /** Per-call deadline in milliseconds; the call then rejects with `E_KUBE_TIMEOUT`. @default the adapter's */
  timeoutMs?: number | undefined;
}
