import type { ChildProcess } from 'node:child_process';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../log/logger.js';
import type { ChildMessage, CycleStats, ReaderOptions } from './protocol.js';
import { forkNasReader } from './spawn.js';

export interface NasReaderClientOptions {
  options: ReaderOptions;
  registry: Registry;
  log: Logger;
  /** Restart the child when it has not reported for this long. */
  stallMs: number;
  now?: () => number;
  /** @default forkNasReader */
  spawn?: () => ChildProcess;
}

/** At most this many killed children may still linger (stuck in the kernel on a hung mount). */
const MAX_LINGERING = 3;

/**
 * Runs the NAS reader child, keeps its last snapshot for `/metrics`, restarts it when it stalls
 * or dies (with backoff), and reports its health as metrics of the parent.
 */
export class NasReaderClient {
  private child: ChildProcess | undefined;
  private lingering = new Set<ChildProcess>();
  private lastText: Buffer = Buffer.alloc(0);
  private lastReportMs = 0;
  private startedMs = 0;
  private gotFirst = false;
  private closed = false;
  private backoffMs = 1000;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly up: Gauge;
  private readonly restarts: Counter;
  private readonly lastCycle: Gauge;
  private readonly cycleDuration: Gauge;
  private readonly hung: Gauge;

  constructor(private readonly opts: NasReaderClientOptions) {
    this.now = opts.now ?? Date.now;
    const registers = [opts.registry];
    this.up = new Gauge({
      name: 'opsctl_nas_reader_up',
      help: 'Whether the NAS reader process reports on time (1) or not (0).',
      registers,
    });
    this.restarts = new Counter({
      name: 'opsctl_nas_reader_restarts_total',
      help: 'NAS reader restarts after a stall or crash.',
      labelNames: ['reason'],
      registers,
    });
    this.lastCycle = new Gauge({
      name: 'opsctl_nas_reader_last_cycle_timestamp_seconds',
      help: 'End of the last completed NAS scan cycle.',
      registers,
    });
    this.cycleDuration = new Gauge({
      name: 'opsctl_nas_reader_cycle_duration_seconds',
      help: 'Duration of the last NAS scan cycle.',
      registers,
    });
    this.hung = new Gauge({
      name: 'opsctl_nas_reader_calls_hung',
      help: 'NAS calls pending past their deadline in the reader.',
      registers,
    });
    this.up.set(0);
  }

  start(): void {
    this.spawn();
    this.watchdog = setInterval(() => this.check(), 1000);
    this.watchdog.unref();
  }

  /** The last snapshot's exposition text (empty before the first), encoded once. */
  snapshot(): Buffer {
    return this.lastText;
  }

  ready(): boolean {
    return this.gotFirst;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    clearTimeout(timer);
    for (const old of this.lingering) old.kill('SIGKILL');
  }

  private spawn(): void {
    const child = (this.opts.spawn ?? forkNasReader)();
    this.child = child;
    this.startedMs = this.now();
    child.on('message', (message: ChildMessage) => this.onMessage(child, message));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    child.on('error', (error) => this.opts.log.error('nas reader process error', { error: error.message }));
    child.send({ type: 'start', options: this.opts.options });
  }

  private onMessage(child: ChildProcess, message: ChildMessage): void {
    if (child !== this.child) return;
    switch (message.type) {
      case 'snapshot':
        this.onSnapshot(message.text, message.cycle);
        return;
      case 'log':
        this.opts.log.log(message.level, message.message, { source: 'nas-reader', ...message.fields });
        return;
      case 'gc-report':
      case 'error':
        return;
    }
  }

  private onSnapshot(text: string, cycle: CycleStats): void {
    this.lastText = Buffer.from(text, 'utf8');
    this.lastReportMs = this.now();
    this.gotFirst = true;
    this.backoffMs = 1000;
    this.up.set(1);
    this.lastCycle.set((cycle.startedMs + cycle.durationMs) / 1000);
    this.cycleDuration.set(cycle.durationMs / 1000);
    this.hung.set(cycle.hungCalls);
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    this.lingering.delete(child);
    if (child !== this.child || this.closed) return;
    this.child = undefined;
    this.up.set(0);
    this.restarts.inc({ reason: 'exit' });
    this.opts.log.error('nas reader exited; restarting', { code, signal, backoffMs: this.backoffMs });
    setTimeout(() => {
      if (!this.closed && !this.child) this.spawn();
    }, this.backoffMs).unref();
    this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
  }

  private check(): void {
    const child = this.child;
    if (!child || this.closed) return;
    const since = Math.max(this.lastReportMs, this.startedMs);
    if (this.now() - since < this.opts.stallMs) return;
    this.up.set(0);
    if (this.lingering.size >= MAX_LINGERING) return;
    this.opts.log.error('nas reader stalled; killing and restarting it', { stalledMs: this.now() - since });
    this.restarts.inc({ reason: 'stall' });
    this.lingering.add(child);
    this.child = undefined;
    child.kill('SIGKILL');
    this.spawn();
  }
}
