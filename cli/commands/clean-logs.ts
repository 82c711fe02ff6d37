import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import cron from 'node-cron';
import { appendAuditRecords } from '../../adapters/clean/audit-log.js';
import { startCleanFs } from '../../adapters/clean/fs-client.js';
import { cleanLogsOnePass } from '../../adapters/clean/run-direct.js';
import { applyCleanLogs, planCleanLogs, reportOfPlans, type CleanInput } from '../../adapters/clean/run.js';
import { connectKube } from '../../adapters/kube/client.js';
import { formatBytes, renderCleanReport, totalsOf, type CleanReport } from '../../core/clean/report.js';
import { assertServiceNames } from '../../core/clean/service-name.js';
import type { ResolvedConfig } from '../../core/config/resolve.js';
import { ExitCode, OpsError } from '../../core/errors.js';
import { compileNasLayout } from '../../core/nas/layout.js';
import {
  commandLogger,
  numberFlag,
  outputFormat,
  resolveCommandConfig,
  type OutputFormat,
} from '../context.js';
import { println, type CliIo } from '../io.js';

interface CleanFlags {
  namespace: string[];
  service: string[];
  nasRoot?: string;
  minAge?: string;
  olderThan?: string;
  keepDumps?: number;
  dryRun?: boolean;
  yes?: boolean;
  output?: string;
  schedule?: string;
  auditLog?: string;
  kubeconfig?: string;
  context?: string;
  concurrency?: number;
}

/** `opsctl clean-logs [namespace...]`: removes GC logs, dumps and logs of pods that no longer exist. */
export function registerCleanLogsCommand(program: Command, io: CliIo): void {
  program
    .command('clean-logs')
    .description(
      'delete GC logs, heap dumps and app logs of pods that no longer exist, per namespace/service',
    )
    .argument('[namespace...]', 'namespaces to clean (default: cleanLogs.namespaces, then nas.namespaces)')
    .option('-n, --namespace <ns>', 'a namespace to clean (repeatable)', collect, [])
    .option('--service <name>', 'only this service folder (repeatable; default: every folder)', collect, [])
    .option('--nas-root <dir>', 'where the NAS is mounted (nas.root)')
    .option('--min-age <duration>', 'keep files modified within this (e.g. 10m; cleanLogs.minAgeSeconds)')
    .option('--older-than <duration>', 'only delete files older than this (e.g. 7d)')
    .option('--keep-dumps <n>', 'keep the newest N heap dumps per service', numberFlag('--keep-dumps'), 0)
    .option('--dry-run', 'print the plan, delete nothing')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .option('-o, --output <format>', 'text or json', 'text')
    .option('--schedule <cron>', 'keep running and clean on this cron schedule, e.g. "0 3 * * *"')
    .option('--audit-log <file>', 'JSON lines of every deleted path (cleanLogs.auditLog)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: as kubectl)')
    .option('--context <name>', 'kubeconfig context')
    .option('--concurrency <n>', 'services cleaned at once', numberFlag('--concurrency'), 2)
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 ok, 1 some deletions failed, 2 usage (or no --yes without a terminal),',
        '69 pods of a namespace unreadable (nothing deleted there) or a hung NAS aborted a service.',
        '',
        'Examples:',
        '  opsctl clean-logs test uat --dry-run',
        '  opsctl clean-logs test --service gateway --keep-dumps 1 --yes',
        '  opsctl clean-logs prod --older-than 7d --yes --schedule "0 3 * * *"',
        '',
      ].join('\n'),
    )
    .action(async (positional: string[], opts: CleanFlags, command: Command) => {
      const format = outputFormat(opts.output);
      assertServiceNames(opts.service);
      const resolved = await resolveCommandConfig(command, io, {
        'nas.root': opts.nasRoot,
        'cleanLogs.auditLog': opts.auditLog,
        'kubernetes.kubeconfig': opts.kubeconfig,
        'kubernetes.context': opts.context,
      });
      const input = buildInput(resolved, positional, opts);
      if (opts.schedule !== undefined) return runScheduled(io, resolved, input, opts, opts.schedule);
      if (!opts.dryRun && !opts.yes && !io.stdoutIsTTY) throw needsYes();
      const report = await runOnce(io, resolved, input, opts, format);
      failOnErrors(report);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function buildInput(resolved: ResolvedConfig, positional: readonly string[], opts: CleanFlags): CleanInput {
  const { cleanLogs, nas } = resolved.config;
  const named = [...positional, ...opts.namespace];
  const namespaces =
    named.length > 0 ? named : cleanLogs.namespaces.length > 0 ? cleanLogs.namespaces : nas.namespaces;
  if (namespaces.length === 0) {
    throw new OpsError('no namespace to clean', {
      code: 'E_USAGE',
      exitCode: ExitCode.usage,
      hints: ['opsctl clean-logs test uat', 'or set cleanLogs.namespaces in the config file'],
    });
  }
  const minAge = opts.minAge === undefined ? cleanLogs.minAgeSeconds : parseAge('--min-age', opts.minAge);
  const olderThan = opts.olderThan === undefined ? undefined : parseAge('--older-than', opts.olderThan);
  const keepDumps = opts.keepDumps ?? 0;
  if (!Number.isInteger(keepDumps) || keepDumps < 0)
    throw usage(`invalid value for --keep-dumps (${keepDumps}). Expected an integer >= 0`);
  return {
    nasRoot: nas.root,
    namespaces: [...new Set(namespaces)],
    services: [...new Set(opts.service)],
    plan: {
      minAgeMs: minAge * 1000,
      olderThanMs: olderThan === undefined ? undefined : olderThan * 1000,
      keepDumps,
    },
    layout: compileNasLayout(nas.layout),
    serviceLabel: cleanLogs.serviceLabel,
    concurrency: Math.max(1, Math.floor(opts.concurrency ?? 2)),
  };
}

const AGE = /^(\d+(?:\.\d+)?)(s|m|h|d)$/;
const AGE_UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `10m`, `36h`, `7d` -> seconds. */
export function parseAge(flag: string, value: string): number {
  const match = AGE.exec(value.trim());
  if (match === null)
    throw usage(`invalid value for ${flag} (${value}). Expected a duration such as 30s, 10m, 12h, 7d`);
  return Number(match[1]) * AGE_UNIT[match[2]!]!;
}

async function runOnce(
  io: CliIo,
  resolved: ResolvedConfig,
  input: CleanInput,
  opts: CleanFlags,
  format: OutputFormat,
): Promise<CleanReport> {
  const deps = buildDeps(io, resolved);
  // Without a question to ask, each NAS child does its service start to end (counts come back).
  if ((opts.dryRun && format === 'text') || (!opts.dryRun && opts.yes)) {
    const onLines = (lines: readonly string[]): void => {
      if (io.stdoutIsTTY) io.stderr.write('\r\x1b[K');
      for (const line of lines) println(io.stdout, line);
    };
    const report = await cleanLogsOnePass(deps, input, {
      apply: !opts.dryRun,
      ...(opts.dryRun ? { onLines } : {}),
    });
    if (opts.dryRun) println(io.stdout);
    print(io, report, format, undefined);
    return report;
  }
  const plans = await planCleanLogs(deps, input);
  const planned = reportOfPlans(plans);
  if (opts.dryRun) {
    print(io, planned, format, plans);
    return planned;
  }
  if (!(await confirm(io, planned)))
    throw new OpsError('cancelled: nothing deleted', { code: 'E_CANCELLED', exitCode: ExitCode.interrupted });
  const report = await applyCleanLogs(deps, plans, input.concurrency);
  print(io, report, format, undefined);
  return report;
}

function buildDeps(io: CliIo, resolved: ResolvedConfig) {
  const { kubernetes, cleanLogs } = resolved.config;
  const kube = connectKube(
    { kubeconfig: kubernetes.kubeconfig || undefined, context: kubernetes.context || undefined },
    { env: io.env },
  );
  const timeoutMs = cleanLogs.timeoutSeconds * 1000;
  return {
    listPods: (namespace: string) => kube.pods.listPods({ namespaces: [namespace] }),
    startFs: () => startCleanFs(timeoutMs),
    appendAudit: (records: Parameters<typeof appendAuditRecords>[1]) =>
      appendAuditRecords(cleanLogs.auditLog, records),
    auditLog: cleanLogs.auditLog,
    now: Date.now,
    ...(io.stdoutIsTTY
      ? {
          onProgress: (e: { namespace: string; service: string; phase: string; done: boolean }) => {
            if (!e.done)
              io.stderr.write(
                `\r\x1b[K${e.phase === 'plan' ? 'listing' : 'deleting'} ${e.namespace}/${e.service} ...`,
              );
          },
        }
      : {}),
  };
}

function print(
  io: CliIo,
  report: CleanReport,
  format: OutputFormat,
  plans: Awaited<ReturnType<typeof planCleanLogs>> | undefined,
): void {
  if (io.stdoutIsTTY) io.stderr.write('\r\x1b[K');
  if (format === 'json') {
    const body = { ...report, totals: totalsOf(report), ...(plans ? { plans: plans.services } : {}) };
    println(io.stdout, JSON.stringify(body, null, 2));
    return;
  }
  if (plans !== undefined) {
    for (const s of plans.services) {
      for (const e of s.plan?.deletions ?? [])
        println(io.stdout, `delete ${s.dir}/${e.relPath} (${e.reason}, ${formatBytes(e.size)})`);
    }
    println(io.stdout);
  }
  println(io.stdout, renderCleanReport(report));
}

async function confirm(io: CliIo, planned: CleanReport): Promise<boolean> {
  const totals = totalsOf(planned);
  println(io.stdout, renderCleanReport(planned));
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`delete ${totals.files} entries (${formatBytes(totals.bytes)})? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

async function runScheduled(
  io: CliIo,
  resolved: ResolvedConfig,
  input: CleanInput,
  opts: CleanFlags,
  expression: string,
): Promise<void> {
  if (!cron.validate(expression))
    throw usage(
      `invalid value for --schedule (${expression}). Expected a cron expression such as "0 3 * * *"`,
    );
  if (!opts.dryRun && !opts.yes) throw needsYes();
  const logger = commandLogger(resolved, io, 'clean-logs');
  const task = cron.schedule(
    expression,
    async () => {
      const report = await runOnce(io, resolved, input, { ...opts, yes: true }, 'json');
      const totals = totalsOf(report);
      logger.info('clean-logs run finished', {
        ...totals,
        dryRun: report.dryRun,
        namespaceFailures: report.namespaceFailures.length,
        serviceErrors: report.services.filter((s) => s.error).length,
      });
    },
    { name: 'clean-logs', noOverlap: true },
  );
  logger.info('clean-logs scheduled', { schedule: expression, namespaces: input.namespaces });
  await io.waitForShutdown();
  await task.stop();
}

function failOnErrors(report: CleanReport): void {
  const hung = report.services.filter((s) => s.error !== undefined);
  if (report.namespaceFailures.length > 0 || hung.length > 0) {
    const what = [
      ...report.namespaceFailures.map((f) => `namespace ${f.namespace}`),
      ...hung.map((s) => `${s.namespace}/${s.service}`),
    ];
    throw new OpsError(`clean-logs could not clean: ${what.join(', ')}`, {
      code: 'E_CLEAN_INCOMPLETE',
      exitCode: ExitCode.unavailable,
    });
  }
  const failed = totalsOf(report).failed;
  if (failed > 0)
    throw new OpsError(`clean-logs: ${failed} entries could not be deleted`, {
      code: 'E_CLEAN_FAILED',
      exitCode: ExitCode.failure,
    });
}

function needsYes(): OpsError {
  return new OpsError('clean-logs deletes files: without a terminal, pass --yes (or --dry-run)', {
    code: 'E_USAGE',
    exitCode: ExitCode.usage,
    hints: ['opsctl clean-logs <namespace> --dry-run', 'opsctl clean-logs <namespace> --yes'],
  });
}

function usage(message: string): OpsError {
  return new OpsError(message, { code: 'E_USAGE', exitCode: ExitCode.usage });
}
