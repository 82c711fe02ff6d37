/**
 * Lifecycle of the process runtime's containers, like a kubelet: exits reported with their codes
 * and restarted under restartPolicy (or ending the pod Succeeded/Failed), start failures, restarts
 * made through the store keeping the previous log, graceful deletion (SIGTERM, early end, SIGKILL
 * at the end of the grace period), close() leaving no process or folder behind, a crashed
 * simulator taking its container processes with it, and what the isolation gives (read-only
 * system folders, own areas, shared mounts).
 */
import { CoreV1Api, Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createProcessRuntime,
  startKubeSim,
  type KubeSim,
  type Pod,
  type ProcessRuntime,
  type ProcessRuntimeOptions,
} from '../sim/k8s/index.js';
import { eventually } from './support/eventually.js';

interface World {
  sim: KubeSim;
  runtime: ProcessRuntime;
  kc: KubeConfig;
}

async function world(options: ProcessRuntimeOptions = {}): Promise<World> {
  const runtime = createProcessRuntime({ killTimeoutMs: 300, restartDelayMs: 100, ...options });
  const sim = await startKubeSim({ runtime, scenario: { namespaces: ['prod'] } });
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  return { sim, runtime, kc };
}

function pod(name: string, containers: { name: string; command: string[] }[], restartPolicy = 'Always'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'prod' },
    spec: { restartPolicy, containers: containers.map((c) => ({ image: 'busybox:1.36', ...c })) },
  };
}

async function running(w: World, p: Pod): Promise<Pod> {
  w.sim.store.create(p);
  const name = p.metadata.name ?? '';
  return eventually(() => {
    const stored = w.sim.store.get('pods', 'prod', name) as Pod | undefined;
    return stored?.status?.phase === 'Running' ? stored : undefined;
  }, `${name} running`);
}

async function exec(
  w: World,
  name: string,
  container: string,
  command: string[],
): Promise<{ out: string; status: V1Status }> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  const status = await new Promise<V1Status>((resolve, reject) => {
    new Exec(w.kc).exec('prod', name, container, command, out, null, null, false, resolve).catch(reject);
  });
  return { out: text, status };
}

/** True while the process exists and is not a zombie (killed, waiting for its parent to reap it). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function pidsOf(w: World, name: string, container: string): Promise<number[]> {
  const file = await w.runtime.hostPath('prod', name, container, '/tmp/pids');
  const text = await eventually(
    async () => (await readFile(file, 'utf8').catch(() => '')).trim() || undefined,
    'pids',
  );
  return text.split(/\s+/).map(Number);
}

const status = (w: World, name: string): Pod | undefined =>
  w.sim.store.get('pods', 'prod', name) as Pod | undefined;

// Kubernetes reduces `$$` to `$` in commands (its `$(VAR)` escape), so a shell's own `$$` is written `$$$$`.

describe('container exits and restarts', () => {
  let w: World;
  beforeAll(async () => (w = await world()));
  afterAll(async () => w.sim.close());

  it('ends a restartPolicy Never pod Failed with each exit code', async () => {
    await running(
      w,
      pod(
        'batch',
        [
          { name: 'ok', command: ['sh', '-c', 'exit 0'] },
          { name: 'bad', command: ['sh', '-c', 'sleep 0.2; exit 2'] },
        ],
        'Never',
      ),
    );
    const done = await eventually(
      () => (status(w, 'batch')?.status?.phase === 'Failed' ? status(w, 'batch') : undefined),
      'Failed',
    );
    const states = done.status?.containerStatuses?.map((s) => [
      s.name,
      s.state.terminated?.exitCode,
      s.state.terminated?.reason,
    ]);
    expect(states).toEqual([
      ['ok', 0, 'Completed'],
      ['bad', 2, 'Error'],
    ]);
    expect(done.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
  });

  it('ends a pod Succeeded when every container exits 0', async () => {
    await running(w, pod('job', [{ name: 'only', command: ['true'] }], 'Never'));
    await eventually(() => status(w, 'job')?.status?.phase === 'Succeeded', 'Succeeded');
  });

  it('restarts a failing container under OnFailure with restartCount and lastState', async () => {
    await running(
      w,
      pod('flaky', [{ name: 'app', command: ['sh', '-c', 'echo run; sleep 0.2; exit 1'] }], 'OnFailure'),
    );
    const restarted = await eventually(() => {
      const s = status(w, 'flaky')?.status?.containerStatuses?.[0];
      return s && s.restartCount >= 2 && s.state.running ? s : undefined;
    }, 'two restarts');
    expect(restarted.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(status(w, 'flaky')?.status?.phase).toBe('Running');
  });

  it('reports a command that cannot start as StartError with exit code 128', async () => {
    await running(w, pod('broken', [{ name: 'app', command: ['no-such-binary'] }], 'Never'));
    const s = await eventually(
      () => status(w, 'broken')?.status?.containerStatuses?.[0]?.state.terminated,
      'terminated',
    );
    expect(s).toMatchObject({ exitCode: 128, reason: 'StartError' });
    expect(s.message).toContain('exec: "no-such-binary": executable file not found in $PATH');
  });

  it('restarts the process on store.restartPod and keeps the old run as the previous log', async () => {
    await running(
      w,
      pod('svc', [
        { name: 'app', command: ['sh', '-c', 'echo $$$$ > /tmp/pids; echo "run $$$$"; exec sleep 300'] },
      ]),
    );
    const [first] = await pidsOf(w, 'svc', 'app');
    w.sim.store.restartPod('prod', 'svc', { container: 'app' });
    await eventually(async () => {
      const [now] = await pidsOf(w, 'svc', 'app');
      return now !== first && !alive(first!);
    }, 'a new process');
    const api = w.kc.makeApiClient(CoreV1Api);
    const previous = await api.readNamespacedPodLog({
      name: 'svc',
      namespace: 'prod',
      container: 'app',
      previous: true,
    });
    expect(previous).toBe(`run ${String(first)}\n`);
  });
});

describe('deletion', () => {
  let w: World;
  beforeAll(async () => (w = await world()));
  afterAll(async () => w.sim.close());

  it('sends SIGTERM and ends the deletion once the processes exit, long before the grace period', async () => {
    const script = 'echo $$$$ > /tmp/pids; trap "exit 0" TERM; while true; do sleep 0.1; done';
    await running(w, pod('polite', [{ name: 'app', command: ['sh', '-c', script] }]));
    const [pid] = await pidsOf(w, 'polite', 'app');
    w.sim.store.terminatePod('prod', 'polite', 600);
    await eventually(() => status(w, 'polite') === undefined, 'the pod to be removed');
    expect(alive(pid!)).toBe(false);
  });

  it('kills a process that ignores SIGTERM when the grace period ends', async () => {
    const script = 'trap "" TERM; echo $$$$ > /tmp/pids; while true; do sleep 0.1; done';
    await running(w, pod('stubborn', [{ name: 'app', command: ['sh', '-c', script] }]));
    const [pid] = await pidsOf(w, 'stubborn', 'app');
    const area = await w.runtime.hostPath('prod', 'stubborn', 'app', '/');
    w.sim.store.terminatePod('prod', 'stubborn', 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(pid!)).toBe(true);
    await eventually(
      () => status(w, 'stubborn') === undefined && !alive(pid!),
      'the kill at the end of the grace period',
    );
    await eventually(() => !existsSync(area), 'the working area to be removed');
  });
});

describe('close()', () => {
  it('kills every container process, also ones that ignore SIGTERM or left their group, and removes the folders', async () => {
    const w = await world();
    const script =
      'trap "" TERM; setsid sleep 300 & echo $$$$ $! > /tmp/pids; while true; do sleep 0.1; done';
    await running(w, pod('stuck', [{ name: 'app', command: ['sh', '-c', script] }]));
    const pids = await pidsOf(w, 'stuck', 'app');
    expect(pids.every(alive)).toBe(true);
    await w.sim.close();
    expect(pids.filter(alive)).toEqual([]);
    expect(existsSync(w.runtime.stateDir)).toBe(false);
  });
});

describe('a simulator that dies without close()', () => {
  it('takes its container processes with it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/process-runtime-child.ts'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let line = '';
    child.stdout.on('data', (d: Buffer) => (line += d.toString()));
    const started = await eventually(
      () => (line.includes('\n') ? line : undefined),
      'the child simulator',
      60_000,
    );
    const { stateDir, pid } = JSON.parse(started) as { stateDir: string; pid: number };
    try {
      expect(alive(pid)).toBe(true);
      child.kill('SIGKILL');
      await eventually(() => !alive(pid), 'the container process to die with its simulator');
    } finally {
      child.kill('SIGKILL');
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});

describe('isolation', () => {
  let w: World;
  let nas: string;
  beforeAll(async () => {
    nas = await mkdtemp(join(tmpdir(), 'sim-nas-'));
    w = await world({
      mounts: (p) => [
        { hostPath: nas, containerPath: `/mnt/${p.metadata.namespace ?? ''}`, readOnly: false },
      ],
    });
  });
  afterAll(async () => {
    await w.sim.close();
    await rm(nas, { recursive: true, force: true });
  });

  it('gives each container its own root with read-only system folders and shared extra mounts', async (ctx) => {
    if (w.runtime.isolation !== 'mount-namespace') ctx.skip('mount namespaces are not available (not root?)');
    const idle = [
      { name: 'a', command: ['sleep', '300'] },
      { name: 'b', command: ['sleep', '300'] },
    ];
    await running(w, pod('pair', idle));
    const write = await exec(w, 'pair', 'a', [
      'sh',
      '-c',
      'echo A > /tmp/own; echo shared > /mnt/prod/from-a; touch /usr/opsctl-ro-probe',
    ]);
    expect(write.status.status).toBe('Failure');
    expect(write.out).toBe('');
    const other = await exec(w, 'pair', 'b', ['sh', '-c', 'ls /tmp; cat /mnt/prod/from-a']);
    expect(other.out).toBe('shared\n');
    expect(await readFile(join(nas, 'from-a'), 'utf8')).toBe('shared\n');
    expect(existsSync('/usr/opsctl-ro-probe')).toBe(false);
  });
});
