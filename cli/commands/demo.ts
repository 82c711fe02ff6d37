import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Logger } from '../../adapters/log/logger.js';
import { defaultConfig, type OpsConfig } from '../../core/config/schema.js';
import { startExporter, type RunningExporter } from '../../exporter/server.js';
import { alertingMissing, startDemoAlerting, type DemoAlerting } from '../../sim/demo/alerting.js';
import { DRIFT_DEMO_NAMESPACE, startDriftDemo, type DriftDemo } from '../../sim/demo/drift-world.js';
import { startDemoNas } from '../../sim/demo/nas-world.js';
import { DEMO_NAMESPACE } from '../../sim/demo/services.js';
import { commandLogger, numberFlag, resolveCommandConfig } from '../context.js';
import { println, type CliIo } from '../io.js';

interface DemoFlags {
  port?: number;
  dir?: string;
  java?: boolean;
}

type NasWorld = Awaited<ReturnType<typeof startDemoNas>>;

/** The demo exporter: the NAS folder, plus the simulated cluster and Nacos for registry drift. */
function demoConfig(log: OpsConfig['log'], port: number, nasRoot: string, drift: DriftDemo): OpsConfig {
  return {
    ...defaultConfig,
    log,
    nas: { ...defaultConfig.nas, root: nasRoot, timeZone: 'UTC' },
    exporter: { ...defaultConfig.exporter, host: '127.0.0.1', port, scanIntervalSeconds: 5 },
    nacos: { ...defaultConfig.nacos, serverAddr: drift.nacos.serverAddr, pollIntervalSeconds: 5 },
    kubernetes: { ...defaultConfig.kubernetes, kubeconfig: drift.kubeconfig },
    drift: { ...defaultConfig.drift, instanceInfo: true },
  };
}

/** Starts whatever is given in order; on a failure stops what already runs, then rethrows. */
async function startAll(
  dir: string,
  opts: DemoFlags,
  io: CliIo,
  startExporterWith: (world: NasWorld, drift: DriftDemo) => Promise<RunningExporter>,
) {
  const onEvent = (message: string) => println(io.stdout, `[demo] ${message}`);
  const world = await startDemoNas({ dir, ...(opts.java === false ? { noJava: true } : {}), onEvent });
  let drift: DriftDemo | undefined;
  try {
    drift = await startDriftDemo({ dir, onEvent });
    const exporter = await startExporterWith(world, drift);
    return { world, drift, exporter };
  } catch (error) {
    await drift?.stop();
    await world.stop();
    throw error;
  }
}

/** `opsctl demo` (what `npm start` runs): the embedded world and every opsctl service against it. */
export function registerDemoCommand(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('start the embedded demo world (a NAS folder with live JVMs) and the exporter against it')
    .option('--port <port>', 'exporter port (0: any free port)', numberFlag('--port'), 9779)
    .option('--dir <dir>', 'keep the demo world in this folder (default: a temp folder removed on exit)')
    .option('--no-java', 'replay real GC logs instead of starting JVMs')
    .action(async (opts: DemoFlags, command: Command) => {
      const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'opsctl-demo-')));
      const resolved = await resolveCommandConfig(command, io, {});
      const log = commandLogger(
        { ...resolved, config: { ...resolved.config, log: { ...resolved.config.log, format: 'text' } } },
        io,
      );
      println(io.stdout, `opsctl demo: building the demo world in ${dir} ...`);
      const { world, drift, exporter } = await startAll(dir, opts, io, (nas, sims) =>
        startExporter(demoConfig(resolved.config.log, opts.port ?? 9779, nas.nasRoot, sims), log, {
          env: {},
        }),
      );
      const alerting = await startAlertingOrSay(exporter, log, io);
      println(io.stdout, renderDemoBanner(world, exporter.url, drift, alerting));
      const signal = await io.waitForShutdown();
      println(io.stdout, `\nopsctl demo: ${signal} received, stopping ...`);
      await alerting?.stop();
      await exporter.close();
      await drift.stop();
      await world.stop();
      if (!opts.dir) await rm(dir, { recursive: true, force: true });
    });
}

/** Prometheus, Alertmanager, the router and the inbox when both binaries exist; else one line why not. */
async function startAlertingOrSay(
  exporter: RunningExporter,
  log: Logger,
  io: CliIo,
): Promise<DemoAlerting | undefined> {
  const missing = alertingMissing();
  if (missing !== undefined) {
    println(io.stdout, `[demo] alerting skipped: ${missing}`);
    return undefined;
  }
  try {
    return await startDemoAlerting({ exporterUrl: exporter.url, log, onLine: (l) => println(io.stdout, l) });
  } catch (error) {
    // Alerting is an extra: the rest of the demo keeps running without it.
    println(io.stdout, `[demo] alerting skipped: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function alertingLines(alerting: DemoAlerting | undefined): string[] {
  if (!alerting) return [];
  return [
    `  Prometheus   ${alerting.prometheusUrl}/alerts   (scrapes the exporter every 5 s, demo alert rules)`,
    `  Alertmanager ${alerting.alertmanagerUrl}   (sends to the alert router)`,
    `  alert router ${alerting.routerUrl}   (generic webhook channel to the inbox)`,
    `  inbox        ${alerting.inboxUrl}   (delivered alerts; also printed as [inbox] lines)`,
  ];
}

function renderDemoBanner(
  world: NasWorld,
  url: string,
  drift: DriftDemo,
  alerting: DemoAlerting | undefined,
): string {
  const { nasRoot, mode, reason } = world;
  const source =
    mode === 'jvm'
      ? 'real JVMs (G1, Parallel, ZGC, Shenandoah, Serial) write GC logs; report-service runs out of memory now and then'
      : `real GC logs are replayed line by line (no live JVMs: ${reason ?? 'no JDK'})`;
  const ns = DRIFT_DEMO_NAMESPACE;
  const catalog = `${drift.nacos.url}/nacos/v1/ns/catalog/services?pageNo=1&pageSize=100&namespaceId=${ns}`;
  return [
    '',
    'opsctl demo is running. Press Ctrl-C to stop.',
    '',
    `  NAS folder   ${nasRoot}/${DEMO_NAMESPACE}/<service>/   (${source})`,
    `  Kubernetes   ${drift.kube.url}   (kubeconfig ${drift.kubeconfig})`,
    `  Nacos        ${drift.nacos.url}/nacos   (Nacos 2.2 API, namespace "${ns}")`,
    `  exporter     ${url}/metrics   ${url}/healthz   ${url}/readyz`,
    ...alertingLines(alerting),
    '',
    'Registry drift in the demo: a ghost order-service instance a zombie keeps beating for, a Ready',
    'user-service pod that never registered, pay-service left disabled after its release, and a',
    'gateway rollout every 4 minutes (early registration, late deregistration). Drift shows after',
    'its grace period (40-60 s).',
    '',
    'What to look at:',
    `  curl -s ${url}/metrics | grep '^opsctl_gclog_pause_seconds_count'`,
    `  curl -s ${url}/metrics | grep -E '^opsctl_(gclog_heap_after_gc_bytes|gclog_info|heapdump_)'`,
    `  curl -s ${url}/metrics | grep -E '^opsctl_(drift_instances|source_up)'`,
    `  node dist/cli/bin.js drift --kubeconfig ${drift.kubeconfig} --nacos ${drift.nacos.serverAddr}`,
    `  kubectl --kubeconfig ${drift.kubeconfig} get pods -n ${ns} -o wide`,
    `  curl -s '${catalog}'`,
    `  node dist/cli/bin.js gc ${DEMO_NAMESPACE}/gateway --nas-root ${nasRoot}`,
    `  node dist/cli/bin.js gc ${DEMO_NAMESPACE}/order-service --nas-root ${nasRoot} -o json`,
    '',
  ].join('\n');
}
