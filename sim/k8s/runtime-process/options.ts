/** Options of the process runtime and their defaults. */
import type { Container, Pod } from '../types.js';
import type { AreaSettings } from './pod-slot.js';
import type { Isolation } from './sandbox.js';
import type { BindMount } from './work-area.js';

/** Options of createProcessRuntime. */
export interface ProcessRuntimeOptions {
  /**
   * Folder holding every container's working area (`<ns>/<pod>-<uid>/<container>/root`).
   * @default a new folder in the OS temp dir, removed by close()
   */
  stateDir?: string;
  /**
   * Which containers run their command as a real process (the others have no process: exec
   * still works in their working area, their log is empty).
   * @default every container whose spec has a `command`, and every ephemeral container
   */
  run?: (pod: Pod, container: Container, ephemeral: boolean) => boolean;
  /** Command of ephemeral containers that set none (the busybox image's entrypoint). @default ['sh'] */
  ephemeralCommand?: string[];
  /**
   * `mount-namespace`: a private root per working area (needs root); `none`: processes run on the
   * host with the area as working directory; `auto` picks the first that works.
   * @default 'auto'
   */
  isolation?: 'auto' | Isolation;
  /** Extra bind mounts of a working area (e.g. a shared NAS folder over the data folder). @default none */
  mounts?: (pod: Pod, container: string) => BindMount[];
  /** Container path of the data folder, exported as DATA_DIR. @default '/data' */
  dataDir?: string;
  /** Wait between SIGTERM and SIGKILL when the runtime stops processes itself. @default 2000 */
  killTimeoutMs?: number;
  /** Wait before a container that exited is started again (restartPolicy Always/OnFailure). @default 1000 */
  restartDelayMs?: number;
  /** Log bytes kept per container run; older lines are dropped, as rotation would. @default 10 MiB */
  logLimitBytes?: number;
  /** Failures of background work. @default ignore */
  onError?: (what: string, err: unknown) => void;
}

/** Options with defaults applied (the runtime fills in the area's folder and isolation). */
export interface ProcessRuntimeSettings {
  area: AreaSettings;
  run: (pod: Pod, container: Container, ephemeral: boolean) => boolean;
  ephemeralCommand: string[];
  killTimeoutMs: number;
  restartDelayMs: number;
  logLimitBytes: number;
  onError: (what: string, err: unknown) => void;
}

/** The default choice of containers that run: a command in the spec, or an ephemeral container. */
export function runsByDefault(_pod: Pod, container: Container, ephemeral: boolean): boolean {
  return ephemeral || (Array.isArray(container.command) && container.command.length > 0);
}

/** Applies defaults. */
export function resolveSettings(options: ProcessRuntimeOptions, area: AreaSettings): ProcessRuntimeSettings {
  return {
    area,
    run: options.run ?? runsByDefault,
    ephemeralCommand: options.ephemeralCommand ?? ['sh'],
    killTimeoutMs: options.killTimeoutMs ?? 2000,
    restartDelayMs: options.restartDelayMs ?? 1000,
    logLimitBytes: options.logLimitBytes ?? 10 * 1024 * 1024,
    onError: options.onError ?? (() => undefined),
  };
}
