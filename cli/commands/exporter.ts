import type { Command } from 'commander';
import { startExporter } from '../../exporter/server.js';
import { commandLogger, numberFlag, resolveCommandConfig } from '../context.js';
import type { CliIo } from '../io.js';

interface ExporterFlags {
  host?: string;
  port?: number;
  nasRoot?: string;
  namespace?: string[];
  scanInterval?: number;
  seriesTtl?: number;
}

/** `opsctl exporter`: serves /metrics, /healthz, /readyz until SIGINT/SIGTERM. */
export function registerExporterCommand(program: Command, io: CliIo): void {
  program
    .command('exporter')
    .description('serve Prometheus metrics (JVM GC logs and heap dumps on the NAS) on /metrics')
    .option('--host <host>', 'address to listen on (exporter.host)')
    .option('--port <port>', 'port to listen on, 0 for any free port (exporter.port)', numberFlag('--port'))
    .option('--nas-root <dir>', 'where the NAS is mounted (nas.root)')
    .option('-n, --namespace <ns...>', 'namespace folders to read (nas.namespaces); default: all')
    .option(
      '--scan-interval <seconds>',
      'seconds between NAS scans (exporter.scanIntervalSeconds)',
      numberFlag('--scan-interval'),
    )
    .option(
      '--series-ttl <seconds>',
      'drop series of pods idle this long (exporter.seriesTtlSeconds)',
      numberFlag('--series-ttl'),
    )
    .action(async (opts: ExporterFlags, command: Command) => {
      const resolved = await resolveCommandConfig(command, io, {
        'exporter.host': opts.host,
        'exporter.port': opts.port,
        'nas.root': opts.nasRoot,
        'nas.namespaces': opts.namespace,
        'exporter.scanIntervalSeconds': opts.scanInterval,
        'exporter.seriesTtlSeconds': opts.seriesTtl,
      });
      const log = commandLogger(resolved, io, 'exporter');
      const exporter = await startExporter(resolved.config, log, { env: io.env });
      const signal = await io.waitForShutdown();
      log.info('shutting down', { signal });
      await exporter.close();
    });
}
