/** Ephemeral (debug) containers added to running pods. Implemented in adapters/kube. */
import type { CallOptions } from './call-options.js';

/** The container to add. */
export interface EphemeralContainerSpec {
  /** Unique in the pod (`opsctl-debug-x7k2p`). */
  name: string;
  image: string;
  /** Share this container's process namespace (where the runtime supports it). */
  targetContainer?: string | undefined;
  command?: readonly string[] | undefined;
  args?: readonly string[] | undefined;
  stdin?: boolean | undefined;
  tty?: boolean | undefined;
  /** Linux capabilities to add, e.g. `NET_ADMIN`, `NET_RAW`, `SYS_PTRACE`. */
  capabilities?: readonly string[] | undefined;
  env?: Readonly<Record<string, string>> | undefined;
}

/** Where the container stands. */
export interface EphemeralContainerState {
  state: 'waiting' | 'running' | 'terminated';
  reason: string | undefined;
  exitCode: number | undefined;
}

/** Adds ephemeral containers and waits for them. */
export interface EphemeralContainers {
  /** Adds the container to the pod (append-only; the name must be new). */
  addEphemeralContainer(
    namespace: string,
    pod: string,
    spec: EphemeralContainerSpec,
    options?: CallOptions,
  ): Promise<void>;
  /**
   * Resolves when the container runs (or already terminated); rejects with `E_KUBE_TIMEOUT`
   * when it is still waiting at the deadline (the reason, e.g. `ImagePullBackOff`, is named).
   */
  waitForEphemeralContainer(
    namespace: string,
    pod: string,
    name: string,
    options?: CallOptions,
  ): Promise<EphemeralContainerState>;
}
