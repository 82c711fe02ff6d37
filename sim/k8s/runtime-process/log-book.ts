/**
 * The log of one container run, kept like the kubelet's CRI log file: one entry per line with the
 * time it was written and its stream (a line still being written stays open until its newline).
 * A byte budget drops the oldest lines, as log rotation would. Followers get new lines until the
 * run ends.
 */
import type { OutputStream } from './proc.js';

/** One logged line (its text ends with `\n` unless the line is still open). */
export interface LogLine {
  /** Milliseconds since the epoch. */
  time: number;
  stream: OutputStream;
  text: string;
}

/** What a follower hears. */
export interface LogFollower {
  /** A new line, or (continued) more text of the line last sent for its stream. */
  line(entry: LogLine, continued: boolean): void;
  end(): void;
}

/** Lines of one container run. */
export class LogBook {
  private readonly lines: LogLine[] = [];
  private bytes = 0;
  private readonly open = new Map<OutputStream, LogLine>();
  private readonly followers = new Set<LogFollower>();
  private ended = false;

  constructor(private readonly limitBytes: number) {}

  /** True once the run ended (no more lines). */
  get closed(): boolean {
    return this.ended;
  }

  /** Appends output of a stream at `time`. */
  append(stream: OutputStream, data: string, time: number): void {
    if (this.ended || data === '') return;
    let rest = data;
    while (rest !== '') {
      const nl = rest.indexOf('\n');
      const piece = nl < 0 ? rest : rest.slice(0, nl + 1);
      rest = nl < 0 ? '' : rest.slice(nl + 1);
      const pending = this.open.get(stream);
      if (pending) {
        // An open line grows in place; followers get only its new part.
        pending.text += piece;
        this.bytes += piece.length;
        this.emit({ ...pending, text: piece }, true);
      } else {
        const line: LogLine = { time, stream, text: piece };
        this.lines.push(line);
        this.bytes += piece.length;
        this.emit(line, false);
        if (!piece.endsWith('\n')) this.open.set(stream, line);
      }
      if (piece.endsWith('\n')) this.open.delete(stream);
    }
    this.trim();
  }

  private emit(line: LogLine, continued: boolean): void {
    for (const f of this.followers) f.line(line, continued);
  }

  private trim(): void {
    while (this.bytes > this.limitBytes && this.lines.length > 1) {
      const dropped = this.lines.shift();
      if (!dropped) break;
      this.bytes -= dropped.text.length;
      if (this.open.get(dropped.stream) === dropped) this.open.delete(dropped.stream);
    }
  }

  /** A copy of the lines so far. */
  snapshot(): LogLine[] {
    return this.lines.map((l) => ({ ...l }));
  }

  /** Adds a follower; returns the function that removes it. Ended books end followers at once. */
  follow(follower: LogFollower): () => void {
    if (this.ended) {
      follower.end();
      return () => undefined;
    }
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }

  /** The run ended: followers are told and dropped. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    for (const f of this.followers) f.end();
    this.followers.clear();
  }
}
