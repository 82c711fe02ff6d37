/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colours, progress). */
  stdoutIsTTY: boolean;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  waitForShutdown: () => Promise<NodeJS.Signals>;
}

/** Writes a line to a stream. */
export function println(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(text.endsWith('\n') ? text : text + '\n');
}
