/**
 * Pod logs of the simulator's process runtime judged by the real kubectl 1.30-1.33: the whole log
 * with stdout and stderr lines, --tail, --timestamps, --since, --limit-bytes, -f following new
 * lines until the container exits, --previous after the container restarted, and the API
 * server's 400s. The container's main process echoes what the test writes into a FIFO in its /tmp.
 */
import { writeFile } from 'node:fs/promises';
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

/** Echoes each line written to /tmp/in (stderr for `err...`), exits 3 on `quit`. */
const ECHO = [
  // Opened read-write once, the FIFO never reports end-of-file between writers.
  'rm -f /tmp/in; mkfifo /tmp/in; exec 3<>/tmp/in; echo ready',
  'while read -r l <&3; do case "$l" in quit) echo bye; exit 3;; err*) echo "$l" >&2;; *) echo "$l";; esac; done',
].join('; ');

const SCENARIO = {
  pods: [
    {
      name: 'writer',
      namespace: 'prod',
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', ECHO] }],
    },
    {
      name: 'quiet',
      namespace: 'prod',
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '600'] }],
    },
  ],
};

for (const version of KUBECTL_VERSIONS) {
  const found = kubectlForSuite(version);

  describe(`kubectl ${version} logs`, () => {
    let sim: KubeSim;
    let runtime: ProcessRuntime;
    let kubectl: Kubectl;
    let tty: KubectlPty;

    function ready(ctx: TestContext): void {
      if (found.failReason) throw new Error(found.failReason);
      if (found.skipReason) ctx.skip(found.skipReason);
    }

    /** Writes one line into the writer's FIFO (its main process echoes it). */
    async function say(line: string): Promise<void> {
      const fifo = await runtime.hostPath('prod', 'writer', 'app', '/tmp/in');
      await writeFile(fifo, `${line}\n`, { flag: 'a' });
      // The main process echoes it asynchronously; give it a moment so reads see the line.
      await new Promise((r) => setTimeout(r, 50));
    }

    async function logs(args: string[]): Promise<string> {
      const r = await kubectl.run(['logs', 'writer', ...args]);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    }

    beforeAll(async () => {
      if (!found.path) return;
      runtime = createProcessRuntime({ restartDelayMs: 200 });
      sim = await startKubeSim({ scenario: SCENARIO, runtime });
      kubectl = await Kubectl.create(found.path, sim.kubeconfig({ namespace: 'prod' }));
      tty = await KubectlPty.create(found.path, sim.kubeconfig({ namespace: 'prod' }));
      await eventually(
        async () => (await kubectl.run(['logs', 'writer'])).stdout === 'ready\n',
        'writer ready',
      );
      for (const line of ['one', 'two', 'err-three', 'four']) await say(line);
    });

    afterAll(async () => {
      await kubectl?.dispose();
      await tty?.dispose();
      await sim?.close();
    });

    it('prints stdout and stderr lines, and applies --tail, --since and --limit-bytes', async (ctx) => {
      ready(ctx);
      expect(await logs([])).toBe('ready\none\ntwo\nerr-three\nfour\n');
      expect(await logs(['--tail=2'])).toBe('err-three\nfour\n');
      expect(await logs(['--since=1h'])).toBe('ready\none\ntwo\nerr-three\nfour\n');
      expect(await logs(['--limit-bytes=8'])).toBe('ready\non');
    });

    it('prefixes RFC 3339 timestamps with nine fractional digits', async (ctx) => {
      ready(ctx);
      const lines = (await logs(['--timestamps', '--tail=2'])).trim().split('\n');
      expect(lines).toHaveLength(2);
      for (const line of lines)
        expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (err-three|four)$/);
    });

    it('follows new lines with -f until the container exits, then shows them with --previous', async (ctx) => {
      ready(ctx);
      const follow = tty.spawn(['logs', '-f', 'writer', '--tail=1']);
      try {
        await follow.waitFor('four');
        await say(`live-${version}`);
        await follow.waitFor(`live-${version}`);
        await say('quit');
        // The stream ends by itself when the container's process exits.
        expect(await follow.exited).toBe(0);
        expect(follow.output().replaceAll('\r\n', '\n')).toBe(`four\nlive-${version}\nbye\n`);
      } finally {
        follow.kill();
      }
      const pod = await eventually(() => {
        const p = sim.store.get('pods', 'prod', 'writer') as Pod;
        const s = p.status?.containerStatuses?.[0];
        return s?.restartCount === 1 && s.state.running ? p : undefined;
      }, 'the writer to restart');
      expect(pod.status?.containerStatuses?.[0]?.lastState.terminated).toMatchObject({
        exitCode: 3,
        reason: 'Error',
      });
      const previous = await logs(['--previous']);
      expect(previous).toBe(`ready\none\ntwo\nerr-three\nfour\nlive-${version}\nbye\n`);
      await eventually(async () => (await logs([])) === 'ready\n', 'the new run to log ready');
    });

    it("answers with the API server's 400s for unknown containers and missing previous runs", async (ctx) => {
      ready(ctx);
      const previous = await kubectl.run(['logs', 'quiet', '--previous']);
      expect(previous.code).toBe(1);
      expect(previous.stderr.trim()).toBe(
        'Error from server (BadRequest): previous terminated container "app" in pod "quiet" not found',
      );
      const unknown = await kubectl.run(['logs', 'quiet', '-c', 'nope']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('container nope is not valid for pod quiet');
    });
  });
}
