/**
 * The RuntimeHost a pod runtime gets at start: the pods of the store, their changes, status writes
 * made the way the kubelet writes them, and the early end of a graceful deletion.
 */
import type { Clock } from './clock.js';
import type { Kubelet } from './kubelet/kubelet.js';
import type { Registry } from './registry/registry.js';
import type { RuntimeHost } from './runtime.js';
import type { Pod } from './types.js';

/** Builds the host over the simulator's registry and kubelet. */
export function createRuntimeHost(registry: Registry, kubelet: Kubelet, clock: Clock): RuntimeHost {
  const store = registry.store;
  const getPod = (namespace: string, name: string): Pod | undefined =>
    store.get('pods', namespace, name) as Pod | undefined;
  return {
    clock,
    pods: () => store.list('pods') as Pod[],
    getPod,
    onPodChange(listener) {
      return store.subscribe((change) => {
        if (change.resource === 'pods') listener(change.object as Pod, change.type === 'DELETED');
      });
    },
    writePodStatus(namespace, name, update) {
      const pod = getPod(namespace, name);
      if (!pod) return undefined;
      const status = update(pod);
      if (status === undefined) return undefined;
      return store.update('pods', { ...pod, metadata: { ...pod.metadata }, status }) as Pod;
    },
    finishTermination: (namespace, name) => kubelet.finishTermination(namespace, name),
  };
}
