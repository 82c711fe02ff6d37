/**
 * A simulator with the process runtime in a process of its own, for the test that kills it with
 * SIGKILL: it prints one JSON line with the state folder and the pid of a container process once
 * that process runs, then waits to be killed.
 */
import { readFile } from 'node:fs/promises';
import { createProcessRuntime, startKubeSim } from '../../sim/k8s/index.js';

const runtime = createProcessRuntime();
await startKubeSim({
  runtime,
  scenario: {
    pods: [
      {
        name: 'orphan',
        namespace: 'prod',
        // Kubernetes reduces `$$` to `$` in commands, so the shell's own pid is `$$$$`.
        containers: [
          {
            name: 'app',
            image: 'busybox:1.36',
            command: ['sh', '-c', 'echo $$$$ > /tmp/pid; exec sleep 300'],
          },
        ],
      },
    ],
  },
});
const file = await runtime.hostPath('prod', 'orphan', 'app', '/tmp/pid');
for (;;) {
  const pid = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (pid !== '') {
    process.stdout.write(`${JSON.stringify({ stateDir: runtime.stateDir, pid: Number(pid) })}\n`);
    break;
  }
  await new Promise((r) => setTimeout(r, 20));
}
setInterval(() => undefined, 60_000);
