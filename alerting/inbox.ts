import type { InboxEntry, InboxSink } from '../adapters/alert-channels/log-channel.js';
import type { Logger } from '../adapters/log/logger.js';

/** The `log` channel's destination: a line in the router log and the last entries for /inbox. */
export class Inbox implements InboxSink {
  private readonly entries: InboxEntry[] = [];

  constructor(
    private readonly log: Logger,
    private readonly capacity = 200,
  ) {}

  write(entry: InboxEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.shift();
    this.log.info('alert notification', { receiver: entry.receiver, title: entry.title, keys: entry.keys });
  }

  /** Newest first. */
  list(): InboxEntry[] {
    return [...this.entries].reverse();
  }
}
