import type { Command } from 'commander';
import { loadConfig } from '../adapters/config/load.js';
import { createLogger, type Logger } from '../adapters/log/logger.js';
import type { ResolvedConfig } from '../core/config/resolve.js';
import { ExitCode, OpsError } from '../core/errors.js';
import type { CliIo } from './io.js';

/** Options every command has (declared on the program). */
export interface GlobalOptions {
  config?: string;
  debug?: boolean;
}

export type OutputFormat = 'text' | 'json';

/** Reads `-o/--output`; anything else is a usage error naming what is allowed. */
export function outputFormat(value: unknown): OutputFormat {
  if (value === undefined || value === 'text' || value === 'wide') return 'text';
  if (value === 'json') return 'json';
  throw new OpsError(`invalid value for --output (${JSON.stringify(value)}). Expected one of: text, json`, {
    code: 'E_USAGE',
    exitCode: ExitCode.usage,
  });
}

/** Config for a command: its flags (by config path) over env over file over defaults. */
export async function resolveCommandConfig(
  command: Command,
  io: CliIo,
  flags: Record<string, unknown> = {},
): Promise<ResolvedConfig> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  return loadConfig({
    ...(globals.config !== undefined ? { explicitPath: globals.config } : {}),
    env: io.env,
    flags,
  });
}

/** A logger for the CLI (text) or a service command (JSON, unless configured otherwise). */
export function commandLogger(resolved: ResolvedConfig, io: CliIo, service?: string): Logger {
  const { level, format } = resolved.config.log;
  return createLogger({
    level,
    format: format === 'auto' ? (service ? 'json' : 'text') : format,
    stream: io.stderr,
    ...(service ? { defaultMeta: { service } } : {}),
  });
}

/** Parses a flag value as a number, naming the flag when it is not one. */
export function numberFlag(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) {
      throw new OpsError(`invalid value for ${name} (${value}). Expected a number`, {
        code: 'E_USAGE',
        exitCode: ExitCode.usage,
      });
    }
    return n;
  };
}
