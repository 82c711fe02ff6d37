/** Every Kubernetes port of opsctl bound to one resolved cluster target. */
import type { EphemeralContainers } from '../../core/ports/ephemeral-containers.js';
import type { PodExec } from '../../core/ports/pod-exec.js';
import type { PodLookup } from '../../core/ports/pod-lookup.js';
import type { PodSource } from '../../core/ports/pod-source.js';
import { createKubeEphemeralContainers } from './ephemeral.js';
import { createKubePodExec } from './exec.js';
import { loadKubeTarget, type KubeTarget, type KubeTargetEnv, type KubeTargetFlags } from './kubeconfig.js';
import { createKubePodLookup } from './pod-lookup.js';
import { createKubePodSource } from './pod-source.js';
import type { PodWatchTuning } from './pod-watch.js';

/** The ports, plus the target they talk to (for messages: context, namespace, server). */
export interface KubeClient {
  target: KubeTarget;
  pods: PodSource;
  lookup: PodLookup;
  exec: PodExec;
  ephemeral: EphemeralContainers;
}

/** Binds every port to `target`. */
export function createKubeClient(target: KubeTarget, tuning: PodWatchTuning = {}): KubeClient {
  return {
    target,
    pods: createKubePodSource(target, tuning),
    lookup: createKubePodLookup(target),
    exec: createKubePodExec(target),
    ephemeral: createKubeEphemeralContainers(target),
  };
}

/** Resolves the target like kubectl (see loadKubeTarget) and binds every port to it. */
export function connectKube(
  flags: KubeTargetFlags,
  env: KubeTargetEnv,
  tuning: PodWatchTuning = {},
): KubeClient {
  return createKubeClient(loadKubeTarget(flags, env), tuning);
}
