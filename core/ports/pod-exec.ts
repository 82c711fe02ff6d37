/** Running a command in a pod's container. Implemented in adapters/kube. */
import type { CallOptions } from './call-options.js';

/** One exec. */
export interface ExecRequest extends CallOptions {
  namespace: string;
  pod: string;
  /** @default the pod's `kubectl.kubernetes.io/default-container`, else its first container */
  container?: string | undefined;
  /** argv; no shell is involved unless the command is one. */
  command: readonly string[];
  /** Sent to the process; its end closes the process's stdin. */
  stdin?: NodeJS.ReadableStream | undefined;
  stdout?: NodeJS.WritableStream | undefined;
  stderr?: NodeJS.WritableStream | undefined;
  /** Allocate a terminal (stderr then arrives on stdout). */
  tty?: boolean | undefined;
}

/** How an exec ended. */
export interface ExecResult {
  /** The process's exit code, from the API's status channel. */
  exitCode: number;
}

/** Runs commands in containers. */
export interface PodExec {
  /**
   * Runs the command and resolves with its exit code once it ends (a non-zero code is a result,
   * not an error). Rejects with OpsError when the exec cannot start (`E_KUBE_FORBIDDEN`,
   * `E_EXEC_FAILED` when the container cannot run it, `E_KUBE_UNREACHABLE`...) or when the
   * connection drops before the status arrives (`E_EXEC_INTERRUPTED`).
   */
  exec(request: ExecRequest): Promise<ExecResult>;
}
