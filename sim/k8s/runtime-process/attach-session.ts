/**
 * One `attach`: the client joins the stdio of the container's running main process (output from
 * now on, stdin when the container keeps it open, resizes of its pty). It ends with a Success
 * status when the process ends, like the kubelet's attach; a client that leaves just detaches
 * (closing the container's stdin when the spec says stdinOnce).
 */
import type { Container } from '../types.js';
import type { ChannelSocket } from './channels.js';
import type { ContainerRun } from './container-run.js';
import { successStatus } from './exit-status.js';

/** Attaches a connection to a run until either ends. */
export function runAttach(chan: ChannelSocket, run: ContainerRun, container: Container): void {
  const tty = run.tty && chan.flags.tty;
  const detach = run.attach({
    output: (stream, data) => chan.send(stream === 'stderr' && !tty ? 2 : 1, data),
    end: () => chan.finish(successStatus()),
  });
  chan.handle({
    stdin: (d) => run.write(d),
    resize: (s) => {
      if (tty) run.resize(s.cols, s.rows);
    },
    closed: () => {
      detach();
      if (container.stdinOnce === true) run.endInput();
    },
  });
}
