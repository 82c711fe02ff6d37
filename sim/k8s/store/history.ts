/**
 * The retained window of change events (the apiserver's watch cache / etcd history): watches
 * and continue tokens from a resourceVersion inside the window are served from it, older ones
 * get 410 Expired. The window is a ring of the last `capacity` events; tests shrink it or
 * compact it to force the 410 paths.
 */
import type { KubeObject } from '../types.js';

/** Watch event types a write produces. */
export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One write, as the store emits it. */
export interface ChangeEvent {
  type: ChangeType;
  rv: number;
  /** Resource key (`pods`, `deployments.apps`). */
  resource: string;
  object: KubeObject;
  /** The object before a MODIFIED or DELETED write. */
  previous?: KubeObject;
}

/** Ring buffer of the most recent change events, oldest first. */
export class EventHistory {
  private ring: (ChangeEvent | undefined)[];
  private start = 0;
  private size = 0;
  /** Events with rv <= compactedRv are no longer available. */
  compactedRv: number;

  constructor(
    private capacity: number,
    initialRv: number,
  ) {
    this.ring = new Array<ChangeEvent | undefined>(Math.max(1, capacity));
    this.compactedRv = initialRv;
  }

  /** Number of retained events. */
  get length(): number {
    return this.size;
  }

  /** Appends an event, dropping the oldest when the window is full. */
  append(event: ChangeEvent): void {
    if (this.capacity === 0) {
      this.compactedRv = event.rv;
      return;
    }
    if (this.size === this.capacity) this.dropOldest();
    this.ring[(this.start + this.size) % this.capacity] = event;
    this.size++;
  }

  private at(i: number): ChangeEvent {
    const event = this.ring[(this.start + i) % this.capacity];
    if (!event) throw new Error('history ring out of sync');
    return event;
  }

  private dropOldest(): void {
    const oldest = this.at(0);
    this.compactedRv = oldest.rv;
    this.ring[this.start] = undefined;
    this.start = (this.start + 1) % this.capacity;
    this.size--;
  }

  /** Events with rv > `rv`, oldest first. Callers check `rv >= compactedRv` first. */
  since(rv: number): ChangeEvent[] {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at(mid).rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    const out: ChangeEvent[] = [];
    for (let i = lo; i < this.size; i++) out.push(this.at(i));
    return out;
  }

  /** Changes the window size, dropping the oldest events that no longer fit. */
  resize(capacity: number): void {
    const kept = this.since(this.compactedRv).slice(Math.max(0, this.size - capacity));
    const dropped = this.size - kept.length;
    if (dropped > 0) this.compactedRv = this.at(dropped - 1).rv;
    this.capacity = capacity;
    this.ring = new Array<ChangeEvent | undefined>(Math.max(1, capacity));
    this.start = 0;
    this.size = 0;
    for (const event of kept) this.append(event);
  }

  /** Forgets every event up to `rv` (all of them by default). */
  compact(rv: number): void {
    while (this.size > 0 && this.at(0).rv <= rv) this.dropOldest();
    this.compactedRv = Math.max(this.compactedRv, rv);
  }
}
