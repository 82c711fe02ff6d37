/**
 * The pod runtime seam. The kubelet tells the runtime when containers start and stop; streaming
 * subresources (exec, attach, portforward over WebSocket/SPDY upgrades, and logs) are handed to
 * it. The default runtime runs nothing and leaves streams unanswered, so the API answers them
 * with a 501 Status; a process-backed runtime plugs in here later.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Pod } from './types.js';

/** Streaming subresources of pods. */
export type StreamKind = 'exec' | 'attach' | 'portforward' | 'log';

/** A streaming request already authenticated and authorized, for an existing pod. */
export interface StreamRequest {
  kind: StreamKind;
  pod: Pod;
  query: URLSearchParams;
  user: string;
}

/** What runs the containers of simulated pods. */
export interface PodRuntime {
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
