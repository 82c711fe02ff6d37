/**
 * Pods as a source: one list, or a watched cache kept current by list+watch. Adapters
 * (adapters/kube) implement PodSource; nothing here does I/O.
 */
import type { OpsError } from '../errors.js';
import type { PodInfo } from '../kube/pod.js';
import type { CallOptions } from './call-options.js';

/** Which pods: every namespace, or some. */
export type PodScope = { allNamespaces: true } | { namespaces: readonly string[] };

/** Filters of a list or watch. */
export interface PodFilter {
  /** Kubernetes label selector, e.g. `app=gateway,tier!=batch`. */
  labelSelector?: string | undefined;
}

/** A change the watch saw. */
export interface PodChange {
  type: 'added' | 'updated' | 'deleted';
  pod: PodInfo;
}

/** Counters of a watch, for metrics and for benchmarks that check it stays quiet. */
export interface PodWatchStats {
  /** Full list requests (initial syncs and relists after a 410 or a failed watch). */
  lists: number;
  /** Watch requests opened. */
  watches: number;
  /** Watch events received (bookmarks included). */
  events: number;
  /** `410 Expired` answers: the resourceVersion left the server's window, forcing a relist. */
  expired: number;
  /** Failures (list or watch) followed by a retry with backoff. */
  errors: number;
}

/** A running watch over pods with its local cache. */
export interface PodWatch {
  /** Every scope has listed and its watch is connected (not in backoff after a failure). */
  readonly synced: boolean;
  /** Epoch ms when the cache was last confirmed current: a list, a watch (re)connect, or any event. */
  readonly lastSyncAt: number | undefined;
  readonly stats: Readonly<PodWatchStats>;
  /** The last failure, cleared when the watch reconnects. */
  readonly lastError: OpsError | undefined;
  /** The cached pods (a copy), sorted by namespace and name. */
  pods(): PodInfo[];
  /** One cached pod. */
  get(namespace: string, name: string): PodInfo | undefined;
  /**
   * Resolves once synced. Rejects with the failure when access is denied (401/403/404), or with
   * the last failure (or `E_KUBE_TIMEOUT`) when the deadline passes first.
   */
  waitForSync(options?: CallOptions): Promise<void>;
  /** Stops watching; no callback runs afterwards. */
  stop(): Promise<void>;
}

/** Options of a watch. */
export interface PodWatchOptions extends PodFilter {
  /** Called for every change to the cache, after the cache is updated. */
  onChange?: ((change: PodChange) => void) | undefined;
  /** Called for every failure before the retry (the watch keeps retrying). */
  onError?: ((error: OpsError) => void) | undefined;
}

/** Lists and watches pods. */
export interface PodSource {
  /** One consistent list of the scope's pods, sorted by namespace and name. */
  listPods(scope: PodScope, options?: PodFilter & CallOptions): Promise<PodInfo[]>;
  /** Starts a list+watch cache of the scope's pods. */
  watchPods(scope: PodScope, options?: PodWatchOptions): PodWatch;
}
