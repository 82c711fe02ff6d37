/**
 * EphemeralContainers over the `pods/ephemeralcontainers` subresource: a strategic merge patch
 * that appends one container (what `kubectl debug` sends), then a watch on the pod until the
 * container's status says it runs (or already terminated).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CoreV1Api, PatchStrategy, type V1EphemeralContainer, type V1Pod } from '@kubernetes/client-node';
import { ExitCode, OpsError } from '../../core/errors.js';
import type { CallOptions } from '../../core/ports/call-options.js';
import type {
  EphemeralContainers,
  EphemeralContainerSpec,
  EphemeralContainerState,
} from '../../core/ports/ephemeral-containers.js';
import { deadlineSignal, kubeCall } from './call.js';
import { statusBodyOf, type KubeCallSite } from './errors.js';
import type { KubeTarget } from './kubeconfig.js';
import { watchOnePod } from './watch-one-pod.js';

/** The container object the patch adds. */
export function buildEphemeralContainer(spec: EphemeralContainerSpec): V1EphemeralContainer {
  return {
    name: spec.name,
    image: spec.image,
    terminationMessagePolicy: 'File',
    ...(spec.targetContainer ? { targetContainerName: spec.targetContainer } : {}),
    ...(spec.command ? { command: [...spec.command] } : {}),
    ...(spec.args ? { args: [...spec.args] } : {}),
    ...(spec.stdin ? { stdin: true } : {}),
    ...(spec.tty ? { tty: true } : {}),
    ...(spec.env ? { env: Object.entries(spec.env).map(([name, value]) => ({ name, value })) } : {}),
    ...(spec.capabilities?.length
      ? { securityContext: { capabilities: { add: [...spec.capabilities] } } }
      : {}),
  };
}

/** The state of one ephemeral container in a pod, or undefined before the kubelet reported it. */
export function ephemeralStateOf(pod: V1Pod, name: string): EphemeralContainerState | undefined {
  const state = pod.status?.ephemeralContainerStatuses?.find((s) => s.name === name)?.state;
  if (state?.running) return { state: 'running', reason: undefined, exitCode: undefined };
  if (state?.terminated)
    return { state: 'terminated', reason: state.terminated.reason, exitCode: state.terminated.exitCode };
  if (state?.waiting) return { state: 'waiting', reason: state.waiting.reason, exitCode: undefined };
  return undefined;
}

function started(pod: V1Pod | undefined, name: string): EphemeralContainerState | undefined {
  const state = pod && ephemeralStateOf(pod, name);
  return state && state.state !== 'waiting' ? state : undefined;
}

function siteOf(target: KubeTarget, namespace: string, pod: string, patch: boolean): KubeCallSite {
  return {
    action: patch ? 'add an ephemeral container to' : 'get',
    rbacVerb: patch ? 'patch' : 'get',
    resource: patch ? 'pods/ephemeralcontainers' : 'pods',
    namespace,
    name: pod,
    context: target.context,
    server: target.server,
  };
}

async function addContainer(
  target: KubeTarget,
  namespace: string,
  pod: string,
  spec: EphemeralContainerSpec,
  options: CallOptions,
): Promise<void> {
  const api = target.kubeConfig.makeApiClient(CoreV1Api);
  const body = { spec: { ephemeralContainers: [buildEphemeralContainer(spec)] } };
  try {
    await kubeCall(siteOf(target, namespace, pod, true), options, (s) =>
      api.patchNamespacedPodEphemeralcontainers(
        { name: pod, namespace, body },
        s.withHeaders({ 'Content-Type': PatchStrategy.StrategicMergePatch }),
      ),
    );
  } catch (err) {
    // kubectl's reading: a 404 that names no pod means the subresource itself is not served.
    const status = statusBodyOf((err as OpsError).cause);
    if ((err as OpsError).code === 'E_KUBE_NOT_FOUND' && status && !status.details?.name)
      throw new OpsError(`ephemeral containers are disabled on this cluster (context "${target.context}")`, {
        code: 'E_EPHEMERAL_UNSUPPORTED',
        exitCode: ExitCode.unavailable,
        hints: ['Kubernetes 1.25+ serves them; use exec-based tooling instead'],
        cause: err,
      });
    throw err;
  }
}

async function waitForContainer(
  target: KubeTarget,
  namespace: string,
  pod: string,
  name: string,
  options: CallOptions,
): Promise<EphemeralContainerState> {
  const api = target.kubeConfig.makeApiClient(CoreV1Api);
  const deadline = deadlineSignal(options, 120_000);
  let last: EphemeralContainerState | undefined;
  while (!deadline.signal.aborted) {
    let current: V1Pod;
    try {
      current = await kubeCall(siteOf(target, namespace, pod, false), { signal: deadline.signal }, (s) =>
        api.readNamespacedPod({ name: pod, namespace }, s.options),
      );
    } catch (err) {
      if (deadline.timedOut()) break;
      throw err;
    }
    last = ephemeralStateOf(current, name);
    const now = started(current, name);
    if (now) return now;
    const rv = current.metadata?.resourceVersion ?? '';
    const seen = await watchOnePod(target, namespace, pod, rv, deadline.signal, (p) => !!started(p, name));
    const then = started(seen, name);
    if (then) return then;
    if (seen) last = ephemeralStateOf(seen, name);
    // A watch that ended early (dropped, refused) is retried after a pause, not in a tight loop.
    await sleep(250, undefined, { signal: deadline.signal }).catch(() => undefined);
  }
  if (options.signal?.aborted)
    throw new OpsError(`waiting for ephemeral container "${name}" was interrupted`, {
      code: 'E_ABORTED',
      exitCode: ExitCode.interrupted,
    });
  const reason = last?.reason ? ` (still waiting: ${last.reason})` : '';
  throw new OpsError(
    `ephemeral container "${name}" in pod "${pod}" (namespace "${namespace}", context "${target.context}") did not start within ${deadline.timeoutMs / 1000}s${reason}`,
    {
      code: 'E_KUBE_TIMEOUT',
      exitCode: ExitCode.unavailable,
      hints: [`kubectl --context ${target.context} describe pod ${pod} -n ${namespace}`],
    },
  );
}

/** Creates the EphemeralContainers port of a cluster target. */
export function createKubeEphemeralContainers(target: KubeTarget): EphemeralContainers {
  return {
    addEphemeralContainer: (namespace, pod, spec, options = {}) =>
      addContainer(target, namespace, pod, spec, options),
    waitForEphemeralContainer: (namespace, pod, name, options = {}) =>
      waitForContainer(target, namespace, pod, name, options),
  };
}
