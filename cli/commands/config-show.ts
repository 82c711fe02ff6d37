import type { Command } from 'commander';
import { envNameOf, redactConfig, type ResolvedConfig } from '../../core/config/resolve.js';
import { outputFormat, resolveCommandConfig } from '../context.js';
import { println, type CliIo } from '../io.js';

/** `opsctl config show`: the resolved configuration and where each value came from. */
export function registerConfigCommands(program: Command, io: CliIo): void {
  const config = program.command('config').description('inspect the configuration');
  config
    .command('show')
    .description('print the resolved configuration and the source of each value (secrets redacted)')
    .option('-o, --output <format>', 'text or json', 'text')
    .action(async (opts: { output?: string }, command: Command) => {
      const format = outputFormat(opts.output);
      const resolved = await resolveCommandConfig(command, io);
      if (format === 'json') {
        println(
          io.stdout,
          JSON.stringify(
            { file: resolved.file ?? null, config: redactConfig(resolved.config), sources: resolved.sources },
            null,
            2,
          ),
        );
        return;
      }
      println(io.stdout, renderConfigTable(resolved));
    });
}

/** One line per setting: path, value, source (file path, env variable name, flag, default). */
export function renderConfigTable(resolved: ResolvedConfig): string {
  const rows: [string, string, string][] = [];
  const walk = (value: unknown, path: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
      return;
    }
    const source = resolved.sources[path] ?? 'default';
    const where =
      source === 'file'
        ? `file ${resolved.file ?? ''}`
        : source === 'env'
          ? `env ${envNameOf(path)}`
          : source;
    rows.push([path, JSON.stringify(value), where]);
  };
  walk(redactConfig(resolved.config), '');
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length), i === 0 ? 7 : 5));
  const line = (r: [string, string, string]) =>
    `${r[0].padEnd(widths[0]!)}  ${r[1].padEnd(widths[1]!)}  ${r[2]}`;
  const header = `config file: ${resolved.file ?? '(none found; defaults, env and flags only)'}`;
  return [header, '', line(['SETTING', 'VALUE', 'SOURCE']), ...rows.map(line)].join('\n');
}
