/**
 * client-node's Watch with what a long-running informer needs and 1.x lacks: bookmarks and a
 * server-side timeout (so an idle watch is renewed from its resourceVersion without a relist, as
 * client-go's reflector does), a client-side watchdog for connections that die silently, and hooks
 * that count watches and events.
 */
import { Watch, type KubeConfig } from '@kubernetes/client-node';

/** What the informer learns from each watch. */
export interface WatchHooks {
  /** False once the informer stopped: no new watch is opened. */
  active(): boolean;
  /** Server-side `timeoutSeconds` of the next watch. */
  timeoutSeconds(): number;
  opened(): void;
  /** The server answered 200: the watch is live. */
  connected(): void;
  /** A line arrived (any type, bookmarks included). */
  event(type: string, object: unknown): void;
  /** The server refused the watch with HTTP 410: its resourceVersion is gone (a relist follows). */
  expired(): void;
  /** The watchdog cut a watch that outlived its timeout by the grace period. */
  watchdogFired(): void;
}

/** Extra time a watch may live past its own timeoutSeconds before the watchdog cuts it. */
export const WATCHDOG_GRACE_MS = 30_000;

/** A Watch that reports to hooks; pass it to client-node's ListWatch. */
export class TrackedWatch extends Watch {
  constructor(
    config: KubeConfig,
    private readonly hooks: WatchHooks,
  ) {
    super(config);
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    if (!this.hooks.active()) return new AbortController();
    const timeoutSeconds = this.hooks.timeoutSeconds();
    let finished = false;
    let watchdog: NodeJS.Timeout | undefined;
    this.hooks.opened();
    const controller = await super.watch(
      path,
      { ...queryParams, allowWatchBookmarks: true, timeoutSeconds },
      (phase, apiObj: unknown, watchObj?: unknown) => {
        this.hooks.event(phase, apiObj);
        callback(phase, apiObj, watchObj);
      },
      (err) => {
        finished = true;
        clearTimeout(watchdog);
        if ((err as { statusCode?: unknown } | null)?.statusCode === 410) this.hooks.expired();
        done(err);
      },
    );
    if (!finished) {
      this.hooks.connected();
      watchdog = setTimeout(
        () => {
          this.hooks.watchdogFired();
          controller.abort();
        },
        timeoutSeconds * 1000 + WATCHDOG_GRACE_MS,
      );
      watchdog.unref();
    }
    return controller;
  }
}
