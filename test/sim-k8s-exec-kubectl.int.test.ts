/**
 * Conformance of the simulator's process runtime against the real kubectl 1.30-1.33 (WebSocket
 * v5 exec/attach): exit codes, stdout/stderr, stdin, `-it` in a real terminal with resizes, `cp`
 * both ways, `debug -it --target`, `attach`, a start failure, and the Forbidden text of a denied
 * exec. Each version gets its own simulator, runtime, kubeconfig and discovery cache.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import {
  createProcessRuntime,
  startKubeSim,
  type KubeSim,
  type Pod,
  type ProcessRuntime,
} from '../sim/k8s/index.js';
import { eventually } from './support/eventually.js';
import { Kubectl, KUBECTL_VERSIONS, kubectlForSuite } from './support/kubectl.js';
import { KubectlPty } from './support/kubectl-pty.js';
import type { PtyRun } from './support/pty.js';

const LOOP = 'echo started; trap "echo stopping; exit 0" TERM; while true; do echo tick; sleep 1; done';

const SCENARIO = {
  user: 'alice',
  pods: [
    {
      name: 'app-1',
      namespace: 'prod',
      containers: [
        {
          name: 'app',
          image: 'registry.local/app:1.0',
          command: ['sh', '-c', LOOP],
          env: [{ name: 'GREETING', value: 'hello' }],
        },
        { name: 'side', image: 'envoy:1.30' },
      ],
    },
  ],
  denials: [{ verbs: ['create'], resources: ['pods/exec'], namespaces: ['prod'], users: ['bob'] }],
};

/** A pod whose only container is an interactive shell (stdin + tty), for attach -it. */
const consolePod = (name: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'prod' },
  spec: { containers: [{ name: 'sh', image: 'busybox:1.36', command: ['sh'], stdin: true, tty: true }] },
});

/**
 * Presses enter until a shell prompt shows after kubectl's "If you don't see a command prompt"
 * hint: kubectl puts its terminal in raw mode only after printing it, and the shell's first prompt
 * may have been written before the client attached.
 */
async function promptAfterHint(term: PtyRun): Promise<void> {
  await term.waitFor("If you don't see a command prompt");
  const mark = term.output().length;
  await eventually(async () => {
    term.write('\r');
    await new Promise((r) => setTimeout(r, 200));
    return term.output().slice(mark).includes('# ');
  }, 'a shell prompt');
}

for (const version of KUBECTL_VERSIONS) {
  const found = kubectlForSuite(version);

  describe(`kubectl ${version} exec, cp, debug, attach`, () => {
    let sim: KubeSim;
    let runtime: ProcessRuntime;
    let kubectl: Kubectl;
    let bob: Kubectl;
    let tty: KubectlPty;
    let scratch: string;

    function ready(ctx: TestContext): void {
      if (found.failReason) throw new Error(found.failReason);
      if (found.skipReason) ctx.skip(found.skipReason);
    }

    beforeAll(async () => {
      if (!found.path) return;
      runtime = createProcessRuntime();
      sim = await startKubeSim({ scenario: SCENARIO, runtime });
      kubectl = await Kubectl.create(found.path, sim.kubeconfig({ namespace: 'prod' }));
      bob = await Kubectl.create(found.path, sim.kubeconfig({ namespace: 'prod', user: 'bob' }));
      tty = await KubectlPty.create(found.path, sim.kubeconfig({ namespace: 'prod' }));
      scratch = await mkdtemp(join(tmpdir(), 'sim-exec-'));
    });

    afterAll(async () => {
      await kubectl?.dispose();
      await bob?.dispose();
      await tty?.dispose();
      await sim?.close();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    });

    it('exits with the command status and keeps stdout and stderr apart', async (ctx) => {
      ready(ctx);
      const failed = await kubectl.run([
        'exec',
        'app-1',
        '-c',
        'app',
        '--',
        'sh',
        '-c',
        'echo out; echo err >&2; exit 3',
      ]);
      expect(failed.code).toBe(3);
      expect(failed.stdout).toBe('out\n');
      expect(failed.stderr).toBe('err\ncommand terminated with exit code 3\n');
      const ok = await kubectl.run(['exec', 'app-1', '-c', 'app', '--', 'true']);
      expect(ok).toEqual({ code: 0, stdout: '', stderr: '' });
    });

    it('passes stdin through with -i until its end', async (ctx) => {
      ready(ctx);
      const r = await kubectl.run(
        ['exec', '-i', 'app-1', '-c', 'app', '--', 'sh', '-c', 'wc -l; tail -n1 >/dev/null'],
        {
          input: 'one\ntwo\nthree\n',
        },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe('3');
    });

    it("runs in the container's private root with the pod's environment", async (ctx) => {
      ready(ctx);
      const marker = `only-in-pod-${version}`;
      const script = `echo $HOSTNAME $DATA_DIR $GREETING; hostname; echo inside > /tmp/${marker}; ls /`;
      const r = await kubectl.run(['exec', 'app-1', '-c', 'app', '--', 'sh', '-c', script]);
      expect(r.code, r.stderr).toBe(0);
      const [env, hostname, ...root] = r.stdout.trim().split('\n');
      expect(env).toBe('app-1 /data hello');
      if (runtime.isolation === 'mount-namespace') {
        expect(hostname).toBe('app-1');
        expect(root).toEqual(expect.arrayContaining(['data', 'etc', 'tmp', 'usr']));
        expect(existsSync(`/tmp/${marker}`)).toBe(false);
      }
      const onHost = await runtime.hostPath('prod', 'app-1', 'app', `/tmp/${marker}`);
      expect(await readFile(onHost, 'utf8')).toBe('inside\n');
      const sidecar = await kubectl.run(['exec', 'app-1', '-c', 'side', '--', 'ls', '/tmp']);
      expect(sidecar.stdout).not.toContain(marker);
    });

    it('reports a command that cannot start as an InternalError and exits 1', async (ctx) => {
      ready(ctx);
      const r = await kubectl.run(['exec', 'app-1', '-c', 'app', '--', 'no-such-tool', '--help']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "no-such-tool": executable file not found in \$PATH: unknown\n$/,
      );
    });

    it('gives -it a terminal of the client size that follows resizes', async (ctx) => {
      ready(ctx);
      const term = tty.spawn(['exec', '-it', 'app-1', '-c', 'app', '--', 'sh'], { cols: 100, rows: 30 });
      try {
        await term.waitFor('# ');
        term.write('stty size; tty\r');
        await term.waitFor(/30 100\r\n\/dev\/pts\/\d+/);
        const mark = term.output().length;
        term.resize(120, 40);
        // kubectl forwards the SIGWINCH of its terminal as a resize message.
        await eventually(async () => {
          term.write('stty size\r');
          await new Promise((r) => setTimeout(r, 150));
          return term.output().slice(mark).includes('40 120');
        }, 'the resized terminal');
        term.write('exit 7\r');
        expect(await term.exited).toBe(7);
        expect(term.output()).toContain('command terminated with exit code 7');
      } finally {
        term.kill();
      }
    });

    it('copies a file and a folder into the pod and back with cp', async (ctx) => {
      ready(ctx);
      const up = join(scratch, 'up');
      await mkdir(join(up, 'sub'), { recursive: true });
      await writeFile(join(up, 'a.txt'), 'alpha\n');
      await writeFile(join(up, 'sub', 'b.bin'), Buffer.from([0, 1, 2, 255, 10]));
      const file = await kubectl.run(['cp', join(up, 'a.txt'), 'app-1:/tmp/a.txt', '-c', 'app']);
      expect(file.code, file.stderr).toBe(0);
      const dir = await kubectl.run(['cp', up, 'app-1:/data/up', '-c', 'app']);
      expect(dir.code, dir.stderr).toBe(0);
      const listed = await kubectl.run([
        'exec',
        'app-1',
        '-c',
        'app',
        '--',
        'sh',
        '-c',
        'cat /tmp/a.txt; find /data/up | sort',
      ]);
      expect(listed.stdout).toBe('alpha\n/data/up\n/data/up/a.txt\n/data/up/sub\n/data/up/sub/b.bin\n');
      const down = join(scratch, 'down');
      const back = await kubectl.run(['cp', 'app-1:/data/up', down, '-c', 'app']);
      expect(back.code, back.stderr).toBe(0);
      expect(await readFile(join(down, 'sub', 'b.bin'))).toEqual(Buffer.from([0, 1, 2, 255, 10]));
      const single = await kubectl.run(['cp', 'app-1:/tmp/a.txt', join(scratch, 'a-back.txt'), '-c', 'app']);
      expect(single.code, single.stderr).toBe(0);
      expect(await readFile(join(scratch, 'a-back.txt'), 'utf8')).toBe('alpha\n');
    });

    it("debug -it --target opens a shell in the target's working area", async (ctx) => {
      ready(ctx);
      const seeded = await kubectl.run([
        'exec',
        'app-1',
        '-c',
        'app',
        '--',
        'sh',
        '-c',
        'echo seen > /tmp/target-marker',
      ]);
      expect(seeded.code, seeded.stderr).toBe(0);
      const term = tty.spawn(['debug', '-it', 'app-1', '--image=busybox:1.36', '--target=app', '--', 'sh']);
      try {
        await promptAfterHint(term);
        const name = /debug container name to (debugger-[a-z0-9]+)/.exec(term.output())?.[1];
        term.write('ls /tmp; echo $HOSTNAME\r');
        await term.waitFor(/target-marker[\s\S]*app-1/);
        term.write('exit\r');
        expect(await term.exited).toBe(0);
        const pod = await eventually(() => {
          const p = sim.store.get('pods', 'prod', 'app-1') as Pod;
          const s = p.status?.ephemeralContainerStatuses?.find((e) => e.name === name);
          return s?.state.terminated ? p : undefined;
        }, 'the debugger to terminate');
        const status = pod.status?.ephemeralContainerStatuses?.find((e) => e.name === name);
        expect(status?.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
        expect(pod.spec.ephemeralContainers?.find((e) => e.name === name)).toMatchObject({
          targetContainerName: 'app',
        });
      } finally {
        term.kill();
      }
    });

    it("attach streams the main process's output", async (ctx) => {
      ready(ctx);
      const attach = kubectl.stream(['attach', 'app-1', '-c', 'app']);
      try {
        await attach.waitFor(/tick\ntick\n/);
      } finally {
        await attach.stop();
      }
    });

    it('attach -it joins an interactive container', async (ctx) => {
      ready(ctx);
      const name = `console-${version.replace('.', '-')}`;
      sim.store.create(consolePod(name));
      await eventually(
        () => (sim.store.get('pods', 'prod', name) as Pod).status?.phase === 'Running',
        'console running',
      );
      const term = tty.spawn(['attach', '-it', name, '-c', 'sh']);
      try {
        await promptAfterHint(term);
        term.write('echo attached-$((40+2))\r');
        await term.waitFor('attached-42');
      } finally {
        term.kill();
      }
    });

    it("prints the apiserver's Forbidden text for a denied exec", async (ctx) => {
      ready(ctx);
      const r = await bob.run(['exec', 'app-1', '-c', 'app', '--', 'true']);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        'Error from server (Forbidden): pods "app-1" is forbidden: User "bob" cannot create resource "pods/exec" in API group "" in the namespace "prod"',
      );
    });
  });
}
