/**
 * Loads node-pty on first use, so simulators without tty sessions never load the native module,
 * and a machine where it did not build falls back to `script` (see proc.ts).
 */

/** The part of node-pty the runtime uses. */
export interface PtyTerminal {
  readonly pid: number;
  /** The slave device path (node-pty's `_pty`). */
  readonly ptsName: string;
  onData(listener: (data: Buffer | string) => void): void;
  onExit(listener: (e: { exitCode: number; signal?: number }) => void): void;
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
}

/** What spawns a terminal. */
export interface PtyModule {
  spawn(
    file: string,
    args: string[],
    options: {
      cwd: string;
      env: Record<string, string>;
      cols: number;
      rows: number;
      encoding: null;
    },
  ): PtyTerminal;
}

interface NodePtyTerminal {
  readonly pid: number;
  readonly _pty: string;
  onData(listener: (data: Buffer | string) => void): unknown;
  onExit(listener: (e: { exitCode: number; signal?: number }) => void): unknown;
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
}

let loaded: Promise<PtyModule | undefined> | undefined;

/** node-pty, or undefined when it cannot be loaded here. */
export function loadPty(): Promise<PtyModule | undefined> {
  loaded ??= import('node-pty').then(
    (mod) => {
      const nodePty = (mod as { default?: typeof mod }).default ?? mod;
      return {
        spawn(file, args, options) {
          const term = nodePty.spawn(file, args, options) as unknown as NodePtyTerminal;
          return {
            pid: term.pid,
            ptsName: term._pty,
            onData: (l) => void term.onData(l),
            onExit: (l) => void term.onExit(l),
            write: (d) => term.write(d),
            resize: (c, r) => term.resize(c, r),
            pause: () => term.pause(),
            resume: () => term.resume(),
          };
        },
      } satisfies PtyModule;
    },
    () => undefined,
  );
  return loaded;
}
