import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Forks a probe child. From TypeScript sources (tests, `tsx`) the child runs through the tsx
 * loader; from `dist/` it is plain JavaScript.
 */
export function forkProbeChild(): ChildProcess {
  const self = fileURLToPath(import.meta.url);
  const fromSource = self.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./child-main.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  return fork(entry, [], {
    execArgv: fromSource ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}
