/**
 * Kubernetes simulator at scale: 10,000 pods (100 deployments x 100 replicas on 50 nodes), read
 * by the real @kubernetes/client-node: a paged cluster-wide list (limit 500), an informer sync,
 * the simulator's memory, and the fan-out of 1,000 pod changes to 5 concurrent watchers.
 */
import { CoreV1Api, KubeConfig, makeInformer, Watch } from '@kubernetes/client-node';
import { startKubeSim, type KubeSim } from '../sim/k8s/index.js';
import type { BenchReport } from './types.js';

const DEPLOYMENTS = 100;
const REPLICAS = 100;
const NODES = 50;
const WATCHERS = 5;
const CHANGES = 1000;
const DEADLINE_MS = 120_000;

function mb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

async function within<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function pagedList(api: CoreV1Api): Promise<{ ms: number; pages: number; items: number }> {
  const start = performance.now();
  let pages = 0;
  let items = 0;
  let token: string | undefined;
  do {
    const page = await api.listPodForAllNamespaces({ limit: 500, ...(token ? { _continue: token } : {}) });
    pages++;
    items += page.items.length;
    token = page.metadata?._continue || undefined;
  } while (token);
  return { ms: performance.now() - start, pages, items };
}

async function informerSync(kc: KubeConfig, api: CoreV1Api, sim: KubeSim): Promise<number> {
  const start = performance.now();
  let added = 0;
  const informer = makeInformer(kc, '/api/v1/pods', () => api.listPodForAllNamespaces());
  const synced = new Promise<void>((resolve) => {
    informer.on('add', () => {
      if (++added === DEPLOYMENTS * REPLICAS) resolve();
    });
  });
  await informer.start();
  await synced;
  while (sim.store.openWatches === 0) await new Promise((r) => setTimeout(r, 5));
  const ms = performance.now() - start;
  await informer.stop();
  return ms;
}

async function fanOut(kc: KubeConfig, sim: KubeSim): Promise<number> {
  const rv = String(sim.store.resourceVersion);
  const counts = new Array<number>(WATCHERS).fill(0);
  const controllers: AbortController[] = [];
  let resolveAll: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (resolveAll = resolve));
  for (let w = 0; w < WATCHERS; w++) {
    const onEvent = (type: string): void => {
      if (type === 'MODIFIED' && ++counts[w]! === CHANGES && counts.every((c) => c >= CHANGES)) resolveAll();
    };
    controllers.push(
      await new Watch(kc).watch('/api/v1/pods', { resourceVersion: rv }, onEvent, () => undefined),
    );
  }
  const before = sim.store.openWatches;
  while (sim.store.openWatches < before) await new Promise((r) => setTimeout(r, 5));
  const pods = sim.store.list('pods').slice(0, CHANGES);
  const start = performance.now();
  for (const p of pods) sim.store.setPodReady(p.metadata.namespace ?? '', p.metadata.name ?? '', false);
  await all;
  const ms = performance.now() - start;
  for (const c of controllers) c.abort();
  return ms;
}

/** Runs the simulator benchmark. */
export async function benchKubeSim(): Promise<BenchReport> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const buildStart = performance.now();
  const sim = await startKubeSim({
    events: false,
    scenario: {
      nodes: Array.from({ length: NODES }, (_, i) => ({ name: `node-${i + 1}` })),
      workloads: Array.from({ length: DEPLOYMENTS }, (_, i) => ({
        name: `svc-${i + 1}`,
        namespace: `team-${(i % 10) + 1}`,
        replicas: REPLICAS,
        image: `registry.local/svc-${i + 1}:1.0.0`,
        ports: [8080],
      })),
    },
  });
  try {
    const buildMs = performance.now() - buildStart;
    global.gc?.();
    const rssWorld = process.memoryUsage().rss;
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig());
    const api = kc.makeApiClient(CoreV1Api);
    const list = await within('paged list', pagedList(api));
    const syncMs = await within('informer sync', informerSync(kc, api, sim));
    const fanOutMs = await within('watch fan-out', fanOut(kc, sim));
    return {
      name: 'kube-sim',
      figures: {
        pods: list.items,
        'world build + start s': Math.round(buildMs / 100) / 10,
        'simulator RSS after start MB': mb(rssWorld),
        'RSS growth for the world MB': mb(rssWorld - rssBefore),
        'paged list (limit 500) ms': Math.round(list.ms),
        'paged list pages': list.pages,
        'informer sync ms': Math.round(syncMs),
        [`watch fan-out ${CHANGES} changes x ${WATCHERS} watchers ms`]: Math.round(fanOutMs),
      },
      targets: { pods: '10000' },
      notes: [
        'client-node runs in the same process as the simulator, so list/sync times include client decoding',
        'RSS is the whole bench process; growth is measured from before the world was built',
      ],
    };
  } finally {
    await sim.close();
  }
}
