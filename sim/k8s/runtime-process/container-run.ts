/**
 * One run of a container: its main process (when the container runs one), the log of this run,
 * and the attach sessions sharing its stdio. A container without a process still has a run (an
 * empty log that followers wait on) until the runtime stops it. Output is decoded per stream so a
 * character split across reads stays whole in the log.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Clock } from '../clock.js';
import { LogBook } from './log-book.js';
import { startProc, type ExitInfo, type OutputStream, type Proc, type ProcOptions } from './proc.js';

/** An attach session's view of a run. */
export interface Attacher {
  output(stream: OutputStream, data: Buffer): void;
  /** The run ended. */
  end(): void;
}

/** How a run ended: exit info, or why it never started. */
export type RunEnd =
  { kind: 'exited'; exit: ExitInfo } | { kind: 'failed'; message: string } | { kind: 'stopped' };

/** One run of one container. */
export class ContainerRun {
  readonly log: LogBook;
  readonly startedAt: number;
  private proc: Proc | undefined;
  private readonly attachers = new Set<Attacher>();
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private resolveEnd!: (end: RunEnd) => void;
  /** Resolves when the run is over (process exited, start failed, or stop() of a process-less run). */
  readonly ended: Promise<RunEnd>;
  /** Set when the runtime itself stops the run (restart, deletion): its exit is expected. */
  stopping = false;
  private killTimer: NodeJS.Timeout | undefined;
  private done = false;
  private starting = false;

  constructor(
    /** The containerID of the status this run belongs to. */
    readonly containerID: string,
    readonly tty: boolean,
    readonly stdinOpen: boolean,
    private readonly clock: Clock,
    logLimitBytes: number,
  ) {
    this.log = new LogBook(logLimitBytes);
    this.startedAt = clock.now();
    this.ended = new Promise((resolve) => (this.resolveEnd = resolve));
  }

  /** True while a process runs. */
  get running(): boolean {
    return this.proc?.running ?? false;
  }

  /** Starts the main process. */
  async start(options: ProcOptions): Promise<void> {
    let proc: Proc;
    this.starting = true;
    try {
      proc = await startProc(options);
    } catch (e) {
      this.finish({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      return;
    } finally {
      this.starting = false;
    }
    this.proc = proc;
    if (this.stopping) proc.signal('SIGKILL');
    proc.onOutput((stream, data) => {
      this.log.append(stream, this.decoders[stream].write(data), this.clock.now());
      for (const a of this.attachers) a.output(stream, data);
    });
    void proc.exited.then((exit) => this.finish({ kind: 'exited', exit }));
  }

  /** Ends a run that never got a process (start failure, or an idle container being stopped). */
  finish(end: RunEnd): void {
    if (this.done) return;
    this.done = true;
    if (this.killTimer) clearTimeout(this.killTimer);
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.decoders[stream].end();
      if (rest) this.log.append(stream, rest, this.clock.now());
    }
    this.log.close();
    for (const a of this.attachers) a.end();
    this.attachers.clear();
    this.resolveEnd(end);
  }

  /** Adds an attach session; returns the function that detaches it. */
  attach(attacher: Attacher): () => void {
    if (this.log.closed) {
      attacher.end();
      return () => undefined;
    }
    this.attachers.add(attacher);
    return () => this.attachers.delete(attacher);
  }

  /** Writes to the main process's stdin (when the container keeps stdin open). */
  write(data: Buffer): void {
    if (this.stdinOpen) this.proc?.write(data);
  }

  /** Closes the main process's stdin (stdinOnce after the first attach). */
  endInput(): void {
    if (this.stdinOpen) this.proc?.endInput();
  }

  resize(cols: number, rows: number): void {
    this.proc?.resize(cols, rows);
  }

  /** SIGTERM now, SIGKILL after `graceMs`; a run without a process just ends. */
  stop(graceMs: number): Promise<RunEnd> {
    this.stopping = true;
    if (!this.proc?.running) {
      if (!this.proc && !this.starting) this.finish({ kind: 'stopped' });
      return this.ended;
    }
    const proc = this.proc;
    proc.signal('SIGTERM');
    this.killTimer ??= setTimeout(() => proc.signal('SIGKILL'), graceMs);
    return this.ended;
  }

  /** SIGKILL now. */
  kill(): Promise<RunEnd> {
    this.stopping = true;
    if (this.proc?.running) this.proc.signal('SIGKILL');
    else if (!this.proc && !this.starting) this.finish({ kind: 'stopped' });
    return this.ended;
  }
}
