/**
 * One `exec`: a new process in the container's working area, its stdio pumped over the channels
 * (stdin that arrives before the process is up is kept, as kubectl cp streams its tar at once),
 * a pty with resizes for tty sessions, and the exit status on channel 3. A client that goes away
 * takes the process with it.
 */
import type { ChannelHandlers, ChannelSocket } from './channels.js';
import { exitStatus, startFailureStatus } from './exit-status.js';
import { startProc, type Proc } from './proc.js';
import type { Sandbox } from './sandbox.js';
import { resolveExecutable } from './work-area.js';

/** What to run. */
export interface ExecSpec {
  argv: string[];
  env: Record<string, string>;
  workingDir: string;
}

/** How long a tty exec waits for the client's first terminal size before starting. */
const FIRST_RESIZE_WAIT_MS = 300;

/** Client input of a session; what arrives before the process is up is kept and replayed. */
class SessionInput {
  private readonly early: Buffer[] = [];
  private ended = false;
  private proc: Proc | undefined;
  private sized: (() => void) | undefined;
  size: { cols: number; rows: number } | undefined;

  readonly handlers: ChannelHandlers = {
    stdin: (d) => (this.proc ? this.proc.write(d) : this.early.push(d)),
    stdinEnd: () => (this.proc ? this.proc.endInput() : (this.ended = true)),
    resize: (s) => {
      this.size = s;
      this.proc?.resize(s.cols, s.rows);
      this.sized?.();
    },
    closed: () => this.proc?.signal('SIGKILL'),
  };

  /** Waits (bounded) for the first resize, so a terminal starts with the client's size. */
  async firstSize(): Promise<void> {
    if (this.size) return;
    await new Promise<void>((resolve) => {
      this.sized = resolve;
      setTimeout(resolve, FIRST_RESIZE_WAIT_MS);
    });
  }

  /** The process is up: replay what came early. */
  connect(proc: Proc): void {
    this.proc = proc;
    for (const d of this.early.splice(0)) proc.write(d);
    if (this.ended) proc.endInput();
  }
}

/** Runs an exec session to its end; `track` sees the process while it runs. */
export async function runExec(
  chan: ChannelSocket,
  sandbox: Sandbox,
  spec: ExecSpec,
  track: (proc: Proc, running: boolean) => void,
): Promise<void> {
  const input = new SessionInput();
  chan.handle(input.handlers);
  await sandbox.start();
  const [command = ''] = spec.argv;
  const found = resolveExecutable((p) => sandbox.hostPath(p), command, spec.workingDir, spec.env.PATH ?? '');
  if (!found.ok) {
    chan.finish(startFailureStatus(found.why));
    return;
  }
  if (chan.flags.tty) await input.firstSize();
  if (!chan.open) return;
  const proc = await startProc({
    launch: sandbox.launch(spec.argv, spec.workingDir),
    env: chan.flags.tty ? { ...spec.env, TERM: 'xterm' } : spec.env,
    stdin: chan.flags.stdin,
    tty: chan.flags.tty,
    ...(input.size ? { size: input.size } : {}),
  });
  track(proc, true);
  proc.onOutput((stream, data) => {
    if (!chan.send(stream === 'stdout' ? 1 : 2, data)) {
      proc.pauseOutput();
      chan.whenDrained(() => proc.resumeOutput());
    }
  });
  input.connect(proc);
  if (!chan.open) proc.signal('SIGKILL');
  const exit = await proc.exited;
  track(proc, false);
  chan.finish(exitStatus(spec.argv, exit.code));
}
