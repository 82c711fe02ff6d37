/** Cross-field checks of the kubernetes part that a schema cannot express, reported by path. */
import type { KubeScenario } from './kubernetes.js';

/** One problem, with its path inside the `kubernetes:` key. */
export interface ScenarioIssue {
  path: (string | number)[];
  message: string;
}

/** Name of the node created when a scenario lists none. */
export const DEFAULT_NODE = 'node-1';

function duplicates(
  names: string[],
  path: (i: number) => (string | number)[],
  what: string,
): ScenarioIssue[] {
  const seen = new Set<string>();
  const issues: ScenarioIssue[] = [];
  names.forEach((n, i) => {
    if (seen.has(n)) issues.push({ path: path(i), message: `duplicate ${what} "${n}"` });
    seen.add(n);
  });
  return issues;
}

function workloadIssues(k: KubeScenario, nodes: Set<string>): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  k.workloads.forEach((w, i) => {
    const at = ['workloads', i];
    if (w.ready !== undefined && w.ready > w.replicas)
      issues.push({ path: [...at, 'ready'], message: `ready (${w.ready}) exceeds replicas (${w.replicas})` });
    if ((w.pods?.length ?? 0) > w.replicas)
      issues.push({
        path: [...at, 'pods'],
        message: `${w.pods?.length ?? 0} pod overrides for ${w.replicas} replicas`,
      });
    if (!w.containers && !w.image)
      issues.push({ path: [...at, 'image'], message: 'set image (or containers)' });
    if (w.node && !nodes.has(w.node))
      issues.push({ path: [...at, 'node'], message: `unknown node "${w.node}"` });
    w.pods?.forEach((p, j) => {
      if (p.node && !nodes.has(p.node))
        issues.push({ path: [...at, 'pods', j, 'node'], message: `unknown node "${p.node}"` });
    });
  });
  return issues;
}

function timelineIssues(k: KubeScenario): ScenarioIssue[] {
  const workloads = new Set(k.workloads.map((w) => `${w.namespace}/${w.name}`));
  const issues: ScenarioIssue[] = [];
  k.timeline.forEach((e, i) => {
    if (e.action === 'createPod') return;
    const workload = 'workload' in e ? e.workload : undefined;
    if (workload !== undefined && !workloads.has(workload)) {
      issues.push({ path: ['timeline', i, 'workload'], message: `unknown workload "${workload}"` });
    }
    if (e.action !== 'scale' && e.pod === undefined && workload === undefined) {
      issues.push({
        path: ['timeline', i],
        message: 'name the target with pod: <namespace>/<pod> or workload: <namespace>/<name>',
      });
    }
  });
  return issues;
}

/** Every cross-reference problem of a kubernetes scenario. */
export function checkKubeScenario(k: KubeScenario): ScenarioIssue[] {
  const nodes = new Set(k.nodes.length > 0 ? k.nodes.map((n) => n.name) : [DEFAULT_NODE]);
  const issues = [
    ...duplicates(
      k.nodes.map((n) => n.name),
      (i) => ['nodes', i, 'name'],
      'node',
    ),
    ...duplicates(
      k.workloads.map((w) => `${w.namespace}/${w.name}`),
      (i) => ['workloads', i, 'name'],
      'workload',
    ),
    ...duplicates(
      k.pods.map((p) => `${p.namespace}/${p.name}`),
      (i) => ['pods', i, 'name'],
      'pod',
    ),
    ...workloadIssues(k, nodes),
    ...timelineIssues(k),
  ];
  k.pods.forEach((p, i) => {
    if (p.node && !nodes.has(p.node))
      issues.push({ path: ['pods', i, 'node'], message: `unknown node "${p.node}"` });
    if (!p.containers && !p.image)
      issues.push({ path: ['pods', i, 'image'], message: 'set image (or containers)' });
  });
  return issues;
}
