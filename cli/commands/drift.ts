import type { Command } from 'commander';
import { createDriftSources, driftConfigured, driftSettingsOf } from '../../adapters/drift/sources.js';
import { filterReport, nacosNamespacesOf } from '../../core/drift/filter.js';
import { DriftMonitor, type DriftReport } from '../../core/drift/monitor.js';
import { buildDriftJson, renderDriftTable, type DriftSources } from '../../core/drift/render.js';
import { ExitCode, isOpsError, OpsError } from '../../core/errors.js';
import type { PodInfo } from '../../core/kube/pod.js';
import type { RegistrySnapshot } from '../../core/ports/registry-source.js';
import { numberFlag, outputFormat, resolveCommandConfig } from '../context.js';
import { println, type CliIo } from '../io.js';

interface DriftFlags {
  namespace?: string[];
  service?: string;
  output?: string;
  kubeconfig?: string;
  context?: string;
  nacos?: string;
  timeout?: number;
}

/** A source that cannot be read is an unavailable dependency (exit 69), unless config or Ctrl-C. */
function unavailable(error: unknown, what: string): OpsError {
  if (isOpsError(error) && (error.exitCode === ExitCode.config || error.exitCode === ExitCode.interrupted))
    return error;
  return new OpsError(`cannot read ${what}: ${error instanceof Error ? error.message : String(error)}`, {
    code: isOpsError(error) ? error.code : 'E_SOURCE_UNAVAILABLE',
    exitCode: ExitCode.unavailable,
    hints: isOpsError(error) ? error.hints : [],
    cause: error,
  });
}

function noNacos(): OpsError {
  return new OpsError('no Nacos address: registry drift needs nacos.serverAddr', {
    code: 'E_CONFIG',
    exitCode: ExitCode.config,
    hints: [
      'pass --nacos nacos-0:8848 (or set OPSCTL_NACOS_SERVER_ADDR / nacos.serverAddr)',
      'credentials: OPSCTL_NACOS_USERNAME, OPSCTL_NACOS_PASSWORD or nacos.passwordFile',
    ],
  });
}

function describeSources(
  snapshot: RegistrySnapshot,
  kube: { context: string; server: string },
  namespaces: string[],
): DriftSources {
  return {
    nacos: {
      server: snapshot.origin.server,
      generation: snapshot.origin.generation,
      api: snapshot.origin.api,
      namespaces: snapshot.namespaces.length,
    },
    kubernetes: {
      context: kube.context,
      server: kube.server,
      scope: namespaces.length > 0 ? `namespaces ${namespaces.join(', ')}` : 'all namespaces',
    },
  };
}

function header(s: DriftSources): string {
  return `Nacos ${s.nacos.server} (${s.nacos.generation}.x, ${s.nacos.api}) vs Kubernetes context "${s.kubernetes.context}" (${s.kubernetes.scope})\n`;
}

function failOnDrift(report: DriftReport): void {
  if (report.findings.length === 0) return;
  const services = new Set(report.findings.map((f) => `${f.service.group}@@${f.service.service}`));
  throw new OpsError(`registry drift: ${report.findings.length} finding(s) in ${services.size} service(s)`, {
    code: 'E_DRIFT',
    exitCode: ExitCode.failure,
    hints: ['docs/drift.md explains each kind and what to do'],
  });
}

async function runDrift(opts: DriftFlags, command: Command, io: CliIo): Promise<void> {
  const format = outputFormat(opts.output);
  const namespaces = opts.namespace ?? [];
  const resolved = await resolveCommandConfig(command, io, {
    'nacos.serverAddr': opts.nacos,
    'kubernetes.kubeconfig': opts.kubeconfig,
    'kubernetes.context': opts.context,
    'kubernetes.namespaces': namespaces.length > 0 ? namespaces : undefined,
  });
  const { config } = resolved;
  if (!driftConfigured(config)) throw noNacos();
  const sources = await createDriftSources(config, { env: io.env });
  const timeoutMs = (opts.timeout ?? 60) * 1000;
  try {
    const [snapshot, pods] = await Promise.all([
      sources.registry.read(AbortSignal.timeout(timeoutMs)).catch((e: unknown) => {
        throw unavailable(e, `the Nacos registry at ${sources.nacosAddr}`);
      }),
      sources.pods
        .listPods(sources.scope, { labelSelector: sources.labelSelector, timeoutMs })
        .catch((e: unknown): PodInfo[] => {
          throw unavailable(e, `pods from Kubernetes context "${sources.kube.context}"`);
        }),
    ]);
    const settings = driftSettingsOf(config);
    const full = new DriftMonitor(settings, 'one-shot').evaluate({ pods, registry: snapshot }, Date.now());
    const mapped = nacosNamespacesOf(namespaces, settings.expectation, snapshot);
    const report = filterReport(full, { namespaces, service: opts.service }, mapped);
    const described = describeSources(snapshot, sources.kube, config.kubernetes.namespaces);
    if (format === 'json') println(io.stdout, JSON.stringify(buildDriftJson(report, described), null, 2));
    else println(io.stdout, header(described) + renderDriftTable(report));
    failOnDrift(report);
  } finally {
    sources.registry.close();
  }
}

/** `opsctl drift`: Nacos registry vs Kubernetes pods, once, as a table or JSON. */
export function registerDriftCommand(program: Command, io: CliIo): void {
  program
    .command('drift')
    .description('compare the Nacos registry with Kubernetes pods once and print the drift per service')
    .option(
      '-n, --namespace <ns...>',
      'Kubernetes namespaces to look at (default: kubernetes.namespaces, else all)',
    )
    .option('--service <name>', 'only this Nacos service (`name` or `group@@name`)')
    .option('-o, --output <format>', 'text or json', 'text')
    .option('--kubeconfig <file>', 'kubeconfig file (kubernetes.kubeconfig; default as kubectl)')
    .option('--context <name>', 'kubeconfig context (kubernetes.context)')
    .option('--nacos <addresses>', 'Nacos server list, e.g. nacos-0:8848,nacos-1:8848 (nacos.serverAddr)')
    .option('--timeout <seconds>', 'deadline of each read (default 60)', numberFlag('--timeout'))
    .addHelpText(
      'after',
      [
        '',
        'Kinds: stale, foreign_ip, healthy_not_ready, ready_unhealthy, ready_missing, ready_disabled,',
        'ip_reused, duplicate (docs/drift.md). One read cannot date every condition: grace periods',
        'apply where Kubernetes records when it began (pod start, Ready change, deletion).',
        'Exit codes: 0 no drift, 1 drift found, 69 a source unreachable, 78 configuration.',
        '',
        'Examples:',
        '  opsctl drift --nacos nacos.prod:8848',
        '  opsctl drift -n prod --service order-service',
        '  opsctl drift -o json | jq ".services[].findings[] | {kind, ip, pod}"',
        '',
      ].join('\n'),
    )
    .action(async (opts: DriftFlags, command: Command) => runDrift(opts, command, io));
}
