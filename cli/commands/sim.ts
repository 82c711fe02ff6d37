import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { packagePath } from '../../adapters/package-root.js';
import { describeCause, ExitCode, OpsError } from '../../core/errors.js';
import { createProcessRuntime, startKubeSim, type KubeSim } from '../../sim/k8s/index.js';
import { startNacosSim, type NacosSim } from '../../sim/nacos/index.js';
import { loadScenario } from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/schema.js';
import { numberFlag } from '../context.js';
import { println, type CliIo } from '../io.js';

interface SimFlags {
  scenario?: string;
  kubeconfigOut?: string;
  port?: number;
  nacosPort?: number;
  nacos?: boolean;
  exec?: boolean;
}

/** What `opsctl sim` prints once everything listens: one JSON line. */
export interface SimReadyLine {
  kubernetes: string;
  kubeconfig: string;
  /** Base URL of the Nacos simulator (APIs under `/nacos`), or null when not started. */
  nacos: string | null;
  scenario: string;
}

/** The scenario `opsctl sim` runs without --scenario. */
export function defaultScenarioPath(): string {
  return packagePath('sim', 'scenarios', 'demo.yaml');
}

/** The namespace generated kubeconfigs default to: the scenario's first, else `default`. */
function firstNamespace(scenario: Scenario): string {
  const first = scenario.kubernetes?.namespaces[0];
  return (typeof first === 'string' ? first : first?.name) ?? 'default';
}

function listenError(what: string, port: number | undefined, err: unknown): OpsError {
  const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
  return new OpsError(`cannot start the ${what} simulator on 127.0.0.1:${port ?? 0}: ${describeCause(err)}`, {
    code: inUse ? 'E_PORT_IN_USE' : 'E_SIM_START',
    exitCode: ExitCode.unavailable,
    hints: inUse ? ['choose another port, or 0 for any free port'] : [],
    cause: err,
  });
}

/** Everything `opsctl sim` started, stopped in reverse order whatever happens. */
class Running {
  kube: KubeSim | undefined;
  nacos: NacosSim | undefined;
  tempDir: string | undefined;

  async stop(): Promise<void> {
    await this.nacos?.close();
    await this.kube?.close();
    if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true });
  }
}

async function writeKubeconfig(running: Running, kube: KubeSim, out: string | undefined, namespace: string) {
  let path = out === undefined ? undefined : resolve(out);
  if (path === undefined) {
    running.tempDir = await mkdtemp(join(tmpdir(), 'opsctl-sim-'));
    path = join(running.tempDir, 'kubeconfig');
  } else {
    await mkdir(dirname(path), { recursive: true });
  }
  await writeFile(path, kube.kubeconfig({ namespace }), { mode: 0o600 });
  return path;
}

async function runSim(opts: SimFlags, io: CliIo): Promise<void> {
  const scenarioPath = resolve(opts.scenario ?? defaultScenarioPath());
  const scenario = await loadScenario(scenarioPath);
  const onError = (what: string, err: unknown) =>
    println(io.stderr, `opsctl sim: ${what}: ${describeCause(err)}`);
  const running = new Running();
  try {
    const kube = await startKubeSim({
      ...(scenario.kubernetes ? { scenario: scenario.kubernetes } : {}),
      port: opts.port ?? 0,
      ...(opts.exec === false ? {} : { runtime: createProcessRuntime({ onError }) }),
      onError,
    }).catch((err: unknown) => Promise.reject(listenError('Kubernetes', opts.port, err)));
    running.kube = kube;
    if (opts.nacos !== false) {
      running.nacos = await startNacosSim({
        ...(scenario.nacos ? { scenario: scenario.nacos } : {}),
        port: opts.nacosPort ?? 0,
        onError,
      }).catch((err: unknown) => Promise.reject(listenError('Nacos', opts.nacosPort, err)));
    }
    const kubeconfig = await writeKubeconfig(
      running,
      running.kube,
      opts.kubeconfigOut,
      firstNamespace(scenario),
    );
    const ready: SimReadyLine = {
      kubernetes: kube.url,
      kubeconfig,
      nacos: running.nacos?.url ?? null,
      scenario: scenarioPath,
    };
    // Listen for signals before announcing readiness: a caller may stop us right after the line.
    const shutdown = io.waitForShutdown();
    println(io.stdout, JSON.stringify(ready));
    const signal = await shutdown;
    println(io.stderr, `opsctl sim: ${signal} received, stopping`);
  } finally {
    await running.stop();
  }
}

/** `opsctl sim`: the simulators alone, for tests, demos and trying kubectl against them. */
export function registerSimCommand(program: Command, io: CliIo): void {
  program
    .command('sim')
    .description(
      'run the Kubernetes and Nacos simulators alone; prints one JSON line with their URLs when ready',
    )
    .option('--scenario <file>', 'scenario YAML (default: sim/scenarios/demo.yaml)')
    .option(
      '--kubeconfig-out <file>',
      'write the kubeconfig here and keep it (default: a temp file removed on exit)',
    )
    .option('--port <port>', 'Kubernetes API port, 0 for any free port', numberFlag('--port'), 0)
    .option('--nacos-port <port>', 'Nacos port, 0 for any free port', numberFlag('--nacos-port'), 0)
    .option('--no-nacos', 'do not start the Nacos simulator')
    .option('--no-exec', 'run no container processes (exec, attach and logs then answer 501)')
    .action(async (opts: SimFlags) => runSim(opts, io));
}
