import type { AlertEvent } from '../core/alerting/event.js';
import type { AlertStore, IngestDecision, IngestItem, IngestOutcome } from '../adapters/store/alert-store.js';

type Decide = (
  event: AlertEvent,
  prior: { firstReceivedAt: number } | undefined,
  now: number,
) => IngestDecision;

interface Pending {
  items: IngestItem[];
  resolve: (outcomes: IngestOutcome[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: requests arriving together share one SQLite transaction (one fsync), and each
 * is answered only once that transaction is on disk.
 */
export class IntakeWriter {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly store: AlertStore,
    private readonly decide: Decide,
    private readonly now: () => number,
    private readonly onCommitted: (outcomes: IngestOutcome[]) => void,
  ) {}

  /** Resolves after the items are durable; rejects when the write failed. */
  submit(items: IngestItem[]): Promise<IngestOutcome[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    const now = this.now();
    let outcomes: IngestOutcome[];
    try {
      outcomes = this.store.ingest(
        batch.flatMap((p) => p.items),
        (event, prior) => this.decide(event, prior, now),
        now,
      );
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    let offset = 0;
    for (const p of batch) {
      p.resolve(outcomes.slice(offset, offset + p.items.length));
      offset += p.items.length;
    }
    this.onCommitted(outcomes);
  }
}
