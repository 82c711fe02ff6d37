/** Resolving the pod a user names on the command line. Implemented in adapters/kube. */
import type { PodInfo } from '../kube/pod.js';
import type { PodMatchRule } from '../kube/pod-match.js';
import type { CallOptions } from './call-options.js';

/** Where to look. */
export interface PodLookupOptions extends CallOptions {
  /** Namespace to search. @default the context's namespace, else `default` */
  namespace?: string | undefined;
  /** Search every namespace (`-A`). */
  allNamespaces?: boolean | undefined;
}

/** The pod a query resolved to. */
export interface PodLookupResult {
  pod: PodInfo;
  /** Which rule matched: exact name, unique prefix or workload name. */
  by: PodMatchRule;
  /** False only when a workload has no Ready pod and its best Running pod was taken. */
  ready: boolean;
}

/** Finds the pod a user means. */
export interface PodLookup {
  /**
   * Resolves `query` (exact name, unique prefix, or workload/app name choosing a Ready pod).
   * Rejects with OpsError `E_POD_NOT_FOUND`, `E_POD_AMBIGUOUS` (candidates listed),
   * `E_POD_NOT_RUNNING`, or a Kubernetes access error.
   */
  resolvePod(query: string, options?: PodLookupOptions): Promise<PodLookupResult>;
}
