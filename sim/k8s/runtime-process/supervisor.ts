/**
 * The kubelet half of the process runtime: it follows pods and keeps their containers' runs in
 * line with their statuses. A running container status whose containerID has no run yet gets one
 * (a process when the container runs its command, else an idle run with an empty log); a run that
 * ends on its own is reported (terminated state, exit code) and restarted under the pod's
 * restartPolicy; a deletion sends SIGTERM and finishes early once every process exited; a removed
 * pod has everything killed and its folders deleted.
 */
import { rm } from 'node:fs/promises';
import type { RuntimeHost } from '../runtime.js';
import type { Container, Pod } from '../types.js';
import { containerArgv, containerEnv, workingDir } from './containers.js';
import { ContainerRun, type RunEnd } from './container-run.js';
import type { ProcessRuntimeSettings } from './options.js';
import { PodSlot, type ContainerSlot } from './pod-slot.js';
import { restartedStatus, restarts, terminatedStatus, type Termination } from './status-writer.js';
import { resolveExecutable } from './work-area.js';

type ContainerLookup = { spec: Container; ephemeral: boolean };

/** Pods and their runs. */
export class Supervisor {
  readonly slots = new Map<string, PodSlot>();
  private readonly queued = new Map<string, Pod>();
  private readonly stops = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly host: RuntimeHost,
    private readonly settings: ProcessRuntimeSettings,
  ) {}

  /** Queues a pod for reconciling (changes arrive inside store writes). */
  enqueue(pod: Pod): void {
    const first = this.queued.size === 0;
    this.queued.set(pod.metadata.uid ?? '', pod);
    if (first) setImmediate(() => this.drain());
  }

  private drain(): void {
    const pods = [...this.queued.values()];
    this.queued.clear();
    for (const pod of pods) this.reconcile(pod);
  }

  /** Brings the runtime in line with a pod now; returns its slot when it has one. */
  reconcile(seen: Pod): PodSlot | undefined {
    if (this.closed) return undefined;
    const uid = seen.metadata.uid ?? '';
    const pod = this.host.getPod(seen.metadata.namespace ?? '', seen.metadata.name ?? '');
    let slot = this.slots.get(uid);
    if (!pod || pod.metadata.uid !== uid) {
      if (slot) void this.stopPod(slot);
      return undefined;
    }
    if (!slot) {
      if (pod.status?.phase !== 'Running' || pod.metadata.deletionTimestamp) return undefined;
      slot = new PodSlot(pod, this.settings.area);
      this.slots.set(uid, slot);
    }
    slot.pod = pod;
    if (pod.metadata.deletionTimestamp) this.terminate(slot);
    else this.syncContainers(slot, pod);
    return slot;
  }

  private syncContainers(slot: PodSlot, pod: Pod): void {
    const lists: [Container[], boolean][] = [
      [pod.spec.containers, false],
      [pod.spec.ephemeralContainers ?? [], true],
    ];
    for (const [specs, ephemeral] of lists) {
      const statuses =
        (ephemeral ? pod.status?.ephemeralContainerStatuses : pod.status?.containerStatuses) ?? [];
      for (const spec of specs) {
        const status = statuses.find((s) => s.name === spec.name);
        if (!status?.state.running || !status.containerID) continue;
        const cs = slot.containers.get(spec.name);
        if (cs?.run?.containerID === status.containerID || (ephemeral && cs?.run)) continue;
        this.startRun(slot, { spec, ephemeral }, status.containerID);
      }
    }
  }

  /** Replaces a container's run by a new one for `containerID`. */
  private startRun(slot: PodSlot, c: ContainerLookup, containerID: string): void {
    const cs = slot.container(c.spec.name, c.ephemeral);
    const old = cs.run;
    const run = new ContainerRun(
      containerID,
      c.spec.tty === true,
      c.spec.stdin === true,
      this.host.clock,
      this.settings.logLimitBytes,
    );
    cs.run = run;
    if (old) cs.previous = old.log;
    void run.ended.then((end) => this.onRunEnded(slot, cs, c, run, end));
    const env = containerEnv(slot.pod, c.spec, this.settings.area.dataDir);
    const argv = containerArgv(c.spec, env, c.ephemeral ? this.settings.ephemeralCommand : undefined);
    if (!argv || !this.settings.run(slot.pod, c.spec, c.ephemeral)) return;
    slot.hadProcesses = true;
    const launch = async (): Promise<void> => {
      await old?.stop(this.settings.killTimeoutMs);
      const sandbox = slot.sandbox(slot.areaOwner(c.spec, c.ephemeral));
      await sandbox.start();
      const wd = workingDir(c.spec);
      const found = resolveExecutable((p) => sandbox.hostPath(p), argv[0] ?? '', wd, env.PATH ?? '');
      if (!found.ok) {
        run.finish({ kind: 'failed', message: `failed to create containerd task: ${found.why}: unknown` });
        return;
      }
      const fullEnv = {
        ...env,
        ...sandbox.env(this.settings.area.dataDir),
        ...(run.tty ? { TERM: 'xterm' } : {}),
      };
      await run.start({ launch: sandbox.launch(argv, wd), env: fullEnv, stdin: run.stdinOpen, tty: run.tty });
    };
    launch().catch((e: unknown) => {
      run.finish({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      this.settings.onError(`starting container ${slot.namespace}/${slot.name}/${c.spec.name}`, e);
    });
  }

  private onRunEnded(
    slot: PodSlot,
    cs: ContainerSlot,
    c: ContainerLookup,
    run: ContainerRun,
    end: RunEnd,
  ): void {
    if (this.closed || cs.run !== run || run.stopping || end.kind === 'stopped') {
      if (slot.terminating) this.checkExited(slot);
      return;
    }
    const termination: Termination =
      end.kind === 'exited'
        ? { exitCode: end.exit.code, startedAt: run.startedAt, finishedAt: this.host.clock.now() }
        : {
            exitCode: 128,
            reason: 'StartError',
            message: end.message,
            startedAt: run.startedAt,
            finishedAt: this.host.clock.now(),
          };
    this.host.writePodStatus(slot.namespace, slot.name, (pod) =>
      terminatedStatus(pod, c.spec.name, c.ephemeral, termination, run.containerID),
    );
    if (c.ephemeral || slot.terminating || !restarts(slot.pod, termination.exitCode)) return;
    setTimeout(() => this.restart(slot, c, run), this.settings.restartDelayMs).unref();
  }

  private restart(slot: PodSlot, c: ContainerLookup, ended: ContainerRun): void {
    const cs = slot.containers.get(c.spec.name);
    if (
      this.closed ||
      slot.terminating ||
      cs?.run !== ended ||
      this.slots.get(slot.pod.metadata.uid ?? '') !== slot
    )
      return;
    let containerID: string | undefined;
    this.host.writePodStatus(slot.namespace, slot.name, (pod) => {
      const next = restartedStatus(pod, c.spec.name, this.host.clock.now());
      containerID = next?.containerID;
      return next?.status;
    });
    if (containerID) this.startRun(slot, c, containerID);
  }

  /** A deletion began: SIGTERM to every run (SIGKILL comes when the pod is removed). */
  private terminate(slot: PodSlot): void {
    if (slot.terminating) return;
    slot.terminating = true;
    const graceMs = (slot.pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
    for (const cs of slot.containers.values()) void cs.run?.stop(graceMs + this.settings.killTimeoutMs);
    this.checkExited(slot);
  }

  private checkExited(slot: PodSlot): void {
    if (!slot.hadProcesses) return;
    if ([...slot.containers.values()].some((cs) => cs.run?.running)) return;
    setImmediate(() => this.host.finishTermination(slot.namespace, slot.name));
  }

  /** The pod is gone: kill what is left, then remove its folders. */
  stopPod(slot: PodSlot): Promise<void> {
    const uid = slot.pod.metadata.uid ?? '';
    if (this.slots.get(uid) !== slot) return Promise.resolve();
    this.slots.delete(uid);
    const work = this.teardown(slot).catch((e: unknown) =>
      this.settings.onError(`stopping pod ${slot.namespace}/${slot.name}`, e),
    );
    this.stops.add(work);
    void work.finally(() => this.stops.delete(work));
    return work;
  }

  private async teardown(slot: PodSlot): Promise<void> {
    const grace = slot.terminating ? 0 : this.settings.killTimeoutMs;
    const runs = [...slot.containers.values()].flatMap((cs) => (cs.run ? [cs.run] : []));
    for (const proc of slot.execs) proc.signal(grace === 0 ? 'SIGKILL' : 'SIGTERM');
    await Promise.all(runs.map((run) => (grace === 0 ? run.kill() : run.stop(grace))));
    for (const proc of slot.execs) proc.signal('SIGKILL');
    for (const chan of slot.sessions) chan.terminate();
    for (const sandbox of slot.allSandboxes()) {
      await sandbox.killAll();
      await sandbox.stop();
    }
    await Promise.all([...slot.execs].map((p) => p.exited));
    for (const sandbox of slot.allSandboxes()) await sandbox.area.remove();
    await rm(slot.dir, { recursive: true, force: true });
  }

  /** Stops every pod and waits for all teardowns. */
  async close(): Promise<void> {
    for (const slot of [...this.slots.values()]) void this.stopPod(slot);
    this.closed = true;
    while (this.stops.size > 0) await Promise.all([...this.stops]);
  }
}
