/** One consistent pod list per namespace (or cluster-wide), paged like kubectl (500 per page). */
import { CoreV1Api, type V1Pod, type V1PodList } from '@kubernetes/client-node';
import { podKey, toPodInfo, type PodInfo } from '../../core/kube/pod.js';
import type { CallOptions } from '../../core/ports/call-options.js';
import type { PodFilter, PodScope } from '../../core/ports/pod-source.js';
import { kubeCall, type CallScope } from './call.js';
import type { KubeCallSite } from './errors.js';
import type { KubeTarget } from './kubeconfig.js';

const PAGE = 500;

/** The call site of a pod list, for error messages. */
export function listSite(target: KubeTarget, namespace: string | undefined): KubeCallSite {
  return {
    action: 'list',
    rbacVerb: 'list',
    resource: 'pods',
    namespace,
    context: target.context,
    server: target.server,
  };
}

/**
 * Every page of a pod list as one V1PodList. The server keeps one resourceVersion across the
 * pages of a continue chain, so the result is a consistent snapshot a watch can start from.
 */
export async function listPodPages(
  api: CoreV1Api,
  namespace: string | undefined,
  filter: PodFilter,
  scope: CallScope,
): Promise<V1PodList> {
  const items: V1Pod[] = [];
  let resourceVersion: string | undefined;
  let token: string | undefined;
  do {
    const query = {
      limit: PAGE,
      ...(filter.labelSelector ? { labelSelector: filter.labelSelector } : {}),
      ...(token ? { _continue: token } : {}),
    };
    const page: V1PodList =
      namespace === undefined
        ? await api.listPodForAllNamespaces(query, scope.options)
        : await api.listNamespacedPod({ namespace, ...query }, scope.options);
    items.push(...page.items);
    resourceVersion ??= page.metadata?.resourceVersion;
    token = page.metadata?._continue || undefined;
  } while (token !== undefined);
  return { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: resourceVersion ?? '' }, items };
}

/** Lists the pods of one namespace (undefined: all namespaces). */
export async function listPodsIn(
  target: KubeTarget,
  namespace: string | undefined,
  options: PodFilter & CallOptions = {},
): Promise<PodInfo[]> {
  const api = target.kubeConfig.makeApiClient(CoreV1Api);
  const list = await kubeCall(listSite(target, namespace), options, (scope) =>
    listPodPages(api, namespace, options, scope),
  );
  return list.items.map(toPodInfo);
}

/** Lists the pods of a scope, sorted by namespace and name. */
export async function listPodsInScope(
  target: KubeTarget,
  scope: PodScope,
  options: PodFilter & CallOptions = {},
): Promise<PodInfo[]> {
  const namespaces = 'allNamespaces' in scope ? [undefined] : [...new Set(scope.namespaces)];
  const lists = await Promise.all(namespaces.map((ns) => listPodsIn(target, ns, options)));
  return lists.flat().sort((a, b) => podKey(a).localeCompare(podKey(b)));
}
