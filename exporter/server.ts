import type { Server } from 'node:http';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { OpsConfig } from '../core/config/schema.js';
import { ExitCode, OpsError } from '../core/errors.js';
import type { Logger } from '../adapters/log/logger.js';
import { NasReaderClient } from '../adapters/nas-reader/client.js';
import { NasHealthMonitor } from '../adapters/nas-probe/monitor.js';
import { opsctlVersion } from '../adapters/version.js';
import { createExporterApp } from './app.js';
import { startDriftCollector } from './drift-setup.js';

export interface RunningExporter {
  /** `http://host:port` actually bound (port 0 picks a free one). */
  url: string;
  registry: Registry;
  close(): Promise<void>;
}

/** What the exporter may read of its environment. */
export interface ExporterEnv {
  /** Environment for the Kubernetes client (KUBECONFIG, in-cluster service variables). @default {} */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Builds the exporter's registry, starts the NAS reader child and, when Nacos is configured, the
 * registry drift collector, and serves HTTP.
 */
export async function startExporter(
  config: OpsConfig,
  log: Logger,
  outside: ExporterEnv = {},
): Promise<RunningExporter> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'opsctl_build_info',
    help: 'opsctl build information (always 1).',
    labelNames: ['version'],
    registers: [registry],
  }).set({ version: opsctlVersion() }, 1);

  const { exporter: ex, nas } = config;
  const reader = new NasReaderClient({
    registry,
    log,
    stallMs: ex.readerStallSeconds * 1000,
    options: {
      nasRoot: nas.root,
      namespaces: nas.namespaces,
      timeZone: nas.timeZone,
      layout: nas.layout,
      readTimeoutMs: nas.readTimeoutSeconds * 1000,
      scanIntervalMs: ex.scanIntervalSeconds * 1000,
      ttlMs: ex.seriesTtlSeconds * 1000,
      historyBytes: ex.historyBytes,
      maxBytesPerCycle: ex.maxBytesPerCycle,
      usage: {
        nasRoot: nas.root,
        namespaces: nas.namespaces,
        layout: nas.layout,
        sliceMs: nas.health.usageSliceSeconds * 1000,
        sliceBudgetMs: nas.health.usageSliceBudgetMs,
        sliceMaxCalls: nas.health.usageSliceMaxCalls,
        rescanMs: nas.health.usageRescanSeconds * 1000,
      },
    },
  });
  // Mount probes run in their own short-lived processes; their series live in this registry.
  const health = new NasHealthMonitor({
    registry,
    log,
    health: nas.health,
    root: nas.root,
    goneTtlMs: ex.seriesTtlSeconds * 1000,
  });
  const drift = await startDriftCollector(config, log, registry, outside.env ?? {});
  const app = createExporterApp({
    registry,
    snapshots: () => (drift ? [reader.snapshot(), drift.metricsText()] : [reader.snapshot()]),
    readiness: () =>
      reader.ready() ? { ready: true, waitingFor: [] } : { ready: false, waitingFor: ['nas-reader'] },
  });
  const server = await listen(app, ex.host, ex.port).catch(async (error: unknown) => {
    await drift?.close();
    throw error;
  });
  reader.start();
  health.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : ex.port;
  const host = ex.host === '0.0.0.0' || ex.host === '::' ? '127.0.0.1' : ex.host;
  log.info('exporter listening', { url: `http://${host}:${port}`, nasRoot: nas.root });
  return {
    url: `http://${host}:${port}`,
    registry,
    close: async () => {
      await drift?.close();
      health.close();
      await reader.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(app: ReturnType<typeof createExporterApp>, host: string, port: number): Promise<Server> {
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
              ? [`another process uses port ${port}: pick another with --port or exporter.port`]
              : ['check the host/port settings: opsctl config show'],
          cause: error,
        }),
      ),
    );
  });
}
