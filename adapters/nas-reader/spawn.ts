import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Forks the NAS reader child. From TypeScript sources (tests, `tsx`) the child runs through the
 * tsx loader; from `dist/` it is plain JavaScript. A larger libuv pool lets reads of healthy
 * mounts go on while some threads are stuck on a hung one.
 */
export function forkNasReader(): ChildProcess {
  const self = fileURLToPath(import.meta.url);
  const fromSource = self.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./child-main.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  return fork(entry, [], {
    execArgv: fromSource ? ['--import', 'tsx'] : [],
    env: { ...process.env, UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '16' },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}
