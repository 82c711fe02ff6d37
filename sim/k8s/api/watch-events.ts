/**
 * What one watcher is sent for a store change: selector transitions as the watch cache does them
 * (an object that starts matching is ADDED, one that stops matching is DELETED), and the wire
 * encoding of events, plain or as one-row Tables.
 */
import { objectJson } from './respond.js';
import type { ChangeEvent, ChangeType } from '../store/history.js';
import { buildTable, type IncludeObject } from '../tables/table.js';
import type { KubeObject } from '../types.js';

/** An event as sent to a client. */
export interface WireEvent {
  type: ChangeType | 'BOOKMARK' | 'ERROR';
  object: KubeObject;
}

function withRv(obj: KubeObject, rv: number): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
}

/** The event this watcher sees for a change, or undefined when it sees nothing. */
export function eventFor(change: ChangeEvent, matches: (obj: KubeObject) => boolean): WireEvent | undefined {
  switch (change.type) {
    case 'ADDED':
      return matches(change.object) ? { type: 'ADDED', object: change.object } : undefined;
    case 'DELETED':
      return matches(change.object) ? { type: 'DELETED', object: change.object } : undefined;
    case 'MODIFIED': {
      const now = matches(change.object);
      const before = change.previous ? matches(change.previous) : false;
      if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: change.object };
      if (before && change.previous) return { type: 'DELETED', object: withRv(change.previous, change.rv) };
      return undefined;
    }
  }
}

/** Encodes watch events as JSON lines, switching to Tables for `as=Table` watches. */
export class WatchEncoder {
  private headersSent = false;

  constructor(
    private readonly table?: { apiVersion: string; includeObject: IncludeObject; now: () => number },
  ) {}

  /** One JSON line (with the trailing newline). */
  encode(event: WireEvent): string {
    if (!this.table || event.type === 'ERROR' || event.type === 'BOOKMARK') {
      return `{"type":"${event.type}","object":${objectJson(event.object)}}\n`;
    }
    const table = buildTable(
      event.object.kind,
      [event.object],
      { resourceVersion: event.object.metadata.resourceVersion ?? '' },
      {
        now: this.table.now(),
        includeObject: this.table.includeObject,
        noHeaders: this.headersSent,
        apiVersion: this.table.apiVersion,
      },
    );
    // Column definitions go with the first event only, as the apiserver does.
    this.headersSent = true;
    return `${JSON.stringify({ type: event.type, object: table })}\n`;
  }
}
