/**
 * Starts a wire-compatible Nacos server simulator: the world of a scenario, the beat-expiry
 * checker, the scenario's timeline, and an HTTP API answering as the chosen server version.
 */
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock, type TimerHandle } from '../k8s/clock.js';
import { SimAuth, type SimAuthOptions } from './auth.js';
import { SimFaults } from './faults.js';
import type { NacosVersion } from './model.js';
import type { RouteContext } from './route.js';
import { parseNacosScenario, type NacosScenarioInput } from './scenario.js';
import { SimStats, createNacosHttpServer } from './server.js';
import { NacosStore } from './store.js';
import { applyNacosScenario, scheduleNacosTimeline } from './world.js';

/** Options of startNacosSim. */
export interface NacosSimOptions {
  /** Server version to impersonate. @default the scenario's, else '2.2' */
  version?: NacosVersion;
  /** Turns auth on with these users. @default the scenario's, else auth off */
  auth?: SimAuthOptions;
  /** The `nacos:` part of a scenario (validated here). @default an empty registry */
  scenario?: NacosScenarioInput;
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default the system clock */
  clock?: Clock;
  /** Cadence of the health checker that expires silent instances. @default 5000 (as the server) */
  checkIntervalMs?: number;
  /** `cacheMillis` told to clients, i.e. how often they poll. @default 10000 */
  cacheMillis?: number;
  /** Called for failures of background work (timeline entries). @default ignore */
  onError?: (what: string, err: unknown) => void;
}

/** A running simulator. */
export interface NacosSim {
  /** `http://127.0.0.1:<port>`; APIs live under `/nacos`. */
  url: string;
  /** `127.0.0.1:<port>`, as the official client's `serverList` wants it. */
  serverAddr: string;
  port: number;
  version: NacosVersion;
  /** In-process control of the registry. */
  store: NacosStore;
  /** Users and tokens (change users, revoke tokens). */
  auth: SimAuth;
  /** Failures to inject. */
  faults: SimFaults;
  /** Requests served. */
  stats: SimStats;
  /** Stops the checker, the timeline and the server. */
  close(): Promise<void>;
}

/** Starts a simulator and resolves once it listens. */
export async function startNacosSim(options: NacosSimOptions = {}): Promise<NacosSim> {
  const scenario = parseNacosScenario(options.scenario ?? {}, 'nacos scenario');
  const clock = options.clock ?? systemClock();
  const version = options.version ?? scenario.version;
  const store = new NacosStore(clock);
  applyNacosScenario(store, scenario);
  const auth = new SimAuth(options.auth ?? scenario.auth, clock);
  const ctx: RouteContext = {
    store,
    auth,
    version,
    cacheMillis: options.cacheMillis ?? 10_000,
    startedAt: clock.now(),
  };
  const faults = new SimFaults();
  const stats = new SimStats();
  const server = createNacosHttpServer(ctx, faults, stats);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const interval = options.checkIntervalMs ?? 5000;
  let checker: TimerHandle | undefined;
  const tick = (): void => {
    store.sweep();
    checker = clock.setTimeout(tick, interval);
  };
  checker = clock.setTimeout(tick, interval);
  const cancelTimeline = scheduleNacosTimeline(
    store,
    clock,
    scenario.timeline,
    options.onError ?? (() => undefined),
  );
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    serverAddr: `${host}:${port}`,
    port,
    version,
    store,
    auth,
    faults,
    stats,
    async close() {
      cancelTimeline();
      if (checker) clock.clearTimeout(checker);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
