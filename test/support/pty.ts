/**
 * Runs a program under a real pseudo-terminal (node-pty) for tests of interactive tools
 * (`kubectl exec -it`, `kubectl debug -it`): collected output, waiting for text, typing, resizing
 * the terminal, and the exit code.
 */
import { spawn as spawnPty } from 'node-pty';

/** A program running in a terminal. */
export interface PtyRun {
  /** Everything printed so far. */
  output(): string;
  /** Resolves with the output once it contains `text` after `from` (rejects after `timeoutMs`). */
  waitFor(text: string | RegExp, options?: { timeoutMs?: number; from?: number }): Promise<string>;
  /** Types into the terminal. */
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Exit code once the program ended. */
  readonly exited: Promise<number>;
  kill(): void;
}

/** Starts `file args` in a terminal of `cols` x `rows`. */
export function spawnInPty(
  file: string,
  args: string[],
  options: { cols?: number; rows?: number; env?: Record<string, string>; cwd?: string } = {},
): PtyRun {
  const env = { ...(process.env as Record<string, string>), ...options.env };
  const term = spawnPty(file, args, {
    name: 'xterm',
    cols: options.cols ?? 80,
    rows: options.rows ?? 24,
    cwd: options.cwd ?? process.cwd(),
    env,
  });
  let out = '';
  const waiters = new Set<() => void>();
  term.onData((d) => {
    out += d;
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<number>((resolve) => term.onExit((e) => resolve(e.exitCode)));
  return {
    output: () => out,
    waitFor: (text, { timeoutMs = 20_000, from = 0 } = {}) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const seen = out.slice(from);
          if (typeof text === 'string' ? seen.includes(text) : text.test(seen)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(out);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${String(text)}; terminal so far:\n${out}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    write: (data) => term.write(data),
    resize: (cols, rows) => term.resize(cols, rows),
    exited,
    kill: () => term.kill('SIGKILL'),
  };
}
