/**
 * Workloads and explicit pods of a scenario: each workload becomes a Deployment, its current
 * ReplicaSet (`<name>-<pod-template-hash>`) and pods (`<rs>-<5 chars>`) with owner references,
 * labels and the requested states; the controllers then compute workload statuses.
 */
import type { KubeScenario, ScenarioPod, ScenarioWorkload } from '../../scenario/kubernetes.js';
import { parseScenarioDuration } from '../../scenario/duration.js';
import { kubeTime } from '../clock.js';
import { controllerRef } from '../controllers/owners.js';
import { replicaSetNameFor } from '../controllers/deployment.js';
import type { Ipam } from '../kubelet/ipam.js';
import type { Registry } from '../registry/registry.js';
import { resourceByKey } from '../resources.js';
import type { KubeObject, NodeObject, Pod, Workload } from '../types.js';
import { podState, scenarioContainers, scenarioPodStatus, type PodState } from './scenario-pods.js';

const PODS = resourceByKey('pods');
const DEPLOYMENTS = resourceByKey('deployments.apps');
const REPLICASETS = resourceByKey('replicasets.apps');
const REVISION = 'deployment.kubernetes.io/revision';

/** Places pods on nodes round-robin, skipping nodes that cannot take pods. */
class NodePicker {
  private next = 0;
  constructor(
    private readonly nodes: NodeObject[],
    ipam: Ipam,
  ) {
    for (const n of nodes) if (n.spec?.podCIDR) ipam.addNode(n.metadata.name ?? '', n.spec.podCIDR);
  }

  pick(name: string | undefined): NodeObject {
    if (name !== undefined) {
      const found = this.nodes.find((n) => n.metadata.name === name);
      if (found) return found;
    }
    const usable = this.nodes.filter(
      (n) =>
        !n.spec?.unschedulable &&
        n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    const pool = usable.length > 0 ? usable : this.nodes;
    const node = pool[this.next++ % pool.length];
    if (!node) throw new Error('scenario has no nodes');
    return node;
  }
}

interface BuildContext {
  registry: Registry;
  ipam: Ipam;
  nodes: NodePicker;
  now: number;
}

function createPod(ctx: BuildContext, pod: Pod, nodeName: string | undefined, state: PodState): KubeObject {
  const node = ctx.nodes.pick(nodeName);
  pod.spec.nodeName = node.metadata.name ?? '';
  pod.metadata.creationTimestamp = kubeTime(ctx.now - state.ageMs);
  pod.status = scenarioPodStatus(pod, node, ctx.ipam, state, ctx.now);
  return ctx.registry.create(PODS, pod.metadata.namespace, pod, { internal: true });
}

function buildWorkload(ctx: BuildContext, w: ScenarioWorkload): void {
  const labels = w.labels ?? { app: w.name };
  const created = kubeTime(ctx.now - parseScenarioDuration(w.age));
  const template = {
    metadata: { labels, ...(w.podAnnotations ? { annotations: w.podAnnotations } : {}) },
    spec: { containers: scenarioContainers(w.name, w), ...(w.hostNetwork ? { hostNetwork: true } : {}) },
  };
  const deployment = ctx.registry.create(
    DEPLOYMENTS,
    w.namespace,
    {
      metadata: {
        name: w.name,
        labels,
        annotations: { ...(w.annotations ?? {}), [REVISION]: '1' },
        creationTimestamp: created,
      },
      spec: { replicas: w.replicas, selector: { matchLabels: labels }, template },
    },
    { internal: true },
  ) as Workload;
  const { name: rsName, hash } = replicaSetNameFor(deployment);
  const podLabels = { ...labels, 'pod-template-hash': hash };
  const rs = ctx.registry.create(
    REPLICASETS,
    w.namespace,
    {
      metadata: {
        name: rsName,
        labels: podLabels,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(w.replicas),
          'deployment.kubernetes.io/max-replicas': String(w.replicas + Math.ceil(w.replicas / 4)),
          [REVISION]: '1',
        },
        ownerReferences: [controllerRef(deployment)],
        creationTimestamp: created,
      },
      spec: {
        replicas: w.replicas,
        selector: { matchLabels: podLabels },
        template: {
          ...deployment.spec.template,
          metadata: { ...deployment.spec.template.metadata, labels: podLabels },
        },
      },
    },
    { internal: true },
  ) as Workload;
  const readyCount = w.ready ?? w.replicas;
  for (let i = 0; i < w.replicas; i++) {
    const override = w.pods?.[i] ?? {};
    const state = podState(override, { ready: i < readyCount, age: w.podAge ?? w.age, restarts: w.restarts });
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: override.name ?? `${rsName}-${ctx.registry.ids.suffix()}`,
        namespace: w.namespace,
        labels: podLabels,
        ownerReferences: [controllerRef(rs)],
      },
      spec: structuredClone(rs.spec.template.spec),
    };
    if (w.podAnnotations) pod.metadata.annotations = w.podAnnotations;
    createPod(ctx, pod, override.node ?? w.node, state);
  }
}

function buildPod(ctx: BuildContext, p: ScenarioPod, defaultAge: string): void {
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: p.namespace,
      ...(p.labels ? { labels: p.labels } : {}),
      ...(p.annotations ? { annotations: p.annotations } : {}),
    },
    spec: { containers: scenarioContainers(p.name, p), ...(p.hostNetwork ? { hostNetwork: true } : {}) },
  };
  createPod(ctx, pod, p.node, podState(p, { ready: true, age: defaultAge, restarts: 0 }));
}

/** Creates every workload and explicit pod of a scenario. */
export function buildWorkloads(registry: Registry, ipam: Ipam, k: KubeScenario, now: number): void {
  const nodes = new NodePicker(registry.store.list('nodes'), ipam);
  const ctx: BuildContext = { registry, ipam, nodes, now };
  for (const w of k.workloads) buildWorkload(ctx, w);
  for (const p of k.pods) buildPod(ctx, p, '1h');
}

/** Creates one pod as a timeline `createPod` entry asks. */
export function buildTimelinePod(registry: Registry, ipam: Ipam, p: ScenarioPod, now: number): void {
  const nodes = new NodePicker(registry.store.list('nodes'), ipam);
  buildPod({ registry, ipam, nodes, now }, p, '0s');
}
