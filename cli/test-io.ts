import { PassThrough } from 'node:stream';
import type { CliIo } from './io.js';

/** A CliIo that records what a command prints; for tests. */
export interface RecordingIo extends CliIo {
  out(): string;
  err(): string;
  /** Makes `waitForShutdown` resolve, as SIGTERM would. */
  shutdown(signal?: NodeJS.Signals): void;
}

export function recordingIo(env: Record<string, string | undefined> = {}): RecordingIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (c: Buffer) => chunks.out.push(c));
  stderr.on('data', (c: Buffer) => chunks.err.push(c));
  let resolveShutdown: (s: NodeJS.Signals) => void = () => undefined;
  const shutdown = new Promise<NodeJS.Signals>((resolve) => (resolveShutdown = resolve));
  return {
    stdout,
    stderr,
    env,
    stdoutIsTTY: false,
    waitForShutdown: () => shutdown,
    out: () => Buffer.concat(chunks.out).toString('utf8'),
    err: () => Buffer.concat(chunks.err).toString('utf8'),
    shutdown: (signal = 'SIGTERM') => resolveShutdown(signal),
  };
}
