/** A short watch on one pod (field selector on its name), as kubectl waits for a pod to change. */
import { Watch, type V1Pod } from '@kubernetes/client-node';
import type { KubeTarget } from './kubeconfig.js';

/**
 * Watches one pod from `resourceVersion` until `done` accepts a version of it, the watch ends,
 * or `signal` fires. Resolves with the last version seen (undefined when none arrived).
 */
export function watchOnePod(
  target: KubeTarget,
  namespace: string,
  name: string,
  resourceVersion: string,
  signal: AbortSignal,
  done: (pod: V1Pod) => boolean,
): Promise<V1Pod | undefined> {
  return new Promise((resolve) => {
    let last: V1Pod | undefined;
    let controller: AbortController | undefined;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      signal.removeEventListener('abort', finish);
      controller?.abort();
      resolve(last);
    };
    signal.addEventListener('abort', finish, { once: true });
    new Watch(target.kubeConfig)
      .watch(
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
        { fieldSelector: `metadata.name=${name}`, resourceVersion },
        (type, obj: V1Pod) => {
          if (type !== 'ADDED' && type !== 'MODIFIED') return;
          last = obj;
          if (done(obj)) finish();
        },
        () => finish(),
      )
      .then((c) => {
        controller = c;
        if (finished) c.abort();
      }, finish);
  });
}
