/**
 * A container process with its stdio, over pipes or a pseudo-terminal, behind one interface:
 * output events, input, resize, signals to its whole process group, and an exit that resolves
 * only once its output has been delivered. Exit codes of signalled processes are 128 + signal,
 * as container runtimes report them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants as fsConstants, openSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import type { Launch } from './sandbox.js';
import { loadPty, type PtyModule } from './pty-loader.js';

/** How a process ended. */
export interface ExitInfo {
  /** Exit status; 128 + n when killed by signal n. */
  code: number;
  signal?: string;
}

/** Output stream names. */
export type OutputStream = 'stdout' | 'stderr';

/** A running container process. */
export interface Proc {
  readonly pid: number;
  /** Adds an output listener (tty output arrives as stdout). */
  onOutput(listener: (stream: OutputStream, data: Buffer) => void): void;
  /** Writes to stdin; false when the caller should wait for drain. */
  write(data: Buffer): boolean;
  onDrain(listener: () => void): void;
  /** Closes stdin (on a tty: sends end-of-file). */
  endInput(): void;
  resize(cols: number, rows: number): void;
  pauseOutput(): void;
  resumeOutput(): void;
  /** Sends a signal to the process group. */
  signal(sig: NodeJS.Signals): void;
  /** Resolves when the process exited and its output was delivered. */
  readonly exited: Promise<ExitInfo>;
  readonly running: boolean;
}

/** What to start. */
export interface ProcOptions {
  launch: Launch;
  env: Record<string, string>;
  stdin: boolean;
  tty: boolean;
  size?: { cols: number; rows: number };
}

function signalCode(signal: string | null | undefined): number {
  const n = signal ? osConstants.signals[signal as NodeJS.Signals] : undefined;
  return n === undefined ? 0 : 128 + n;
}

function groupKill(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    // Already gone.
  }
}

/** Output after exit is waited for this long when a background child keeps the pipes open. */
const PIPE_LINGER_MS = 1000;

/** Resolves when the child exited and its pipes closed (or lingered too long after the exit). */
function pipedExit(child: ChildProcess, state: { running: boolean }): Promise<ExitInfo> {
  return new Promise<ExitInfo>((resolve) => {
    let info: ExitInfo | undefined;
    child.once('error', (e) => {
      state.running = false;
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({ code: 127, signal: e.message });
    });
    child.once('exit', (code, signal) => {
      state.running = false;
      info = signal ? { code: signalCode(signal), signal } : { code: code ?? 0 };
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, PIPE_LINGER_MS).unref();
    });
    child.once('close', () => resolve(info ?? { code: 0 }));
  });
}

function startPiped(options: ProcOptions): Proc {
  const { launch } = options;
  const child = spawn(launch.file, launch.args, {
    cwd: launch.cwd,
    env: options.env,
    detached: true,
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const listeners: ((s: OutputStream, d: Buffer) => void)[] = [];
  child.stdout?.on('data', (d: Buffer) => listeners.forEach((l) => l('stdout', d)));
  child.stderr?.on('data', (d: Buffer) => listeners.forEach((l) => l('stderr', d)));
  child.stdin?.on('error', () => undefined);
  const state = { running: true };
  const exited = pipedExit(child, state);
  return {
    pid: child.pid ?? 0,
    onOutput: (l) => listeners.push(l),
    write: (d) => child.stdin?.write(d) ?? true,
    onDrain: (l) => child.stdin?.on('drain', l),
    endInput: () => child.stdin?.end(),
    resize: () => undefined,
    pauseOutput: () => {
      child.stdout?.pause();
      child.stderr?.pause();
    },
    resumeOutput: () => {
      child.stdout?.resume();
      child.stderr?.resume();
    },
    signal: (sig) => {
      if (state.running && child.pid) groupKill(child.pid, sig);
    },
    exited,
    get running() {
      return state.running;
    },
  };
}

function startPty(pty: PtyModule, options: ProcOptions): Proc {
  const { launch } = options;
  const term = pty.spawn(launch.file, launch.args, {
    cwd: launch.cwd,
    env: options.env,
    cols: options.size?.cols ?? 80,
    rows: options.size?.rows ?? 24,
    encoding: null,
  });
  // node-pty drops the tail of the output when the child closes the terminal before everything
  // was read; holding the slave side open until the exit keeps the master readable.
  const slave = openSync(term.ptsName, fsConstants.O_RDWR | fsConstants.O_NOCTTY);
  const listeners: ((s: OutputStream, d: Buffer) => void)[] = [];
  term.onData((d) => {
    const data = typeof d === 'string' ? Buffer.from(d) : d;
    listeners.forEach((l) => l('stdout', data));
  });
  let running = true;
  const exited = new Promise<ExitInfo>((resolve) => {
    term.onExit((e) => {
      running = false;
      closeSync(slave);
      resolve(e.signal ? { code: 128 + e.signal, signal: String(e.signal) } : { code: e.exitCode });
    });
  });
  return {
    pid: term.pid,
    onOutput: (l) => listeners.push(l),
    write: (d) => {
      if (running) term.write(d);
      return true;
    },
    onDrain: () => undefined,
    endInput: () => {
      if (running) term.write(Buffer.from([4]));
    },
    resize: (cols, rows) => {
      if (running && cols > 0 && rows > 0) term.resize(cols, rows);
    },
    pauseOutput: () => term.pause(),
    resumeOutput: () => term.resume(),
    signal: (sig) => {
      if (running) groupKill(term.pid, sig);
    },
    exited,
    get running() {
      return running;
    },
  };
}

/** Starts a process (a tty one through node-pty, or `script` when node-pty cannot load). */
export async function startProc(options: ProcOptions): Promise<Proc> {
  if (!options.tty) return startPiped(options);
  const pty = await loadPty();
  if (pty) return startPty(pty, options);
  const command = [options.launch.file, ...options.launch.args].map(shellQuote).join(' ');
  return startPiped({
    ...options,
    stdin: true,
    tty: false,
    launch: { file: 'script', args: ['-qfec', command, '/dev/null'], cwd: options.launch.cwd },
  });
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}
