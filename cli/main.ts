import { Command, CommanderError } from 'commander';
import { ExitCode, exitCodeOf, renderError } from '../core/errors.js';
import { opsctlVersion } from '../adapters/version.js';
import { registerCleanLogsCommand } from './commands/clean-logs.js';
import { registerConfigCommands } from './commands/config-show.js';
import { registerExporterCommand } from './commands/exporter.js';
import { registerGcCommand } from './commands/gc.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerDriftCommand } from './commands/drift.js';
import { registerAlertRouterCommands } from './commands/alert-router.js';
import { registerNasCommands } from './commands/nas.js';
import { registerSimCommand } from './commands/sim.js';
import { println, type CliIo } from './io.js';

/** Builds the `opsctl` command tree. Commands only register when they really work. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('opsctl')
    .description(
      'Observability and ops toolkit for Spring Cloud / Nacos services on Kubernetes with a shared NAS',
    )
    .version(opsctlVersion(), '-V, --version', 'print the opsctl version')
    .option('--config <file>', 'config file (default: $XDG_CONFIG_HOME/opsctl/config.yaml)')
    .option('--debug', 'print stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput(outputSettings(io));
  registerDemoCommand(program, io);
  registerSimCommand(program, io);
  registerExporterCommand(program, io);
  registerDriftCommand(program, io);
  registerAlertRouterCommands(program, io);
  registerGcCommand(program, io);
  registerNasCommands(program, io);
  registerCleanLogsCommand(program, io);
  registerConfigCommands(program, io);
  for (const command of program.commands) applyCommanderSettings(command, io);
  return program;
}

/** Help and errors go to the io streams; help wraps at the terminal width, or 100 when piped. */
function outputSettings(io: CliIo) {
  const width = () => (io.stdoutIsTTY ? (process.stdout.columns ?? 100) : 100);
  return {
    writeOut: (s: string) => io.stdout.write(s),
    writeErr: (s: string) => io.stderr.write(s),
    getOutHelpWidth: width,
    getErrHelpWidth: width,
  };
}

function applyCommanderSettings(command: Command, io: CliIo): void {
  command.exitOverride().showHelpAfterError('(run with --help for usage)');
  command.configureOutput(outputSettings(io));
  for (const sub of command.commands) applyCommanderSettings(sub, io);
}

/** Runs opsctl with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
      if (error.code === 'commander.help' || error.code === 'commander.executeSubCommandAsync')
        return ExitCode.ok;
      return ExitCode.usage;
    }
    const debug = argv.includes('--debug');
    println(io.stderr, renderError(error, debug));
    return exitCodeOf(error);
  }
}
