import { renderParts } from './template-engine.js';
import type { ChannelClient, SendOutcome } from './types.js';

/** A message as the log inbox keeps it. */
export interface InboxEntry {
  at: number;
  receiver: string;
  title: string;
  text: string;
  keys: string[];
}

/** Where `log` channels write: the router's logger and a bounded in-memory inbox (`/inbox`). */
export interface InboxSink {
  write(entry: InboxEntry): void;
}

/** A channel that delivers into the router's own log and inbox page (demo, default route). */
export function createLogChannel(sink: InboxSink, now: () => number): ChannelClient {
  return {
    type: 'log',
    send(message): Promise<SendOutcome> {
      const { parts, templateError } = renderParts({
        view: message.view,
        template: message.template,
        format: 'text',
        measure: () => 0,
        maxBytes: Number.MAX_SAFE_INTEGER,
        maxParts: 1,
      });
      const part = parts[0]!;
      sink.write({
        at: now(),
        receiver: message.view.receiver,
        title: part.title,
        text: part.text,
        keys: message.view.alerts.map((a) => a.key),
      });
      return Promise.resolve({
        result: 'success',
        detail: 'written to the log inbox',
        partsDone: 1,
        attempts: [],
        ...(templateError !== undefined ? { templateError } : {}),
      });
    },
  };
}
