/** Public surface of the Kubernetes adapter. */
export { connectKube, createKubeClient, type KubeClient } from './client.js';
export {
  loadKubeTarget,
  type KubeConfigSource,
  type KubeTarget,
  type KubeTargetEnv,
  type KubeTargetFlags,
} from './kubeconfig.js';
export { createKubePodSource } from './pod-source.js';
export { startPodWatch, type PodWatchTuning } from './pod-watch.js';
export { createKubePodLookup } from './pod-lookup.js';
export { createKubePodExec, statusOutcome, DEFAULT_CONTAINER_ANNOTATION } from './exec.js';
export { createKubeEphemeralContainers, buildEphemeralContainer, ephemeralStateOf } from './ephemeral.js';
export { toKubeError, describeTarget, type KubeCallSite } from './errors.js';
export { kubeCall, DEFAULT_CALL_TIMEOUT_MS } from './call.js';
