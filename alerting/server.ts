import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createChannelClient } from '../adapters/alert-channels/create-client.js';
import type { ChannelClient } from '../adapters/alert-channels/types.js';
import type { Logger } from '../adapters/log/logger.js';
import { AlertStore } from '../adapters/store/alert-store.js';
import type { CompiledRoutes } from '../core/alerting/routes-config.js';
import type { OpsConfig } from '../core/config/schema.js';
import { ExitCode, OpsError } from '../core/errors.js';
import { createRouterApp } from './app.js';
import { Dispatcher } from './dispatcher.js';
import { Inbox } from './inbox.js';
import { IntakeWriter } from './intake-writer.js';
import { loadRoutes } from './load-routes.js';
import { createRouterMetrics, type RouterMetrics } from './metrics.js';
import { createDecider } from './routing.js';

export interface RunningRouter {
  /** `http://host:port` actually bound. */
  url: string;
  store: AlertStore;
  metrics: RouterMetrics;
  inbox: Inbox;
  routes: CompiledRoutes;
  close(): Promise<void>;
}

export interface RouterOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** @default Date.now */
  now?: () => number;
}

/** Builds one client per configured channel. */
export function createClients(
  routes: CompiledRoutes,
  timeoutMs: number,
  inbox: Inbox,
  now: () => number,
): Map<string, ChannelClient> {
  const deps = { timeoutMs, now, sleep: (ms: number) => sleep(ms), inbox };
  return new Map(
    Object.entries(routes.file.channels).map(([name, c]) => [name, createChannelClient(c, deps)]),
  );
}

interface Wiring {
  routes: CompiledRoutes;
  store: AlertStore;
  metrics: RouterMetrics;
  inbox: Inbox;
  dispatcher: Dispatcher;
  app: ReturnType<typeof createRouterApp>;
}

/** Builds the router's parts: routes, store, metrics, delivery and the HTTP app. */
function wire(config: OpsConfig, log: Logger, options: RouterOptions, now: () => number): Wiring {
  const ar = config.alertRouter;
  const routes = loadRoutes(ar.routesFile, ar.timeZone, options.env);
  const store = AlertStore.open(ar.dataDir);
  const metrics = createRouterMetrics(() => store.outbox.backlog(now()));
  const inbox = new Inbox(log);
  const clients = createClients(routes, ar.deliveryTimeoutSeconds * 1000, inbox, now);
  const dispatcher = new Dispatcher({
    store,
    routes: () => routes,
    clients,
    metrics,
    log,
    now,
    random: Math.random,
  });
  const decide = createDecider(
    () => routes,
    (s) => metrics.suppressed.inc({ receiver: s.receiver, reason: s.reason }),
  );
  const writer = new IntakeWriter(store, decide, now, () => dispatcher.wake());
  const auth = {
    bearerToken: ar.authToken,
    basicUser: ar.basicAuthUsername,
    basicPassword: ar.basicAuthPassword,
  };
  const app = createRouterApp({ writer, store, metrics, inbox, auth, maxBodyBytes: ar.maxBodyBytes, log });
  return { routes, store, metrics, inbox, dispatcher, app };
}

/** Opens the store, recovers the outbox, starts delivery and serves the intake. */
export async function startAlertRouter(
  config: OpsConfig,
  log: Logger,
  options: RouterOptions,
): Promise<RunningRouter> {
  const ar = config.alertRouter;
  const now = options.now ?? Date.now;
  const { routes, store, metrics, inbox, dispatcher, app } = wire(config, log, options, now);
  dispatcher.start();
  const prune = (): void => store.prune(now() - ar.retentionDays * 86_400_000);
  prune();
  const pruner = setInterval(prune, 3_600_000).unref();
  let server: Server;
  try {
    server = await listen(app, ar.host, ar.port);
  } catch (error) {
    clearInterval(pruner);
    await dispatcher.stop();
    store.close();
    throw error;
  }
  const url = urlOf(server, ar.host, ar.port);
  log.info('alert router listening', {
    url,
    dataDir: ar.dataDir,
    routesFile: ar.routesFile || '(default: log inbox)',
    zone: routes.zone,
  });
  return {
    url,
    store,
    metrics,
    inbox,
    routes,
    close: async () => {
      clearInterval(pruner);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.stop();
      store.close();
    },
  };
}

function urlOf(server: Server, host: string, configuredPort: number): string {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : configuredPort;
  return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
}

function listen(app: ReturnType<typeof createRouterApp>, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new OpsError(`cannot listen on ${host}:${port}`, {
          code: 'E_LISTEN',
          exitCode: ExitCode.unavailable,
          hints:
            error.code === 'EADDRINUSE'
              ? [`another process uses port ${port}: pick another with --port or alertRouter.port`]
              : ['check the host/port settings: opsctl config show'],
          cause: error,
        }),
      ),
    );
  });
}
