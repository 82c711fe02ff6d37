import type { Command } from 'commander';
import { ExitCode, OpsError } from '../../core/errors.js';
import { renderGcReport } from '../../core/gclog/report-render.js';
import { requestGcReport } from '../../adapters/nas-reader/request.js';
import { numberFlag, outputFormat, resolveCommandConfig } from '../context.js';
import { println, type CliIo } from '../io.js';

interface GcFlags {
  pod?: string;
  nasRoot?: string;
  output?: string;
  timeZone?: string;
  timeout?: number;
}

/** `opsctl gc <namespace>/<service>`: GC report per pod from the logs and dumps on the NAS. */
export function registerGcCommand(program: Command, io: CliIo): void {
  program
    .command('gc')
    .description(
      'GC report per pod from the GC logs and heap dumps on the NAS (pauses, overhead, heap, dumps)',
    )
    .argument('<namespace/service>', 'the service folder, e.g. test/gateway')
    .option('--pod <pod>', 'only this pod (exact name)')
    .option('--nas-root <dir>', 'where the NAS is mounted (nas.root)')
    .option('-o, --output <format>', 'text or json', 'text')
    .option('--time-zone <zone>', "IANA zone to show times in (default: this machine's)")
    .option('--timeout <seconds>', 'give up after this long', numberFlag('--timeout'), 300)
    .addHelpText(
      'after',
      '\nExamples:\n  opsctl gc test/gateway\n  opsctl gc prod/order-service --pod order-service-7d9c8b6f5-abcde -o json\n',
    )
    .action(async (target: string, opts: GcFlags, command: Command) => {
      const format = outputFormat(opts.output);
      const { namespace, service } = parseTarget(target);
      const resolved = await resolveCommandConfig(command, io, { 'nas.root': opts.nasRoot });
      const { nas } = resolved.config;
      const report = await requestGcReport(
        {
          nasRoot: nas.root,
          namespace,
          service,
          ...(opts.pod !== undefined ? { pod: opts.pod } : {}),
          timeZone: nas.timeZone,
          layout: nas.layout,
          readTimeoutMs: nas.readTimeoutSeconds * 1000,
        },
        (opts.timeout ?? 300) * 1000,
      );
      if (format === 'json') {
        println(io.stdout, JSON.stringify(report, null, 2));
        return;
      }
      const timeZone = opts.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
      println(io.stdout, renderGcReport(report, { color: io.stdoutIsTTY && !io.env.NO_COLOR, timeZone }));
    });
}

/** `test/gateway` -> namespace and service; anything else is a usage error. */
export function parseTarget(target: string): { namespace: string; service: string } {
  const parts = target.split('/');
  const valid = parts.length === 2 && parts.every((p) => p !== '' && p !== '.' && p !== '..');
  if (!valid) {
    throw new OpsError(`invalid target "${target}". Expected <namespace>/<service>, e.g. test/gateway`, {
      code: 'E_USAGE',
      exitCode: ExitCode.usage,
      hints: ['ls the NAS root to see namespaces and services: ls /mnt /mnt/<namespace>'],
    });
  }
  return { namespace: parts[0]!, service: parts[1]! };
}
