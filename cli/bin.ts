#!/usr/bin/env node
import { main } from './main.js';

// Signal handlers are installed only by commands that wait for them (services), so Ctrl-C
// still ends a one-shot command the usual way.
let shutdown: Promise<NodeJS.Signals> | undefined;
const waitForShutdown = (): Promise<NodeJS.Signals> =>
  (shutdown ??= new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  }));

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  waitForShutdown,
});
