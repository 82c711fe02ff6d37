/**
 * PodLookup over the API: a GET for the exact name first (cheap, and enough most of the time),
 * then one list of the namespace (or of all namespaces with `-A`) matched by core/kube/pod-match.
 */
import { CoreV1Api } from '@kubernetes/client-node';
import { ExitCode, OpsError } from '../../core/errors.js';
import { isTerminating, toPodInfo, type PodInfo } from '../../core/kube/pod.js';
import { matchPod, type PodMatchResult } from '../../core/kube/pod-match.js';
import { isValidPodName } from '../../core/nas/pod-name.js';
import type { PodLookup, PodLookupOptions, PodLookupResult } from '../../core/ports/pod-lookup.js';
import { kubeCall } from './call.js';
import type { KubeTarget } from './kubeconfig.js';
import { listPodsIn } from './list-pods.js';

const SHOWN = 10;

function describePod(pod: PodInfo): string {
  const state = isTerminating(pod) ? 'Terminating' : pod.phase;
  return `${pod.namespace}/${pod.name} (${state}${pod.ready ? ', ready' : ''})`;
}

function listing(pods: PodInfo[]): string {
  const lines = pods.slice(0, SHOWN).map((p) => `  ${describePod(p)}`);
  if (pods.length > SHOWN) lines.push(`  ... and ${pods.length - SHOWN} more`);
  return lines.join('\n');
}

/** GET by exact name; undefined when there is no such pod. */
async function getExact(
  target: KubeTarget,
  namespace: string,
  name: string,
  options: PodLookupOptions,
): Promise<PodInfo | undefined> {
  const api = target.kubeConfig.makeApiClient(CoreV1Api);
  const site = {
    action: 'get',
    rbacVerb: 'get',
    resource: 'pods',
    namespace,
    name,
    context: target.context,
    server: target.server,
  };
  try {
    return toPodInfo(
      await kubeCall(site, options, (s) => api.readNamespacedPod({ name, namespace }, s.options)),
    );
  } catch (err) {
    if ((err as OpsError).code === 'E_KUBE_NOT_FOUND') return undefined;
    throw err;
  }
}

function toResult(result: PodMatchResult, query: string, where: string, getPods: string): PodLookupResult {
  switch (result.kind) {
    case 'found':
      return { pod: result.pod, by: result.by, ready: result.ready };
    case 'ambiguous':
      throw new OpsError(
        `"${query}" matches ${result.candidates.length} pods ${where} (by ${result.by}); name one of them:\n${listing(result.candidates)}`,
        {
          code: 'E_POD_AMBIGUOUS',
          exitCode: ExitCode.usage,
          hints: ['give the full pod name, or a longer prefix', 'pick the namespace with -n <namespace>'],
        },
      );
    case 'unavailable':
      throw new OpsError(`workload "${query}" has no running pod ${where}:\n${listing(result.candidates)}`, {
        code: 'E_POD_NOT_RUNNING',
        hints: [getPods],
      });
    case 'none':
      throw new OpsError(
        `no pod matches "${query}" ${where}: no pod has that name or a name starting with it, and no workload or app label has that name`,
        {
          code: 'E_POD_NOT_FOUND',
          hints: [getPods, 'search every namespace with -A, or pick one with -n <namespace>'],
        },
      );
  }
}

/** Creates the PodLookup of a cluster target. */
export function createKubePodLookup(target: KubeTarget): PodLookup {
  return {
    async resolvePod(query: string, options: PodLookupOptions = {}): Promise<PodLookupResult> {
      if (query.trim() === '')
        throw new OpsError('name a pod (its name, a unique prefix of it, or its workload)', {
          code: 'E_USAGE',
          exitCode: ExitCode.usage,
        });
      const namespace = options.allNamespaces ? undefined : (options.namespace ?? target.namespace);
      const where =
        namespace === undefined
          ? `in all namespaces (context "${target.context}")`
          : `in namespace "${namespace}" (context "${target.context}")`;
      if (namespace !== undefined && isValidPodName(query)) {
        const pod = await getExact(target, namespace, query, options);
        if (pod) return { pod, by: 'name', ready: pod.ready };
      }
      const pods = await listPodsIn(target, namespace, options);
      const getPods = `kubectl --context ${target.context} get pods ${namespace === undefined ? '-A' : `-n ${namespace}`}`;
      return toResult(matchPod(query, pods), query, where, getPods);
    },
  };
}
