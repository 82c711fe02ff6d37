/**
 * One `exec`: a new process in the container's working area, its stdio pumped over the channels
 * (stdin that arrives before the process is up is kept, as kubectl cp streams its tar at once),
 * a pty with resizes for tty sessions, and the exit status on channel 3. A client that goes away
 * takes the process with it.
 */
import type { ChannelSocket } from './channels.js';
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

/** Runs an exec session to its end; `track` sees the process while it runs. */
export async function runExec(
  chan: ChannelSocket,
  sandbox: Sandbox,
  spec: ExecSpec,
  track: (proc: Proc, running: boolean) => void,
): Promise<void> {
  const early: Buffer[] = [];
  let inputEnded = false;
  // Set once the process is up; the handlers below run before and after that.
  const live: { proc?: Proc } = {};
  let size: { cols: number; rows: number } | undefined;
  let sized: (() => void) | undefined;
  chan.handle({
    stdin: (d) => (live.proc ? live.proc.write(d) : early.push(d)),
    stdinEnd: () => (live.proc ? live.proc.endInput() : (inputEnded = true)),
    resize: (s) => {
      size = s;
      live.proc?.resize(s.cols, s.rows);
      sized?.();
    },
    closed: () => live.proc?.signal('SIGKILL'),
  });
  await sandbox.start();
  const [command = ''] = spec.argv;
  const found = resolveExecutable((p) => sandbox.hostPath(p), command, spec.workingDir, spec.env.PATH ?? '');
  if (!found.ok) {
    chan.finish(startFailureStatus(found.why));
    return;
  }
  if (chan.flags.tty && !size) {
    await new Promise<void>((resolve) => {
      sized = resolve;
      setTimeout(resolve, FIRST_RESIZE_WAIT_MS);
    });
  }
  if (!chan.open) return;
  const env = chan.flags.tty ? { ...spec.env, TERM: 'xterm' } : spec.env;
  const started = await startProc({
    launch: sandbox.launch(spec.argv, spec.workingDir),
    env,
    stdin: chan.flags.stdin,
    tty: chan.flags.tty,
    ...(size ? { size } : {}),
  });
  live.proc = started;
  track(started, true);
  started.onOutput((stream, data) => {
    if (!chan.send(stream === 'stdout' ? 1 : 2, data)) {
      started.pauseOutput();
      chan.whenDrained(() => started.resumeOutput());
    }
  });
  for (const d of early.splice(0)) started.write(d);
  if (inputEnded) started.endInput();
  if (!chan.open) started.signal('SIGKILL');
  const exit = await started.exited;
  track(started, false);
  chan.finish(exitStatus(spec.argv, exit.code));
}
