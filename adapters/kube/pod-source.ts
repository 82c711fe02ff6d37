/** PodSource over the Kubernetes API: paged lists and ListWatch-based watches. */
import type { PodSource } from '../../core/ports/pod-source.js';
import type { KubeTarget } from './kubeconfig.js';
import { listPodsInScope } from './list-pods.js';
import { startPodWatch, type PodWatchTuning } from './pod-watch.js';

/** Creates the PodSource of a cluster target. */
export function createKubePodSource(target: KubeTarget, tuning: PodWatchTuning = {}): PodSource {
  return {
    listPods: (scope, options = {}) => listPodsInScope(target, scope, options),
    watchPods: (scope, options = {}) => startPodWatch(target, scope, options, tuning),
  };
}
