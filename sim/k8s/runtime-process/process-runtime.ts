/**
 * A PodRuntime that runs real local processes for the simulator's containers and serves the
 * streaming subresources over them: exec and attach (WebSocket channel protocols v5/v4, pipes or
 * a pty), pod logs (current and previous run, follow), and ephemeral containers started by
 * `kubectl debug` in their target's working area. See sandbox.ts for what is isolated.
 */
import { mkdtempSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { badRequest } from '../api-error.js';
import type { PodRuntime, RuntimeHost, StreamRequest } from '../runtime.js';
import type { Pod } from '../types.js';
import { runAttach } from './attach-session.js';
import { ChannelServer, streamFlags, type ChannelSocket } from './channels.js';
import { containerEnv, pickContainer, workingDir } from './containers.js';
import { runExec } from './exec-session.js';
import { serveLog } from './log-handler.js';
import { resolveSettings, type ProcessRuntimeOptions, type ProcessRuntimeSettings } from './options.js';
import type { PodSlot } from './pod-slot.js';
import { probeIsolation, type Isolation } from './sandbox.js';
import { Supervisor } from './supervisor.js';
import { readHostLayout } from './work-area.js';

/** The process runtime, with helpers for tests and the demo. */
export interface ProcessRuntime extends PodRuntime {
  /** Folder of the working areas. */
  readonly stateDir: string;
  /** The isolation in use (known once the simulator started the runtime). */
  readonly isolation: Isolation | undefined;
  /** Host path of `containerPath` in the working area of a pod's container (created if needed). */
  hostPath(namespace: string, pod: string, container: string, containerPath: string): Promise<string>;
  close(): Promise<void>;
}

class Runtime implements ProcessRuntime {
  readonly stateDir: string;
  isolation: Isolation | undefined;
  private readonly ownsStateDir: boolean;
  private supervisor: Supervisor | undefined;
  private host: RuntimeHost | undefined;
  private settings: ProcessRuntimeSettings | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly channels = new ChannelServer();

  constructor(private readonly options: ProcessRuntimeOptions) {
    this.ownsStateDir = options.stateDir === undefined;
    this.stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'opsctl-kube-runtime-'));
  }

  start(host: RuntimeHost): void {
    this.host = host;
    const isolation = this.options.isolation ?? 'auto';
    this.isolation = isolation === 'auto' ? probeIsolation() : isolation;
    this.settings = resolveSettings(this.options, {
      stateDir: this.stateDir,
      layout: readHostLayout(),
      isolation: this.isolation,
      dataDir: this.options.dataDir ?? '/data',
      mounts: this.options.mounts ?? (() => []),
    });
    const supervisor = new Supervisor(host, this.settings);
    this.supervisor = supervisor;
    this.unsubscribe = host.onPodChange((pod) => supervisor.enqueue(pod));
    for (const pod of host.pods()) supervisor.enqueue(pod);
  }

  podStarted(pod: Pod): void {
    this.supervisor?.enqueue(pod);
  }

  containerStarted(pod: Pod): void {
    this.supervisor?.enqueue(pod);
  }

  podStopped(pod: Pod): void {
    this.supervisor?.enqueue(pod);
  }

  serveHttp(request: StreamRequest, req: IncomingMessage, res: ServerResponse): boolean {
    if (request.kind !== 'log' || !this.supervisor || !this.host) return false;
    const slot = this.supervisor.reconcile(request.pod);
    serveLog(request.pod, slot, request.query, this.host.clock.now(), req, res);
    return true;
  }

  serveUpgrade(request: StreamRequest, req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if ((request.kind !== 'exec' && request.kind !== 'attach') || !this.supervisor) return false;
    const { pod, query } = request;
    const ref = pickContainer(pod, query.get('container'));
    const flags = streamFlags(query);
    const argv = query.getAll('command');
    if (request.kind === 'exec' && argv.length === 0) throw badRequest('you must specify at least 1 command');
    if (!flags.stdin && !flags.stdout && !flags.stderr)
      throw badRequest('you must specify at least one of stdin, stdout, stderr');
    this.channels.check(req);
    const slot = this.supervisor.reconcile(pod);
    const run = slot?.containers.get(ref.container.name)?.run;
    if (!slot || !run || run.log.closed) throw badRequest(`container not found ("${ref.container.name}")`);
    void this.channels.accept(req, socket, head, flags).then((chan) => {
      slot.sessions.add(chan);
      void chan.done.then(() => slot.sessions.delete(chan));
      if (request.kind === 'attach') {
        runAttach(chan, run, ref.container);
        return;
      }
      this.exec(slot, chan, ref.container.name, ref.ephemeral, argv).catch((e: unknown) => {
        chan.terminate();
        this.settings?.onError(`exec in ${slot.namespace}/${slot.name}`, e);
      });
    });
    return true;
  }

  private async exec(
    slot: PodSlot,
    chan: ChannelSocket,
    name: string,
    ephemeral: boolean,
    argv: string[],
  ): Promise<void> {
    const spec = ephemeral
      ? slot.pod.spec.ephemeralContainers?.find((c) => c.name === name)
      : slot.pod.spec.containers.find((c) => c.name === name);
    if (!spec || !this.settings) throw new Error(`container ${name} vanished`);
    const dataDir = this.settings.area.dataDir;
    const sandbox = slot.sandbox(slot.areaOwner(spec, ephemeral));
    const env = { ...containerEnv(slot.pod, spec, dataDir), ...sandbox.env(dataDir) };
    await runExec(chan, sandbox, { argv, env, workingDir: workingDir(spec) }, (proc, running) => {
      if (running) slot.execs.add(proc);
      else slot.execs.delete(proc);
    });
  }

  async hostPath(namespace: string, pod: string, container: string, containerPath: string): Promise<string> {
    const stored = this.host?.getPod(namespace, pod);
    const slot = stored && this.supervisor?.reconcile(stored);
    if (!stored || !slot) throw new Error(`pod ${namespace}/${pod} is not running in this runtime`);
    const ephemeral = stored.spec.ephemeralContainers?.find((c) => c.name === container);
    const owner = ephemeral ? slot.areaOwner(ephemeral, true) : container;
    const sandbox = slot.sandbox(owner);
    await sandbox.area.ensure();
    return sandbox.area.hostPath(containerPath);
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.supervisor?.close();
    this.channels.close();
    if (this.ownsStateDir) await rm(this.stateDir, { recursive: true, force: true });
  }
}

/** Creates a runtime that runs real processes (pass it as `runtime` to startKubeSim). */
export function createProcessRuntime(options: ProcessRuntimeOptions = {}): ProcessRuntime {
  return new Runtime(options);
}
