import type { ChildProcess } from 'node:child_process';
import { classifyErrno, type ProbeErrno } from './errno.js';
import type { FsSpace, ProbeChildMessage, ProbeOp, ProbeRequest } from './protocol.js';
import { forkProbeChild } from './spawn.js';

/** How one operation of a probe ended. */
export interface ProbeOpResult {
  op: ProbeOp;
  ok: boolean;
  durationMs: number;
  /** The label value for a failed operation. */
  errno?: ProbeErrno;
  /** The error code as Node reported it (`ENOTCONN`, `ECONNABORTED`...). */
  code?: string;
  message?: string;
  /** The answer came after the deadline (the operation was counted as `timeout` first). */
  late?: boolean;
}

/** What a probe of one folder found. */
export interface ProbeOutcome {
  path: string;
  results: ProbeOpResult[];
  space?: FsSpace;
  /** Entries the readdir probe read (at most its limit). */
  entries?: number;
  /** The first operation that passed its deadline. */
  hungOp?: ProbeOp;
  /** The child failed to start or died before finishing: says nothing about the NAS. */
  childError?: string;
  /** The child ran every operation and said so. */
  complete: boolean;
}

export interface ProbeRunOptions {
  path: string;
  write: boolean;
  /** Deadline of each operation. */
  timeoutMs: number;
  /** Deadline for the child to start (loading Node is not the NAS's fault). @default 30000 */
  startTimeoutMs?: number;
  /** @default 1000 */
  readdirLimit?: number;
  /** @default forkProbeChild */
  spawn?: () => ChildProcess;
  /** @default Date.now */
  now?: () => number;
}

export interface ProbeEvents {
  /** An operation ended (also a late answer after its timeout). */
  onResult?(result: ProbeOpResult): void;
  /** An operation passed its deadline; the child is left running (it may still answer). */
  onTimeout?(op: ProbeOp): void;
  /** The probe is over: the child finished, died or could not start. Called once. */
  onEnd?(outcome: ProbeOutcome): void;
  /** The child process is gone; for a killed child stuck in the kernel this can come much later. */
  onExit?(): void;
}

/**
 * One probe of one folder in a child process, with a deadline on every operation. The parent
 * never waits on the NAS: it only counts time between the child's messages.
 */
export class ProbeRun {
  readonly outcome: ProbeOutcome;
  /** When the first operation passed its deadline. */
  hungSinceMs: number | undefined;
  private readonly child: ChildProcess;
  private readonly now: () => number;
  private opTimer: NodeJS.Timeout | undefined;
  private startTimer: NodeJS.Timeout | undefined;
  private ended = false;
  private exited = false;
  private killed = false;

  constructor(
    private readonly options: ProbeRunOptions,
    private readonly events: ProbeEvents = {},
  ) {
    this.now = options.now ?? Date.now;
    this.outcome = { path: options.path, results: [], complete: false };
    this.child = (options.spawn ?? forkProbeChild)();
    this.child.on('message', (message: ProbeChildMessage) => this.onMessage(message));
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
    this.child.on('error', (error) => this.end(`probe process error: ${error.message}`));
    this.startTimer = setTimeout(() => {
      this.end(`the probe process did not start within ${options.startTimeoutMs ?? 30_000} ms`);
      this.kill();
    }, options.startTimeoutMs ?? 30_000);
  }

  /** The child process has not exited yet. */
  get alive(): boolean {
    return !this.exited;
  }

  /** A probe is hung while an operation is past its deadline and the child has not exited. */
  get hung(): boolean {
    return this.hungSinceMs !== undefined && !this.exited;
  }

  /** SIGKILL; the child stops holding this process open even if it lingers in the kernel. */
  kill(): void {
    if (this.exited) return;
    this.killed = true;
    this.child.kill('SIGKILL');
    if (this.child.connected) this.child.disconnect();
    this.child.unref();
  }

  private onMessage(message: ProbeChildMessage): void {
    switch (message.type) {
      case 'ready': {
        clearTimeout(this.startTimer);
        const request: ProbeRequest = {
          type: 'probe',
          path: this.options.path,
          write: this.options.write,
          readdirLimit: this.options.readdirLimit ?? 1000,
        };
        this.child.send(request);
        return;
      }
      case 'begin':
        clearTimeout(this.opTimer);
        this.opTimer = setTimeout(() => this.onDeadline(message.op), this.options.timeoutMs);
        return;
      case 'ok':
      case 'fail':
        clearTimeout(this.opTimer);
        this.record(message);
        return;
      case 'done':
        this.outcome.complete = true;
        this.end(undefined);
        return;
    }
  }

  private record(message: Extract<ProbeChildMessage, { type: 'ok' | 'fail' }>): void {
    const result: ProbeOpResult = {
      op: message.op,
      ok: message.type === 'ok',
      durationMs: message.durationMs,
    };
    if (message.type === 'fail') {
      result.errno = classifyErrno(message.code);
      result.code = message.code;
      result.message = message.message;
    } else {
      if (message.space) this.outcome.space = message.space;
      if (message.entries !== undefined) this.outcome.entries = message.entries;
    }
    if (this.outcome.hungOp === message.op) result.late = true;
    this.outcome.results.push(result);
    this.events.onResult?.(result);
  }

  private onDeadline(op: ProbeOp): void {
    if (this.outcome.hungOp === undefined) {
      this.outcome.hungOp = op;
      this.hungSinceMs = this.now();
    }
    this.events.onTimeout?.(op);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    clearTimeout(this.opTimer);
    clearTimeout(this.startTimer);
    this.exited = true;
    this.end(this.killed ? 'killed' : `the probe process ended early (${signal ?? `exit ${code}`})`);
    this.events.onExit?.();
  }

  private end(childError: string | undefined): void {
    if (this.ended) return;
    this.ended = true;
    if (childError !== undefined && !this.outcome.complete) this.outcome.childError = childError;
    this.events.onEnd?.(this.outcome);
  }
}

/**
 * Probes a folder once and resolves with what was found; at the first deadline the child is
 * killed and the outcome names the operation that hung (for `opsctl nas check`).
 */
export function probeOnce(options: ProbeRunOptions): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const run: ProbeRun = new ProbeRun(options, {
      onTimeout: () => {
        run.kill();
        resolve(run.outcome);
      },
      onEnd: resolve,
    });
  });
}
