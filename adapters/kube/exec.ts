/**
 * PodExec over the API's exec subresource (WebSocket channel protocol): streams wired to the
 * process, an optional TTY, and the exit code read from the status channel exactly as kubectl
 * reads it (`Success` -> 0, `NonZeroExitCode` -> its `ExitCode` cause).
 */
import { Writable } from 'node:stream';
import { CoreV1Api, Exec, type V1Status } from '@kubernetes/client-node';
import type WebSocket from 'ws';
import { ExitCode, OpsError } from '../../core/errors.js';
import type { ExecRequest, ExecResult, PodExec } from '../../core/ports/pod-exec.js';
import { deadlineSignal, kubeCall } from './call.js';
import { abortedError, kubeTimeoutError, toKubeError, type KubeCallSite } from './errors.js';
import { ExecSocket } from './exec-socket.js';
import type { KubeTarget } from './kubeconfig.js';

/** The annotation kubectl reads for the container to exec into when none is named. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/** The exit code a channel-3 Status stands for, or the error of a command that could not run. */
export function statusOutcome(status: V1Status, site: KubeCallSite): number | OpsError {
  if (status.status === 'Success') return 0;
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return code;
  }
  return new OpsError(
    `cannot exec into pod "${site.name ?? ''}" in namespace "${site.namespace ?? ''}" (context "${site.context}"): ${status.message ?? status.reason ?? 'the command failed to start'}`,
    { code: 'E_EXEC_FAILED', hints: ['check that the command exists in the container image'] },
  );
}

async function containerFor(target: KubeTarget, request: ExecRequest, site: KubeCallSite): Promise<string> {
  const api = target.kubeConfig.makeApiClient(CoreV1Api);
  const getSite = { ...site, action: 'get', rbacVerb: 'get', resource: 'pods' };
  const pod = await kubeCall(getSite, request, (s) =>
    api.readNamespacedPod({ name: request.pod, namespace: request.namespace }, s.options),
  );
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed')
    throw new OpsError(`cannot exec into pod "${request.pod}": it has completed (phase ${phase})`, {
      code: 'E_POD_NOT_RUNNING',
    });
  const named = request.container ?? pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  const first = pod.spec?.containers[0]?.name;
  if (named === undefined && first === undefined)
    throw new OpsError(`pod "${request.pod}" has no container`, { code: 'E_EXEC_FAILED' });
  return named ?? first ?? '';
}

/** Waits for the socket to close after the status, and turns it into the exit code. */
function awaitExit(
  socket: WebSocket,
  status: () => V1Status | undefined,
  site: KubeCallSite,
  signal: AbortSignal,
) {
  return new Promise<ExecResult>((resolve, reject) => {
    socket.once('close', () => {
      const s = status();
      if (signal.aborted && !s) return reject(abortedError(site));
      if (!s)
        return reject(
          new OpsError(
            `the exec connection to pod "${site.name ?? ''}" closed before the command's exit status arrived`,
            {
              code: 'E_EXEC_INTERRUPTED',
              exitCode: ExitCode.unavailable,
            },
          ),
        );
      const outcome = statusOutcome(s, site);
      if (typeof outcome === 'number') resolve({ exitCode: outcome });
      else reject(outcome);
    });
  });
}

/** Creates the PodExec of a cluster target. `timeoutMs` bounds the connection, `signal` the whole run. */
export function createKubePodExec(target: KubeTarget): PodExec {
  return {
    async exec(request: ExecRequest): Promise<ExecResult> {
      const site: KubeCallSite = {
        action: 'exec into',
        rbacVerb: 'create',
        resource: 'pods/exec',
        namespace: request.namespace,
        name: request.pod,
        context: target.context,
        server: target.server,
      };
      const container = await containerFor(target, request, site);
      const connect = deadlineSignal(request, 30_000);
      const run = request.signal ?? new AbortController().signal;
      let status: V1Status | undefined;
      // The server needs at least one stream; output nobody reads goes nowhere.
      const stdout =
        request.stdout ??
        (request.stderr || request.stdin ? null : new Writable({ write: (_c, _e, cb) => cb() }));
      let socket: WebSocket;
      try {
        socket = await new Exec(target.kubeConfig, new ExecSocket(target.kubeConfig, connect.signal)).exec(
          request.namespace,
          request.pod,
          container,
          [...request.command],
          stdout,
          request.stderr ?? null,
          request.stdin ?? null,
          request.tty ?? false,
          (s) => (status = s),
        );
      } catch (err) {
        if (request.signal?.aborted) throw abortedError(site, err);
        if (connect.timedOut()) throw kubeTimeoutError(site, connect.timeoutMs, err);
        throw toKubeError(err, site);
      }
      const onAbort = () => socket.terminate();
      run.addEventListener('abort', onAbort, { once: true });
      try {
        return await awaitExit(socket, () => status, site, run);
      } finally {
        run.removeEventListener('abort', onAbort);
      }
    },
  };
}
