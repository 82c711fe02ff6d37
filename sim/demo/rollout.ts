/**
 * A Deployment rolled out again and again the way Spring Cloud apps roll out: the new pods
 * register in Nacos as soon as their web server is up (before the readiness probe passes), turn
 * Ready some time later, and the old instances leave Nacos only after their pods are gone. Within
 * the exporter's grace periods this is no drift; a slow readiness shows up as
 * `healthy_not_ready/starting` for a little while.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeSim, Pod } from '../k8s/index.js';
import type { NacosSim } from '../nacos/index.js';

/** Options of startRollouts. */
export interface RolloutOptions {
  namespace: string;
  workload: string;
  port: number;
  /** Time between the starts of two rollouts. */
  everyMs: number;
  /** Time from registration to Ready (a slow readiness probe). @default 45000 */
  readyAfterMs?: number;
  onEvent?: (message: string) => void;
}

const READY_ANNOTATION = 'sim.opsctl.dev/ready';

function live(kube: KubeSim, o: RolloutOptions): Pod[] {
  return kube.store.podsOf(o.namespace, o.workload).filter((p) => !p.metadata.deletionTimestamp);
}

async function until<T>(signal: AbortSignal, check: () => T | undefined, limitMs = 90_000): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('the rollout did not progress');
    await sleep(500, undefined, { signal });
  }
}

async function rollOnce(
  kube: KubeSim,
  nacos: NacosSim,
  o: RolloutOptions,
  release: number,
  signal: AbortSignal,
) {
  const ref = (pod: Pod) => ({
    namespaceId: o.namespace,
    service: o.workload,
    ip: pod.status?.podIP ?? '',
    port: o.port,
  });
  const old = live(kube, o);
  const replicas = old.length;
  o.onEvent?.(`rolling out ${o.workload} 1.0.${release} (${replicas} pods)`);
  kube.store.patch(
    'deployments',
    o.namespace,
    o.workload,
    {
      spec: {
        template: { metadata: { annotations: { [READY_ANNOTATION]: 'false', release: String(release) } } },
      },
    },
    'merge',
  );
  const fresh = await until(signal, () => {
    const pods = live(kube, o).filter((p) => !old.some((x) => x.metadata.name === p.metadata.name));
    return pods.length === replicas && pods.every((p) => p.status?.podIP) ? pods : undefined;
  });
  // Early registration: the web server is up, the readiness probe has not passed yet.
  for (const pod of fresh)
    nacos.store.register({
      ...ref(pod),
      simBeating: true,
      metadata: { 'k8s.pod.name': pod.metadata.name ?? '' },
    });
  const gone = until(signal, () =>
    old.every((p) => !kube.store.get('pods', o.namespace, p.metadata.name ?? '')) ? true : undefined,
  );
  gone.catch(() => undefined);
  await sleep(o.readyAfterMs ?? 45_000, undefined, { signal });
  for (const pod of fresh) kube.store.setPodReady(o.namespace, pod.metadata.name ?? '', true);
  // Late deregistration: @PreDestroy runs after the pod stopped taking requests.
  await gone;
  for (const pod of old) nacos.store.deregister(ref(pod));
  o.onEvent?.(`${o.workload} 1.0.${release} rolled out`);
}

/** Rolls the workload out every `everyMs` until stopped. */
export function startRollouts(kube: KubeSim, nacos: NacosSim, options: RolloutOptions): { stop(): void } {
  const stopper = new AbortController();
  const loop = async () => {
    for (let release = 1; !stopper.signal.aborted; release++) {
      await sleep(options.everyMs, undefined, { signal: stopper.signal });
      await rollOnce(kube, nacos, options, release, stopper.signal);
    }
  };
  loop().catch((error: unknown) => {
    if (!stopper.signal.aborted)
      options.onEvent?.(`rollout stopped: ${error instanceof Error ? error.message : String(error)}`);
  });
  return { stop: () => stopper.abort() };
}
