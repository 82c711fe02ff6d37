/**
 * A deduplicating work queue: keys added while a batch is pending are handled once, on the next
 * turn of the event loop, so controllers never run inside the store's change callback and
 * requests keep flowing between batches.
 */

/** Work queue of object keys. */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private immediate: NodeJS.Immediate | undefined;
  private stopped = false;

  constructor(
    private readonly handler: (key: string) => void,
    private readonly onError: (key: string, err: unknown) => void = () => undefined,
  ) {}

  /** Queues a key. */
  add(key: string): void {
    if (this.stopped) return;
    this.pending.add(key);
    this.immediate ??= setImmediate(() => this.drain());
  }

  private drain(): void {
    this.immediate = undefined;
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) {
      try {
        this.handler(key);
      } catch (e) {
        this.onError(key, e);
      }
    }
  }

  /** True when nothing is queued. */
  get idle(): boolean {
    return this.pending.size === 0 && this.immediate === undefined;
  }

  /** Drops queued work and stops accepting more. */
  stop(): void {
    this.stopped = true;
    this.pending.clear();
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
  }
}
