import type { ChildProcess } from 'node:child_process';
import type { Registry } from 'prom-client';
import type { OpsConfig } from '../../core/config/schema.js';
import type { MountInfo } from '../../core/nas/mountinfo.js';
import type { Logger } from '../log/logger.js';
import { NasHealthMetrics } from './metrics.js';
import { readMountInfo } from './mountinfo-read.js';
import { ProbeRun, type ProbeOutcome, type ProbeOpResult } from './runner.js';
import { planProbeTargets, type ProbeTarget } from './targets.js';

export type NasHealthSettings = OpsConfig['nas']['health'];

export interface NasHealthMonitorOptions {
  registry: Registry;
  log: Logger;
  health: NasHealthSettings;
  /** The NAS root (`nas.root`), watched when `health.watchRoot`. */
  root: string;
  /** A watched mount that left mountinfo is reported down this long, then forgotten. */
  goneTtlMs: number;
  /** @default readMountInfo */
  readMounts?: () => Promise<MountInfo[]>;
  /** @default forkProbeChild */
  spawn?: () => ChildProcess;
  /** @default Date.now */
  now?: () => number;
}

/** Probe processes alive at once, over all mounts: what a host with many hung mounts may hold. */
export const MAX_PROBE_CHILDREN = 32;

interface TargetState {
  target: ProbeTarget;
  run: ProbeRun | undefined;
  wasMountPoint: boolean;
  goneSinceMs: number | undefined;
  killed: boolean;
  roundReadOnly: boolean;
  lastUp: boolean | undefined;
}

/**
 * The exporter's mount health loop. Every interval it reads mountinfo, plans the folders to
 * watch and starts one probe process per folder that has none running. A probe past its
 * deadline counts as hung and its folder is not probed again until that process exits: by
 * answering late (the mount is back), or after being SIGKILLed once it has been hung for ten
 * deadlines (a process stuck in the kernel on a hard NFS mount may outlive even that).
 */
export class NasHealthMonitor {
  private readonly metrics: NasHealthMetrics;
  private readonly states = new Map<string, TargetState>();
  private readonly now: () => number;
  private mounts: MountInfo[] = [];
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private closed = false;
  private mountInfoFailed = false;

  constructor(private readonly opts: NasHealthMonitorOptions) {
    this.metrics = new NasHealthMetrics(opts.registry);
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.opts.health.intervalSeconds * 1000);
    this.timer.unref();
  }

  /** One round: refresh the mounts, kill long-hung probes, start the probes that are due. */
  async tick(): Promise<void> {
    if (this.ticking || this.closed) return;
    this.ticking = true;
    try {
      await this.refreshMounts();
      if (this.closed) return;
      this.plan();
      this.killLongHung();
      for (const state of this.states.values()) this.probe(state);
    } finally {
      this.ticking = false;
    }
  }

  /** The folders watched now, for tests and logs. */
  targets(): ProbeTarget[] {
    return [...this.states.values()].map((s) => s.target);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const state of this.states.values()) state.run?.kill();
  }

  private async refreshMounts(): Promise<void> {
    try {
      this.mounts = await (this.opts.readMounts ?? readMountInfo)();
      this.mountInfoFailed = false;
    } catch (error) {
      if (!this.mountInfoFailed)
        this.opts.log.warn('cannot read mountinfo; keeping the last mounts', { error: String(error) });
      this.mountInfoFailed = true;
    }
  }

  private plan(): void {
    const { health } = this.opts;
    const planned = planProbeTargets({
      mounts: this.mounts,
      fstypes: health.fstypes,
      excludeMountpoints: health.excludeMountpoints,
      paths: health.paths,
      ...(health.watchRoot ? { root: this.opts.root } : {}),
      requireMount: health.requireMount,
    });
    const seen = new Set<string>();
    for (const target of planned) {
      seen.add(target.path);
      const state = this.states.get(target.path);
      if (state) {
        state.wasMountPoint ||= target.isMountPoint;
        // A folder that was a mount point and is not one any more lost its NAS: the local
        // folder left behind must not look like a healthy NAS.
        state.target = state.wasMountPoint && !target.isMountPoint ? { ...target, mounted: false } : target;
        state.goneSinceMs = undefined;
      } else {
        this.states.set(target.path, newState(target));
      }
      this.metrics.setTarget(this.states.get(target.path)!.target);
    }
    for (const [path, state] of this.states) if (!seen.has(path)) this.onGone(path, state);
  }

  /** A watched mount left mountinfo (unmounted): down until the TTL, then no series at all. */
  private onGone(path: string, state: TargetState): void {
    state.goneSinceMs ??= this.now();
    state.target = { ...state.target, mounted: false, isMountPoint: false };
    if (this.now() - state.goneSinceMs < this.opts.goneTtlMs || state.run) return;
    this.states.delete(path);
    this.metrics.remove(path);
  }

  private killLongHung(): void {
    const limitMs = 10 * this.opts.health.timeoutSeconds * 1000;
    for (const state of this.states.values()) {
      const since = state.run?.hung ? state.run.hungSinceMs : undefined;
      if (since === undefined || state.killed || this.now() - since < limitMs) continue;
      this.opts.log.warn('killing a hung NAS probe', {
        mountpoint: state.target.path,
        hungMs: this.now() - since,
      });
      state.killed = true;
      state.run!.kill();
    }
  }

  private probe(state: TargetState): void {
    const path = state.target.path;
    if (!state.target.mounted) {
      this.setUp(state, false, 'not mounted');
      this.metrics.setHung(path, state.run?.hung ? 1 : 0);
      return;
    }
    if (state.run || this.aliveChildren() >= MAX_PROBE_CHILDREN) return;
    state.killed = false;
    state.roundReadOnly = false;
    state.run = new ProbeRun(
      {
        path,
        write: this.opts.health.writeProbe,
        timeoutMs: this.opts.health.timeoutSeconds * 1000,
        ...(this.opts.spawn ? { spawn: this.opts.spawn } : {}),
        now: this.now,
      },
      {
        onResult: (result) => this.onResult(state, result),
        onTimeout: (op) => {
          this.metrics.error(path, op, 'timeout');
          this.metrics.setHung(path, 1);
          this.setUp(state, false, `${op} did not answer within ${this.opts.health.timeoutSeconds}s`);
        },
        onEnd: (outcome) => this.onEnd(state, outcome),
        onExit: () => {
          state.run = undefined;
          this.metrics.setHung(path, 0);
        },
      },
    );
  }

  private onResult(state: TargetState, result: ProbeOpResult): void {
    const path = state.target.path;
    this.metrics.observe(path, result.op, result.durationMs / 1000);
    if (!result.ok) this.metrics.error(path, result.op, result.errno ?? 'other');
    if (result.errno === 'EROFS') state.roundReadOnly = true;
  }

  private onEnd(state: TargetState, outcome: ProbeOutcome): void {
    const path = state.target.path;
    if (outcome.space) this.metrics.setSpace(path, outcome.space);
    if (!outcome.complete && outcome.hungOp === undefined) {
      // The probe process itself failed (or was killed): that says nothing new about the NAS.
      if (outcome.childError !== 'killed')
        this.opts.log.warn('NAS probe did not run', { mountpoint: path, error: outcome.childError });
      return;
    }
    const failed = outcome.results.find((r) => !r.ok);
    const ok = outcome.complete && failed === undefined;
    this.setUp(state, ok, failed ? `${failed.op}: ${failed.code ?? failed.errno}` : 'answered');
    if (ok) this.metrics.setSuccess(path, this.now());
    this.metrics.setReadOnly(path, state.target.readOnly || state.roundReadOnly);
  }

  private setUp(state: TargetState, up: boolean, why: string): void {
    this.metrics.setUp(state.target.path, up);
    if (state.lastUp !== undefined && state.lastUp !== up) {
      const log = up ? this.opts.log.info.bind(this.opts.log) : this.opts.log.warn.bind(this.opts.log);
      log(up ? 'NAS mount answers again' : 'NAS mount is down', { mountpoint: state.target.path, why });
    }
    state.lastUp = up;
  }

  private aliveChildren(): number {
    let n = 0;
    for (const state of this.states.values()) if (state.run?.alive) n++;
    return n;
  }
}

function newState(target: ProbeTarget): TargetState {
  return {
    target,
    run: undefined,
    wasMountPoint: target.isMountPoint,
    goneSinceMs: undefined,
    killed: false,
    roundReadOnly: false,
    lastUp: undefined,
  };
}
