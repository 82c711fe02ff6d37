/**
 * What the runtime keeps per pod: one slot per container (its current run and the log of the
 * previous one), the sandboxes of the working areas (an ephemeral container with a target shares
 * the target's), the exec processes and stream sessions still open, and the termination state.
 */
import { join } from 'node:path';
import type { Container, Pod } from '../types.js';
import type { ChannelSocket } from './channels.js';
import type { ContainerRun } from './container-run.js';
import type { LogBook } from './log-book.js';
import type { Proc } from './proc.js';
import { Sandbox, type Isolation } from './sandbox.js';
import { WorkArea, type BindMount, type HostLayout } from './work-area.js';

/** One container of a pod. */
export interface ContainerSlot {
  name: string;
  ephemeral: boolean;
  run?: ContainerRun;
  /** Log of the run before the current one (`previous=true`). */
  previous?: LogBook;
}

/** How working areas are made. */
export interface AreaSettings {
  stateDir: string;
  layout: HostLayout;
  isolation: Isolation;
  /** Container path of the data folder. */
  dataDir: string;
  mounts: (pod: Pod, container: string) => BindMount[];
}

/** Runtime state of one pod (by UID). */
export class PodSlot {
  readonly containers = new Map<string, ContainerSlot>();
  readonly execs = new Set<Proc>();
  readonly sessions = new Set<ChannelSocket>();
  private readonly sandboxes = new Map<string, Sandbox>();
  terminating = false;
  /** A container process ran in this pod (its deletion may then end before the grace period). */
  hadProcesses = false;
  readonly dir: string;

  constructor(
    public pod: Pod,
    private readonly settings: AreaSettings,
  ) {
    const uid = (pod.metadata.uid ?? 'nouid').slice(0, 8);
    this.dir = join(
      settings.stateDir,
      pod.metadata.namespace ?? 'default',
      `${pod.metadata.name ?? ''}-${uid}`,
    );
  }

  get namespace(): string {
    return this.pod.metadata.namespace ?? 'default';
  }

  get name(): string {
    return this.pod.metadata.name ?? '';
  }

  /** The slot of a container, created on first use. */
  container(name: string, ephemeral: boolean): ContainerSlot {
    let slot = this.containers.get(name);
    if (!slot) {
      slot = { name, ephemeral };
      this.containers.set(name, slot);
    }
    return slot;
  }

  /** The container whose working area `c` uses (its target for an ephemeral container). */
  areaOwner(c: Container, ephemeral: boolean): string {
    const target = c.targetContainerName;
    if (ephemeral && typeof target === 'string' && this.pod.spec.containers.some((x) => x.name === target))
      return target;
    return c.name;
  }

  /** The sandbox of a working area, created on first use. */
  sandbox(owner: string): Sandbox {
    let sandbox = this.sandboxes.get(owner);
    if (!sandbox) {
      const root = join(this.dir, owner, 'root');
      const mounts = this.settings.mounts(this.pod, owner);
      const area = new WorkArea(root, this.settings.layout, mounts, this.name, [this.settings.dataDir]);
      sandbox = new Sandbox(area, this.settings.isolation, this.name);
      this.sandboxes.set(owner, sandbox);
    }
    return sandbox;
  }

  /** Every sandbox made so far. */
  allSandboxes(): Sandbox[] {
    return [...this.sandboxes.values()];
  }
}
