/**
 * Serial (and Parallel on JDK 11) log a Full GC that runs inside a young collection as its own
 * summary with the next GC id, printed just before the enclosing young summary:
 * `GC(3) Pause Full (Allocation Failure) 74M->10M(92M) 7.097ms` then
 * `GC(2) Pause Young (Allocation Failure) 74M->10M(92M) 7.236ms`. That is one stop-the-world
 * pause, so it is reported once, as a Full GC with the Full's cause and the outer duration and
 * heap change. A Full summary is held back until the next line shows whether it was nested.
 */
import type { GcEvent, GcPauseEvent } from './types.js';

/**
 * What most lines yield. Shared and frozen so the hot path allocates nothing; callers only
 * iterate the arrays `push` returns, and a frozen array fails loudly if one ever mutates it.
 */
export const NO_EVENTS = Object.freeze([]) as unknown as GcEvent[];

/** Tracks a Full GC summary that may still be closed by its enclosing young summary. */
export class PendingFull {
  private pending: GcPauseEvent | undefined;
  /** The enclosing young start line was seen, so the Full is known to be nested. */
  private certain = false;
  private openYoungId = -1;
  /**
   * Without `[gc,start]` lines (`-Xlog:gc`), a Full cannot be known to be nested until the
   * next line; with them, only a Full inside an open young collection needs holding.
   */
  private sawStartLines = false;

  /** A `Pause ...` line without figures, i.e. the start of a pause. */
  onStartLine(gcId: number, isYoung: boolean): void {
    this.sawStartLines = true;
    if (isYoung) this.openYoungId = gcId;
  }

  /** A line without a GC id: ends an uncertain wait (the enclosing summary would follow at once). */
  onPlainLine(): GcEvent[] {
    return this.pending && !this.certain ? this.flush() : NO_EVENTS;
  }

  /** A line of collection `gcId` that is no event summary (heap, phases, cpu...). */
  onDetailLine(gcId: number): GcEvent[] {
    const held = this.pending?.gcId;
    if (held === undefined || gcId === held || gcId === held - 1) return NO_EVENTS;
    return this.flush();
  }

  /** An event summary of collection `gcId`; returns `out` with what is now complete appended. */
  onEvent(gcId: number, event: GcEvent, out: GcEvent[]): GcEvent[] {
    const held = this.pending;
    if (held?.gcId !== undefined) {
      if (event.kind === 'pause' && event.type === 'young' && gcId === held.gcId - 1) {
        this.pending = undefined;
        if (this.openYoungId === gcId) this.openYoungId = -1;
        out.push({ ...event, type: 'full', cause: held.cause });
        return out;
      }
      if (gcId !== held.gcId && gcId !== held.gcId - 1) out.unshift(...this.flush());
    }
    if (event.kind === 'pause') {
      if (event.type === 'young' && gcId === this.openYoungId) this.openYoungId = -1;
      if (event.type === 'full' && this.pending === undefined) {
        const nested = this.openYoungId === gcId - 1;
        if (nested || !this.sawStartLines) {
          this.pending = event;
          this.certain = nested;
          return out;
        }
      }
    }
    out.push(event);
    return out;
  }

  /** Releases a held Full summary as a plain Full GC. */
  flush(): GcEvent[] {
    const held = this.pending;
    this.pending = undefined;
    this.certain = false;
    return held ? [held] : NO_EVENTS;
  }
}
