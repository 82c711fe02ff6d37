/**
 * adapters/kube exec and ephemeral containers against the Kubernetes simulator with its process
 * runtime: exit codes from the status channel, stdout/stderr apart, stdin to EOF, a TTY, the
 * default container, a command that cannot start, a denied exec, an abort, and an ephemeral
 * container added, waited for and exec'd into.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient, loadKubeTarget, type KubeClient } from '../adapters/kube/index.js';
import { isOpsError, type OpsError } from '../core/errors.js';
import type { ExecRequest } from '../core/ports/pod-exec.js';
import { createProcessRuntime, startKubeSim, type KubeSim, type Pod } from '../sim/k8s/index.js';

let sim: KubeSim;
let dir: string;
let kube: KubeClient;
let bob: KubeClient;

async function failure(work: Promise<unknown>): Promise<OpsError> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isOpsError(err)) throw new Error(`expected an OpsError, got ${String(err)}`);
  return err;
}

function collector() {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs a command in pod `two` and returns its exit code and output. */
async function run(client: KubeClient, command: string[], extra: Partial<ExecRequest> = {}) {
  const out = collector();
  const err = collector();
  const result = await client.exec.exec({
    namespace: 'prod',
    pod: 'two',
    command,
    stdout: out.stream,
    stderr: err.stream,
    ...extra,
  });
  return { exitCode: result.exitCode, stdout: out.text(), stderr: err.text() };
}

async function clientFor(user: string): Promise<KubeClient> {
  const path = join(dir, user);
  await writeFile(path, sim.kubeconfig({ namespace: 'prod', user, name: `sim-${user}` }));
  return createKubeClient(loadKubeTarget({ kubeconfig: path }, { env: {} }));
}

beforeAll(async () => {
  sim = await startKubeSim({
    runtime: createProcessRuntime(),
    scenario: {
      user: 'alice',
      pods: [
        {
          name: 'two',
          namespace: 'prod',
          containers: [
            {
              name: 'app',
              image: 'app:1',
              command: ['sleep', '3600'],
              env: [{ name: 'GREETING', value: 'hello' }],
            },
            { name: 'side', image: 'envoy:1.30' },
          ],
        },
        {
          name: 'annotated',
          namespace: 'prod',
          annotations: { 'kubectl.kubernetes.io/default-container': 'side' },
          containers: [
            { name: 'app', image: 'app:1', env: [{ name: 'GREETING', value: 'hello' }] },
            { name: 'side', image: 'envoy:1.30' },
          ],
        },
      ],
      denials: [
        { verbs: ['create'], resources: ['pods/exec'], namespaces: ['prod'], users: ['bob'] },
        { verbs: ['patch'], resources: ['pods/ephemeralcontainers'], namespaces: ['prod'], users: ['bob'] },
      ],
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'kube-exec-'));
  kube = await clientFor('alice');
  bob = await clientFor('bob');
});

afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('exec', () => {
  it('returns the exit code and keeps stdout and stderr apart', async () => {
    expect(await run(kube, ['sh', '-c', 'echo out; echo err >&2; exit 3'], { container: 'app' })).toEqual({
      exitCode: 3,
      stdout: 'out\n',
      stderr: 'err\n',
    });
    expect((await run(kube, ['true'], { container: 'app' })).exitCode).toBe(0);
  });

  it('passes stdin through until its end', async () => {
    const r = await run(kube, ['wc', '-l'], {
      container: 'app',
      stdin: Readable.from(['one\ntwo\n', 'three\n']),
    });
    expect([r.exitCode, r.stdout.trim()]).toEqual([0, '3']);
  });

  it('allocates a terminal when asked', async () => {
    const r = await run(kube, ['sh', '-c', 'test -t 1 && echo terminal'], { container: 'app', tty: true });
    expect([r.exitCode, r.stdout.trim()]).toEqual([0, 'terminal']);
  });

  it('uses the default-container annotation, else the first container', async () => {
    const probe = ['sh', '-c', 'echo ${GREETING:-none}'];
    expect((await run(kube, probe)).stdout).toBe('hello\n');
    expect((await run(kube, probe, { pod: 'annotated' })).stdout).toBe('none\n');
  });

  it('a command that cannot start is E_EXEC_FAILED (exit 1) with the server message', async () => {
    const e = await failure(run(kube, ['no-such-command-here'], { container: 'app' }));
    expect([e.code, e.exitCode]).toEqual(['E_EXEC_FAILED', 1]);
    expect(e.message).toContain('pod "two" in namespace "prod" (context "sim-alice")');
  });

  it('a denied exec is E_KUBE_FORBIDDEN with the RBAC verb in the hint', async () => {
    const e = await failure(run(bob, ['true'], { container: 'app' }));
    expect([e.code, e.exitCode]).toEqual(['E_KUBE_FORBIDDEN', 1]);
    expect(e.message).toMatch(
      /^cannot exec into pod "two" in namespace "prod" \(context "sim-bob"\): forbidden: /,
    );
    expect(e.hints[0]).toBe('kubectl --context sim-bob auth can-i create pods/exec -n prod');
  });

  it('an unknown pod is E_KUBE_NOT_FOUND', async () => {
    const e = await failure(run(kube, ['true'], { pod: 'ghost' }));
    expect([e.code, e.exitCode]).toEqual(['E_KUBE_NOT_FOUND', 1]);
  });

  it('an abort ends a running command with E_ABORTED (exit 130)', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const e = await failure(run(kube, ['sleep', '30'], { container: 'app', signal: controller.signal }));
    expect([e.code, e.exitCode]).toEqual(['E_ABORTED', 130]);
  });
});

describe('ephemeral containers', () => {
  it('adds one, waits until it runs, and execs into it', async () => {
    await kube.ephemeral.addEphemeralContainer('prod', 'two', {
      name: 'opsctl-debug-1',
      image: 'busybox:1.36',
      targetContainer: 'app',
      command: ['sleep', '3600'],
      capabilities: ['SYS_PTRACE'],
    });
    const state = await kube.ephemeral.waitForEphemeralContainer('prod', 'two', 'opsctl-debug-1', {
      timeoutMs: 20_000,
    });
    expect(state.state).toBe('running');
    const pod = sim.store.get('pods', 'prod', 'two') as Pod | undefined;
    expect(pod?.spec.ephemeralContainers).toMatchObject([
      {
        name: 'opsctl-debug-1',
        targetContainerName: 'app',
        securityContext: { capabilities: { add: ['SYS_PTRACE'] } },
      },
    ]);
    expect((await run(kube, ['echo', 'inside'], { container: 'opsctl-debug-1' })).stdout).toBe('inside\n');
  });

  it('refuses to change an existing one, and reports a denied patch', async () => {
    const spec = { name: 'opsctl-debug-1', image: 'other:1' };
    const changed = await failure(kube.ephemeral.addEphemeralContainer('prod', 'two', spec));
    expect([changed.code, changed.exitCode]).toEqual(['E_KUBE_REQUEST_FAILED', 1]);
    const denied = await failure(bob.ephemeral.addEphemeralContainer('prod', 'two', { ...spec, name: 'x' }));
    expect([denied.code, denied.exitCode]).toEqual(['E_KUBE_FORBIDDEN', 1]);
    expect(denied.hints[0]).toBe(
      'kubectl --context sim-bob auth can-i patch pods/ephemeralcontainers -n prod',
    );
  });

  it('times out waiting for a container that never appears', async () => {
    const e = await failure(
      kube.ephemeral.waitForEphemeralContainer('prod', 'two', 'never', { timeoutMs: 500 }),
    );
    expect([e.code, e.exitCode]).toEqual(['E_KUBE_TIMEOUT', 69]);
  });
});
