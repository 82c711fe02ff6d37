import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { defaultConfig } from '../../core/config/schema.js';
import { startExporter } from '../../exporter/server.js';
import { startDemoNas } from '../../sim/demo/nas-world.js';
import { DEMO_NAMESPACE } from '../../sim/demo/services.js';
import { commandLogger, numberFlag, resolveCommandConfig } from '../context.js';
import { println, type CliIo } from '../io.js';

interface DemoFlags {
  port?: number;
  dir?: string;
  java?: boolean;
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
      const world = await startDemoNas({
        dir,
        ...(opts.java === false ? { noJava: true } : {}),
        onEvent: (message) => println(io.stdout, `[demo] ${message}`),
      });
      const config = {
        ...defaultConfig,
        log: resolved.config.log,
        nas: { ...defaultConfig.nas, root: world.nasRoot, timeZone: 'UTC' },
        exporter: {
          ...defaultConfig.exporter,
          host: '127.0.0.1',
          port: opts.port ?? 9779,
          scanIntervalSeconds: 5,
        },
      };
      let exporter;
      try {
        exporter = await startExporter(config, log);
      } catch (error) {
        await world.stop();
        throw error;
      }
      println(io.stdout, renderDemoBanner(world.nasRoot, exporter.url, world.mode, world.reason));
      const signal = await io.waitForShutdown();
      println(io.stdout, `\nopsctl demo: ${signal} received, stopping ...`);
      await exporter.close();
      await world.stop();
      if (!opts.dir) await rm(dir, { recursive: true, force: true });
    });
}

function renderDemoBanner(nasRoot: string, url: string, mode: 'jvm' | 'replay', reason?: string): string {
  const source =
    mode === 'jvm'
      ? 'real JVMs (G1, Parallel, ZGC, Shenandoah, Serial) write GC logs; report-service runs out of memory now and then'
      : `real GC logs are replayed line by line (no live JVMs: ${reason ?? 'no JDK'})`;
  return [
    '',
    'opsctl demo is running. Press Ctrl-C to stop.',
    '',
    `  NAS folder   ${nasRoot}/${DEMO_NAMESPACE}/<service>/   (${source})`,
    `  exporter     ${url}/metrics   ${url}/healthz   ${url}/readyz`,
    '',
    'What to look at:',
    `  curl -s ${url}/metrics | grep '^opsctl_gclog_pause_seconds_count'`,
    `  curl -s ${url}/metrics | grep -E '^opsctl_(gclog_heap_after_gc_bytes|gclog_info|heapdump_)'`,
    `  node dist/cli/bin.js gc ${DEMO_NAMESPACE}/gateway --nas-root ${nasRoot}`,
    `  node dist/cli/bin.js gc ${DEMO_NAMESPACE}/order-service --nas-root ${nasRoot} -o json`,
    '',
  ].join('\n');
}
