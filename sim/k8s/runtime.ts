/**
 * The pod runtime seam. The kubelet tells the runtime when containers start and stop; streaming
 * subresources (exec, attach, portforward over WebSocket/SPDY upgrades, and logs) are handed to
 * it. The default runtime runs nothing and leaves streams unanswered, so the API answers them
 * with a 501 Status; a process-backed runtime plugs in here later.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Clock } from './clock.js';
import type { Pod, PodStatus } from './types.js';

/** Streaming subresources of pods. */
export type StreamKind = 'exec' | 'attach' | 'portforward' | 'log';

/** A streaming request already authenticated and authorized, for an existing pod. */
export interface StreamRequest {
  kind: StreamKind;
  pod: Pod;
  query: URLSearchParams;
  user: string;
}

/** What the simulator offers a runtime that runs real processes (given to `PodRuntime.start`). */
export interface RuntimeHost {
  clock: Clock;
  /** Every stored pod. */
  pods(): Pod[];
  /** The stored pod, or undefined. */
  getPod(namespace: string, name: string): Pod | undefined;
  /** Calls `listener` after every pod change (synchronously, inside the write: defer reactions). */
  onPodChange(listener: (pod: Pod, deleted: boolean) => void): () => void;
  /** Stores the status `update` returns for the current pod (nothing when gone or undefined). */
  writePodStatus(
    namespace: string,
    name: string,
    update: (pod: Pod) => PodStatus | undefined,
  ): Pod | undefined;
  /** Every container of a terminating pod has exited: finish its deletion now, like a kubelet. */
  finishTermination(namespace: string, name: string): void;
}

/** What runs the containers of simulated pods. */
export interface PodRuntime {
  /** The simulator is built: the runtime may follow pods and write container statuses. */
  start?(host: RuntimeHost): void;
  /** The pod's containers were started (the pod turned Running). */
  podStarted?(pod: Pod): void;
  /** One container (re)started: a restart, or an ephemeral container added by `kubectl debug`. */
  containerStarted?(pod: Pod, container: string): void;
  /** The pod's containers were stopped (deletion finished or pod terminated). */
  podStopped?(pod: Pod): void;
  /** Plain HTTP stream request (logs). Return true when the response was handled. */
  serveHttp?(request: StreamRequest, req: IncomingMessage, res: ServerResponse): boolean;
  /** Upgrade request (exec/attach/portforward). Return true when the socket was taken over. */
  serveUpgrade?(request: StreamRequest, req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Stops everything the runtime runs. */
  close?(): Promise<void>;
}

/** The runtime that runs nothing. */
export const noopRuntime: PodRuntime = {};
