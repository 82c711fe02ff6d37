/**
 * A list+watch pod cache over client-node's ListWatch (one per namespace, or one cluster-wide):
 * relists after 410 Expired, re-watches from its resourceVersion after a dropped connection or a
 * failure (with backoff, without a relist when the resourceVersion is still served), and keeps a
 * synced flag, a last-sync time and counters.
 */
import { CoreV1Api, ListWatch, type V1Pod } from '@kubernetes/client-node';
import { ExitCode, OpsError, isOpsError } from '../../core/errors.js';
import { podKey, toPodInfo, type PodInfo } from '../../core/kube/pod.js';
import type { CallOptions } from '../../core/ports/call-options.js';
import type {
  PodChange,
  PodScope,
  PodWatch,
  PodWatchOptions,
  PodWatchStats,
} from '../../core/ports/pod-source.js';
import { kubeCall } from './call.js';
import { toKubeError, type KubeCallSite } from './errors.js';
import type { KubeTarget } from './kubeconfig.js';
import { listPodPages, listSite } from './list-pods.js';
import { SyncWaiters } from './sync-waiters.js';
import { TrackedWatch } from './tracked-watch.js';

/** Timing of a pod watch; the defaults suit production, tests shorten them. */
export interface PodWatchTuning {
  /** Deadline of each list. @default 60000 */
  listTimeoutMs?: number;
  /** Server-side timeout of each watch. @default random 300-600 s, as client-go */
  watchTimeoutSeconds?: () => number;
  /** First retry delay after a failure, doubled per failure. @default 1000 */
  backoffInitialMs?: number;
  /** @default 30000 */
  backoffMaxMs?: number;
  /** @default Date.now */
  now?: () => number;
}

/** One namespace (or all) under a ListWatch. */
interface Part {
  namespace: string | undefined;
  informer: ListWatch<V1Pod>;
  connected: boolean;
  failures: number;
  retry: NodeJS.Timeout | undefined;
  /** The watchdog cut the last watch: reconnect at once, it is not a failure. */
  cut: boolean;
}

function watchSite(target: KubeTarget, namespace: string | undefined): KubeCallSite {
  return { ...listSite(target, namespace), action: 'watch', rbacVerb: 'watch' };
}

function podsPath(namespace: string | undefined): string {
  return namespace === undefined
    ? '/api/v1/pods'
    : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
}

/** A running pod watch; create with startPodWatch. */
class KubePodWatch implements PodWatch {
  readonly stats: PodWatchStats = { lists: 0, watches: 0, events: 0, expired: 0, errors: 0 };
  lastSyncAt: number | undefined;
  lastError: OpsError | undefined;
  private readonly cache = new Map<string, PodInfo>();
  private readonly parts: Part[] = [];
  private readonly waiters = new SyncWaiters();
  private readonly stopper = new AbortController();
  private readonly now: () => number;

  constructor(
    private readonly target: KubeTarget,
    private readonly options: PodWatchOptions,
    private readonly tuning: PodWatchTuning,
  ) {
    this.now = tuning.now ?? Date.now;
  }

  get synced(): boolean {
    return this.parts.length > 0 && this.parts.every((p) => p.connected);
  }

  pods(): PodInfo[] {
    return [...this.cache.values()].sort((a, b) => podKey(a).localeCompare(podKey(b)));
  }

  get(namespace: string, name: string): PodInfo | undefined {
    return this.cache.get(`${namespace}/${name}`);
  }

  waitForSync(options: CallOptions = {}): Promise<void> {
    if (this.synced) return Promise.resolve();
    return this.waiters.wait(options, () => this.lastError);
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    for (const part of this.parts) clearTimeout(part.retry);
    this.waiters.rejectAll(
      new OpsError('the pod watch was stopped', { code: 'E_ABORTED', exitCode: ExitCode.interrupted }),
    );
    await Promise.all(this.parts.map((p) => p.informer.stop()));
  }

  /** Adds and starts the ListWatch of one namespace (undefined: all). */
  add(namespace: string | undefined): void {
    const part = { namespace, connected: false, failures: 0, retry: undefined, cut: false } as Part;
    part.informer = this.makeInformer(part);
    this.parts.push(part);
    void part.informer.start();
  }

  private get active(): boolean {
    return !this.stopper.signal.aborted;
  }

  private makeInformer(part: Part): ListWatch<V1Pod> {
    const namespace = part.namespace;
    const api = this.target.kubeConfig.makeApiClient(CoreV1Api);
    const filter = { labelSelector: this.options.labelSelector };
    const list = async () => {
      this.stats.lists++;
      const result = await kubeCall(
        listSite(this.target, namespace),
        { signal: this.stopper.signal, timeoutMs: this.tuning.listTimeoutMs ?? 60_000 },
        (scope) => listPodPages(api, namespace, filter, scope),
      );
      this.lastSyncAt = this.now();
      return result;
    };
    const watch = new TrackedWatch(this.target.kubeConfig, {
      active: () => this.active,
      timeoutSeconds: this.tuning.watchTimeoutSeconds ?? (() => 300 + Math.floor(Math.random() * 300)),
      opened: () => this.stats.watches++,
      connected: () => this.onConnected(part),
      event: (type, obj) => this.onEvent(type, obj),
      expired: () => this.stats.expired++,
      watchdogFired: () => (part.cut = true),
    });
    const informer = new ListWatch<V1Pod>(
      podsPath(namespace),
      watch,
      list,
      false,
      this.options.labelSelector,
    );
    informer.on('add', (pod) => this.apply('added', pod));
    informer.on('update', (pod) => this.apply('updated', pod));
    informer.on('delete', (pod) => this.apply('deleted', pod));
    informer.on('error', (err: unknown) => this.onFailure(part, err));
    return informer;
  }

  private apply(type: PodChange['type'], obj: V1Pod): void {
    if (!this.active) return;
    const pod = toPodInfo(obj);
    if (type === 'deleted') this.cache.delete(podKey(pod));
    else this.cache.set(podKey(pod), pod);
    this.options.onChange?.({ type, pod });
  }

  private onEvent(type: string, obj: unknown): void {
    this.stats.events++;
    this.lastSyncAt = this.now();
    if (type === 'ERROR' && (obj as { code?: unknown } | null)?.code === 410) this.stats.expired++;
  }

  private onConnected(part: Part): void {
    part.connected = true;
    part.failures = 0;
    this.lastSyncAt = this.now();
    if (this.parts.every((p) => p.failures === 0)) this.lastError = undefined;
    if (this.synced) this.waiters.resolveAll();
  }

  private onFailure(part: Part, err: unknown): void {
    if (!this.active) return;
    if (part.cut) {
      part.cut = false;
      void part.informer.start();
      return;
    }
    part.connected = false;
    const error = isOpsError(err) ? err : toKubeError(err, watchSite(this.target, part.namespace));
    this.stats.errors++;
    this.lastError = error;
    this.options.onError?.(error);
    this.waiters.failed(error);
    const base = this.tuning.backoffInitialMs ?? 1000;
    const delay = Math.min(this.tuning.backoffMaxMs ?? 30_000, base * 2 ** part.failures);
    part.failures++;
    // Jitter spreads the reconnects of many watchers after an API server restart.
    part.retry = setTimeout(() => void part.informer.start(), delay * (0.5 + Math.random() / 2));
    part.retry.unref();
  }
}

/** Starts watching the pods of a scope. */
export function startPodWatch(
  target: KubeTarget,
  scope: PodScope,
  options: PodWatchOptions = {},
  tuning: PodWatchTuning = {},
): PodWatch {
  const watch = new KubePodWatch(target, options, tuning);
  const namespaces = 'allNamespaces' in scope ? [undefined] : [...new Set(scope.namespaces)];
  for (const namespace of namespaces) watch.add(namespace);
  return watch;
}
