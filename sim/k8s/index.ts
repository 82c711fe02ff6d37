/** Public surface of the Kubernetes API simulator. */
export { startKubeSim, type KubeSim, type KubeSimOptions } from './sim.js';
export { KubeSimStore, resourceNamed } from './control.js';
export type { DenialRule } from './denials.js';
export type { PodRuntime, RuntimeHost, StreamKind, StreamRequest } from './runtime.js';
export {
  createProcessRuntime,
  type ProcessRuntime,
  type ProcessRuntimeOptions,
} from './runtime-process/index.js';
export { noopRuntime } from './runtime.js';
export { FakeClock, systemClock, type Clock } from './clock.js';
export type { KubeconfigOptions } from './kubeconfig.js';
export type { KubeObject, Pod } from './types.js';
export { SIM_CA_PEM } from './tls-material.js';
export type { RestartOptions } from './kubelet/pod-actions.js';
