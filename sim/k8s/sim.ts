/**
 * Starts a wire-compatible Kubernetes API server simulator on 127.0.0.1: the world of a scenario,
 * controllers and a kubelet keeping it alive, the scenario's timeline, and an HTTP API that the
 * real kubectl and @kubernetes/client-node talk to.
 */
import type { AddressInfo, Socket } from 'node:net';
import { kubeScenarioSchema, type KubeScenario, type KubeScenarioInput } from '../scenario/kubernetes.js';
import { checkKubeScenario } from '../scenario/kubernetes-checks.js';
import { validateScenario } from '../scenario/load.js';
import { Lister } from './api/list.js';
import { createApiServer } from './api/server.js';
import { WatchHub } from './api/watch.js';
import { systemClock, type Clock } from './clock.js';
import { KubeSimStore } from './control.js';
import { ControllerManager } from './controllers/manager.js';
import { Denials } from './denials.js';
import { EventRecorder } from './events.js';
import { createIdSource } from './ids.js';
import { Kubelet } from './kubelet/kubelet.js';
import { renderKubeconfig, type KubeconfigOptions } from './kubeconfig.js';
import { Registry } from './registry/registry.js';
import { noopRuntime, type PodRuntime } from './runtime.js';
import { createRuntimeHost } from './runtime-host.js';
import { ObjectStore } from './store/object-store.js';
import { buildNamespaces, buildNodes } from './world/build-cluster.js';
import { buildTimelinePod, buildWorkloads } from './world/build-workloads.js';
import { scheduleTimeline } from './world/timeline.js';
import { SIM_CA_PEM, SIM_SERVER_CERT_PEM, SIM_SERVER_KEY_PEM } from './tls-material.js';

/** Options of startKubeSim. */
export interface KubeSimOptions {
  /** The `kubernetes:` part of a scenario (validated here). @default an empty cluster with one node */
  scenario?: KubeScenarioInput;
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Serve HTTPS with the simulator CA, so kubeconfig tokens (named users) reach the server. @default true */
  tls?: boolean;
  /** @default the system clock */
  clock?: Clock;
  /** What runs pod containers and serves exec/attach/logs. @default nothing (501 for streams) */
  runtime?: PodRuntime;
  /** Changes kept for watches and continue tokens. @default 50000 */
  watchWindow?: number;
  /** BOOKMARK interval of watches that allow bookmarks. @default 60000 */
  bookmarkIntervalMs?: number;
  /** Delay before a newly bound pod turns Running. @default 0 */
  startDelayMs?: number;
  /** Cap on how long a graceful pod deletion takes. @default the grace period */
  maxTerminationMs?: number;
  /** Record core/v1 Events (off for very large worlds). @default true */
  events?: boolean;
  /** Called for failures of background work (timeline entries, controllers). @default ignore */
  onError?: (what: string, err: unknown) => void;
}

/** A running simulator. */
export interface KubeSim {
  /** `https://127.0.0.1:<port>` (`http://` with tls: false) */
  url: string;
  port: number;
  /** Kubeconfig YAML text pointing at this simulator. */
  kubeconfig(options?: KubeconfigOptions): string;
  /** In-process control of the world. */
  store: KubeSimStore;
  /** Stops everything (watches end, timers cleared, server closed). */
  close(): Promise<void>;
}

function parseKube(input: KubeScenarioInput | undefined): KubeScenario {
  const scenario = validateScenario({ kubernetes: input ?? {} }, 'kubernetes scenario').kubernetes;
  const parsed = scenario ?? kubeScenarioSchema.parse({});
  if (checkKubeScenario(parsed).length > 0)
    throw new Error('unreachable: scenario checks ran in validateScenario');
  return parsed;
}

/** Starts a simulator and resolves once it listens and its world has settled. */
export async function startKubeSim(options: KubeSimOptions = {}): Promise<KubeSim> {
  const scenario = parseKube(options.scenario);
  const clock = options.clock ?? systemClock();
  const onError = options.onError ?? (() => undefined);
  const store = new ObjectStore({ historySize: options.watchWindow ?? 50_000 });
  const registry = new Registry(store, clock, createIdSource(scenario.seed));
  const runtime = options.runtime ?? noopRuntime;
  const events = new EventRecorder(registry, false);
  const kubelet = new Kubelet(registry, clock, runtime, events, {
    ...(options.startDelayMs !== undefined ? { startDelayMs: options.startDelayMs } : {}),
    ...(options.maxTerminationMs !== undefined ? { maxTerminationMs: options.maxTerminationMs } : {}),
  });
  const now = clock.now();
  buildNamespaces(registry, scenario, now);
  buildNodes(registry, scenario, now);
  buildWorkloads(registry, kubelet.ipam, scenario, now);
  events.enabled = options.events ?? true;
  const controllers = new ControllerManager(registry, events, (key, err) =>
    onError(`controller ${key}`, err),
  );
  const denials = new Denials(scenario.denials);
  const watches = new WatchHub(store, clock, {
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    defaultTimeoutSeconds: 1800,
  });
  const control = new KubeSimStore({ registry, kubelet, controllers, events, runtime, denials, watches });
  runtime.start?.(createRuntimeHost(registry, kubelet, clock));
  kubelet.start();
  controllers.start();
  await control.settle();
  const cancelTimeline = scheduleTimeline(
    scenario.timeline,
    clock,
    control,
    (p) => buildTimelinePod(registry, kubelet.ipam, p, clock.now()),
    (entry, err) => onError(`timeline entry at ${String(entry.at)} (${entry.action})`, err),
  );
  const tls = options.tls ?? true;
  const server = createApiServer(
    {
      registry,
      lister: new Lister(store),
      watches,
      denials,
      runtime,
      clock,
      version: { gitVersion: scenario.serverVersion },
    },
    tls ? { cert: SIM_SERVER_CERT_PEM, key: SIM_SERVER_KEY_PEM } : undefined,
  );
  // Tracked so close() can cut keep-alive and streaming connections (clients may reconnect late).
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url,
    port,
    kubeconfig: (kc) => renderKubeconfig(url, scenario.user, SIM_CA_PEM, kc),
    store: control,
    async close() {
      cancelTimeline();
      kubelet.stop();
      controllers.stop();
      watches.close();
      await runtime.close?.();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}
