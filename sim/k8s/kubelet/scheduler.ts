/**
 * Binding of unscheduled pods to nodes (the scheduler's role): Ready, schedulable nodes whose
 * labels satisfy the pod's nodeSelector; nodes holding a pending IP-reuse preference first, then
 * the node with the fewest pods.
 */
import type { NodeObject, Pod } from '../types.js';

/** Picks a node for a pod, or undefined with the reason it cannot be placed. */
export function pickNode(
  pod: Pod,
  nodes: NodeObject[],
  podsOnNode: (node: string) => number,
  preferred: (node: string) => boolean,
): { node?: string; reason: string } {
  const selector = (pod.spec.nodeSelector as Record<string, string> | undefined) ?? {};
  const candidates = nodes.filter((n) => {
    const ready = n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    const labels = n.metadata.labels ?? {};
    return ready && !n.spec?.unschedulable && Object.entries(selector).every(([k, v]) => labels[k] === v);
  });
  if (candidates.length === 0) {
    return {
      reason: `0/${nodes.length} nodes are available: ${nodes.length} node(s) didn't match Pod's node affinity/selector or were not ready.`,
    };
  }
  const ranked = [...candidates].sort((a, b) => {
    const pa = preferred(a.metadata.name ?? '') ? 0 : 1;
    const pb = preferred(b.metadata.name ?? '') ? 0 : 1;
    if (pa !== pb) return pa - pb;
    return podsOnNode(a.metadata.name ?? '') - podsOnNode(b.metadata.name ?? '');
  });
  return { node: ranked[0]?.metadata.name ?? '', reason: '' };
}
