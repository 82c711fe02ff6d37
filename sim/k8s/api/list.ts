/**
 * LIST: selectors, `limit`/`continue` chunking with opaque continue tokens (base64 JSON holding
 * the list resourceVersion and the next key, like etcd3's), consistent pages served from a
 * snapshot taken when the first page was cut, and 410 Expired for tokens older than the
 * retained history.
 */
import { badRequest, continueExpired } from '../api-error.js';
import type { ResourceInfo } from '../resources.js';
import { objectKey, type ObjectStore } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import type { QueryFilter } from './selectors.js';

/** One page of a list. */
export interface ListPage {
  items: KubeObject[];
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function encodeToken(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

function decodeToken(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<ContinueToken>;
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') {
      throw new Error('bad token');
    }
    return parsed as ContinueToken;
  } catch {
    throw badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
}

/** Lists with paging; keeps snapshots so later pages see the first page's state. */
export class Lister {
  private readonly snapshots = new Map<string, KubeObject[]>();

  constructor(
    private readonly store: ObjectStore,
    private readonly maxSnapshots = 16,
  ) {}

  private snapshot(info: ResourceInfo, rv: number): KubeObject[] | undefined {
    for (const key of this.snapshots.keys()) {
      const at = Number(key.slice(key.lastIndexOf('@') + 1));
      if (at < this.store.history.compactedRv) this.snapshots.delete(key);
    }
    return this.snapshots.get(`${info.key}@${rv}`);
  }

  private remember(info: ResourceInfo, rv: number, items: KubeObject[]): void {
    const key = `${info.key}@${rv}`;
    if (this.snapshots.has(key)) return;
    this.snapshots.set(key, items);
    if (this.snapshots.size > this.maxSnapshots) {
      const oldest = this.snapshots.keys().next().value;
      if (oldest !== undefined) this.snapshots.delete(oldest);
    }
  }

  /** One page for `limit`/`continue` query values (limit 0 = everything). */
  list(info: ResourceInfo, filter: QueryFilter, limit: number, continueToken: string | null): ListPage {
    let rv = this.store.rv;
    let start = '';
    let source: KubeObject[] | undefined;
    if (continueToken) {
      const token = decodeToken(continueToken);
      if (token.rv < this.store.history.compactedRv) throw continueExpired();
      rv = token.rv;
      start = token.start;
      source = this.snapshot(info, rv);
    }
    source ??= this.store.list(info.key);
    const items: KubeObject[] = [];
    let index = start === '' ? 0 : firstIndexAtOrAfter(source, start);
    for (; index < source.length; index++) {
      const obj = source[index];
      if (!obj || !filter.matches(obj)) continue;
      if (limit > 0 && items.length === limit) break;
      items.push(obj);
    }
    const page: ListPage = { items, metadata: { resourceVersion: String(rv) } };
    const remaining = limit > 0 ? countMatches(source, index, filter) : 0;
    if (remaining > 0) {
      const last = items[items.length - 1];
      page.metadata.continue = encodeToken(rv, `${keyOf(last)}\u0000`);
      // The real server only knows the remaining count when no selector filters the keys.
      if (filter.empty) page.metadata.remainingItemCount = remaining;
      this.remember(info, rv, source);
    }
    return page;
  }
}

function countMatches(items: KubeObject[], from: number, filter: QueryFilter): number {
  let n = 0;
  for (let i = from; i < items.length; i++) {
    const obj = items[i];
    if (obj && filter.matches(obj)) n++;
  }
  return n;
}

function keyOf(obj: KubeObject | undefined): string {
  return obj ? objectKey(obj.metadata.namespace, obj.metadata.name ?? '') : '';
}

function firstIndexAtOrAfter(items: KubeObject[], start: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keyOf(items[mid]) < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Parses `limit` (400 when not a non-negative integer). */
export function parseLimit(value: string | null): number {
  if (value === null || value === '') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw badRequest(`limit: Invalid value: "${value}": must be a non-negative integer`);
  return n;
}
