import type { Command } from 'commander';
import { ExitCode, OpsError } from '../../core/errors.js';
import { checkNas, type NasCheckReport } from '../../adapters/nas-probe/check.js';
import { renderNasCheck } from '../../adapters/nas-probe/render-check.js';
import { numberFlag, outputFormat, resolveCommandConfig } from '../context.js';
import { println, type CliIo } from '../io.js';

interface CheckFlags {
  nasRoot?: string;
  output?: string;
  timeout?: number;
  write?: boolean;
}

/** `opsctl nas ...`: NAS health. */
export function registerNasCommands(program: Command, io: CliIo): void {
  const nas = program.command('nas').description('NAS health: mounts, latency, space, hung or stale mounts');
  nas
    .command('check')
    .description('probe NAS mounts now (stat, statfs, readdir, optional write) and give a verdict per mount')
    .argument(
      '[path...]',
      'folders that must be NAS mounts (default: NAS mounts found, nas.health.paths, nas.root)',
    )
    .option('--nas-root <dir>', 'where the NAS is mounted (nas.root)')
    .option('--write', 'also create, fsync, rename and remove a probe file (nas.health.writeProbe)')
    .option(
      '--timeout <seconds>',
      'deadline of each operation (nas.health.timeoutSeconds)',
      numberFlag('--timeout'),
    )
    .option('-o, --output <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      [
        '',
        'Verdicts: OK, SLOW (healthy), HUNG, STALE, READ-ONLY, FULL, ERROR, NOT-MOUNTED.',
        'Exit codes: 0 every mount healthy, 1 a mount unhealthy, 69 a mount missing or nothing to check.',
        '',
        'Examples:',
        '  opsctl nas check',
        '  opsctl nas check /mnt --write',
        '  opsctl nas check -o json | jq ".mounts[] | {path, verdict}"',
        '',
      ].join('\n'),
    )
    .action(async (paths: string[], opts: CheckFlags, command: Command) => {
      const format = outputFormat(opts.output);
      const resolved = await resolveCommandConfig(command, io, {
        'nas.root': opts.nasRoot,
        'nas.health.timeoutSeconds': opts.timeout,
        'nas.health.writeProbe': opts.write,
      });
      const { nas: config } = resolved.config;
      const report = await checkNas({ paths, root: config.root, health: config.health });
      if (format === 'json') println(io.stdout, JSON.stringify(report, null, 2));
      else if (report.mounts.length > 0)
        println(io.stdout, renderNasCheck(report, { color: io.stdoutIsTTY && !io.env.NO_COLOR }));
      failOnUnhealthy(report);
    });
}

/** Exit 69 when a mount is missing or there is nothing to check, 1 when one is unhealthy. */
function failOnUnhealthy(report: NasCheckReport): void {
  if (report.mounts.length === 0) {
    throw new OpsError('no NAS mounts to check', {
      code: 'E_NAS_NONE',
      exitCode: ExitCode.unavailable,
      hints: [
        'name the folders: opsctl nas check /mnt',
        'or set nas.root / nas.health.paths: opsctl config show',
      ],
    });
  }
  const missing = report.mounts.filter((m) => m.verdict === 'NOT-MOUNTED');
  if (missing.length > 0) {
    throw new OpsError(`not mounted: ${missing.map((m) => m.path).join(', ')}`, {
      code: 'E_NAS_NOT_MOUNTED',
      exitCode: ExitCode.unavailable,
      hints: missing[0]!.hints,
    });
  }
  const unhealthy = report.mounts.filter((m) => !m.healthy);
  if (unhealthy.length > 0) {
    throw new OpsError(`unhealthy: ${unhealthy.map((m) => `${m.path} (${m.verdict})`).join(', ')}`, {
      code: 'E_NAS_UNHEALTHY',
      exitCode: ExitCode.failure,
    });
  }
}
