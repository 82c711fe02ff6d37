import type { RateWindow } from './routes-schema.js';

/**
 * Send limits per robot or phone number as sliding windows ("20 per 60 s"). A plain token bucket
 * refilled at 20/min lets 40 through in one minute (full bucket + refill), which is exactly what
 * earns DingTalk's 130101 and a 10-minute block; a window log never exceeds the count.
 */
export class RateWindows {
  private readonly sent: number[] = [];
  private readonly longestMs: number;

  constructor(private readonly windows: readonly RateWindow[]) {
    this.longestMs = Math.max(0, ...windows.map((w) => w.seconds * 1000));
  }

  /** Sends still allowed now (Infinity without windows). */
  available(now: number): number {
    this.prune(now);
    let free = Infinity;
    for (const w of this.windows) {
      const since = now - w.seconds * 1000;
      free = Math.min(free, w.count - this.sent.filter((t) => t > since).length);
    }
    return Math.max(0, free);
  }

  /** Records a send at `at` (also used to replay sends from the ledger after a restart). */
  record(at: number): void {
    this.sent.push(at);
    this.sent.sort((a, b) => a - b);
  }

  /** Earliest time at or after `now` when one more send is allowed. */
  nextFreeAt(now: number): number {
    this.prune(now);
    let at = now;
    for (const w of this.windows) {
      const span = w.seconds * 1000;
      const inWindow = this.sent.filter((t) => t > now - span);
      if (inWindow.length >= w.count) at = Math.max(at, inWindow[inWindow.length - w.count]! + span + 1);
    }
    return at;
  }

  private prune(now: number): void {
    while (this.sent.length > 0 && this.sent[0]! <= now - this.longestMs) this.sent.shift();
  }
}

/** Retry delay after `attempt` failures: exponential, capped, with jitter in [50%, 100%]. */
export function backoffMs(attempt: number, initialMs: number, maxMs: number, random: () => number): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + random() * 0.5));
}
