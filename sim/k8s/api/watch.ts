/**
 * WATCH: a chunked `application/json` stream of `{type, object}` lines. resourceVersion unset or
 * "0" starts with synthetic ADDED events for the current state; N replays retained events after
 * N, or sends one 410 Expired ERROR event and closes when N is older than the retained window.
 * Supports timeoutSeconds, allowWatchBookmarks (periodic BOOKMARKs) and sendInitialEvents.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, tooOldResourceVersion } from '../api-error.js';
import type { Clock, TimerHandle } from '../clock.js';
import { apiVersionOf, type ResourceInfo } from '../resources.js';
import type { ObjectStore } from '../store/object-store.js';
import type { ChangeEvent } from '../store/history.js';
import type { KubeObject } from '../types.js';
import { queryFlag } from './request-info.js';
import type { QueryFilter } from './selectors.js';
import type { WatchEncoder } from './watch-events.js';
import { eventFor, type WireEvent } from './watch-events.js';

/** Timing knobs of watches. */
export interface WatchSettings {
  /** Interval of BOOKMARK events for watches that allow them. @default 60000 */
  bookmarkIntervalMs: number;
  /** Watch duration when the client sends no timeoutSeconds, before jitter. @default 1800 */
  defaultTimeoutSeconds: number;
}

interface ActiveWatch {
  resource: string;
  onChange(change: ChangeEvent): void;
  close(abrupt: boolean): void;
}

/** All open watches, fed from the store's change feed. */
export class WatchHub {
  private readonly watches = new Set<ActiveWatch>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
    readonly settings: WatchSettings,
  ) {
    this.unsubscribe = store.subscribe((change) => {
      for (const w of this.watches) if (w.resource === change.resource) w.onChange(change);
    });
  }

  /** Number of open watch connections. */
  get size(): number {
    return this.watches.size;
  }

  /** Ends every open watch: cleanly (end of stream) or abruptly (socket destroyed). */
  dropAll(abrupt = false): number {
    const all = [...this.watches];
    for (const w of all) w.close(abrupt);
    return all.length;
  }

  /** Stops feeding watches and ends them. */
  close(): void {
    this.dropAll();
    this.unsubscribe();
  }

  /** Serves one watch request. */
  serve(
    req: IncomingMessage,
    res: ServerResponse,
    info: ResourceInfo,
    filter: QueryFilter,
    query: URLSearchParams,
    encoder: WatchEncoder,
  ): void {
    const rvText = query.get('resourceVersion') ?? '';
    if (rvText !== '' && !/^\d+$/.test(rvText)) {
      throw badRequest(
        `resourceVersion: Invalid value: "${rvText}": strconv.ParseUint: parsing "${rvText}": invalid syntax`,
      );
    }
    const fromRv = rvText === '' ? 0 : Number(rvText);
    const initial = fromRv === 0 || queryFlag(query.get('sendInitialEvents'));
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
      'Cache-Control': 'no-cache, private',
    });
    res.flushHeaders();
    const send = (event: WireEvent): void => {
      res.write(encoder.encode(event));
    };
    if (!initial && fromRv < this.store.history.compactedRv) {
      send({
        type: 'ERROR',
        object: tooOldResourceVersion(fromRv, this.store.history.compactedRv).status as unknown as KubeObject,
      });
      res.end();
      return;
    }
    this.startStream(req, res, info, filter, query, send, initial ? undefined : fromRv);
  }

  private startStream(
    req: IncomingMessage,
    res: ServerResponse,
    info: ResourceInfo,
    filter: QueryFilter,
    query: URLSearchParams,
    send: (event: WireEvent) => void,
    fromRv: number | undefined,
  ): void {
    const bookmarks = queryFlag(query.get('allowWatchBookmarks'));
    const timers: TimerHandle[] = [];
    const watch: ActiveWatch = {
      resource: info.key,
      onChange: (change) => {
        const event = eventFor(change, filter.matches);
        if (event) send(event);
      },
      close: (abrupt) => {
        if (!this.watches.delete(watch)) return;
        for (const t of timers) this.clock.clearTimeout(t);
        if (abrupt) res.destroy();
        else res.end();
      },
    };
    if (fromRv === undefined) {
      for (const obj of this.store.list(info.key))
        if (filter.matches(obj)) send({ type: 'ADDED', object: obj });
      if (bookmarks && queryFlag(query.get('sendInitialEvents'))) {
        send(this.bookmark(info, { 'k8s.io/initial-events-end': 'true' }));
      }
    } else {
      for (const change of this.store.history.since(fromRv))
        if (change.resource === info.key) watch.onChange(change);
    }
    this.watches.add(watch);
    req.on('close', () => watch.close(false));
    res.on('close', () => watch.close(false));
    const timeout = Number(query.get('timeoutSeconds') ?? '');
    const seconds = timeout > 0 ? timeout : this.settings.defaultTimeoutSeconds * (1 + Math.random());
    timers.push(this.clock.setTimeout(() => watch.close(false), seconds * 1000));
    if (bookmarks) this.scheduleBookmarks(info, send, timers);
  }

  private bookmark(info: ResourceInfo, annotations?: Record<string, string>): WireEvent {
    const metadata: Record<string, unknown> = {
      resourceVersion: String(this.store.rv),
      creationTimestamp: null,
    };
    if (annotations) metadata.annotations = annotations;
    return { type: 'BOOKMARK', object: { kind: info.kind, apiVersion: apiVersionOf(info), metadata } };
  }

  private scheduleBookmarks(info: ResourceInfo, send: (e: WireEvent) => void, timers: TimerHandle[]): void {
    // timers[1] is the pending bookmark timer; replacing it keeps the list at two entries.
    const tick = (): void => {
      send(this.bookmark(info));
      timers[1] = this.clock.setTimeout(tick, this.settings.bookmarkIntervalMs);
    };
    timers[1] = this.clock.setTimeout(tick, this.settings.bookmarkIntervalMs);
  }
}
