import type { Command } from 'commander';
import { startAlertRouter } from '../../alerting/server.js';
import { commandLogger, numberFlag, resolveCommandConfig } from '../context.js';
import type { CliIo } from '../io.js';
import { registerAlertsCommand } from './alerts.js';

interface AlertRouterFlags {
  host?: string;
  port?: number;
  dataDir?: string;
  routes?: string;
}

/** `opsctl alert-router` (serve intake and delivery) and `opsctl alerts test <receiver>`. */
export function registerAlertRouterCommands(program: Command, io: CliIo): void {
  program
    .command('alert-router')
    .description(
      'receive Alertmanager/Nightingale alerts and deliver them to DingTalk, WeCom, Feishu, SMS and webhooks',
    )
    .option('--host <host>', 'address to listen on (alertRouter.host)')
    .option(
      '--port <port>',
      'port to listen on, 0 for any free port (alertRouter.port)',
      numberFlag('--port'),
    )
    .option('--data-dir <dir>', 'where the database, outbox and SMS ledger live (alertRouter.dataDir)')
    .option('--routes <file>', 'routing file: receivers, channels, routes, on-call (alertRouter.routesFile)')
    .addHelpText(
      'after',
      '\nExamples:\n  opsctl alert-router --routes routes.yaml --data-dir /var/lib/opsctl/alert-router\n  opsctl alert-router --port 9780   # no routes file: every alert goes to the /inbox page\n',
    )
    .action(async (opts: AlertRouterFlags, command: Command) => {
      const resolved = await resolveCommandConfig(command, io, {
        'alertRouter.host': opts.host,
        'alertRouter.port': opts.port,
        'alertRouter.dataDir': opts.dataDir,
        'alertRouter.routesFile': opts.routes,
      });
      const log = commandLogger(resolved, io, 'alert-router');
      const router = await startAlertRouter(resolved.config, log, { env: io.env });
      const signal = await io.waitForShutdown();
      log.info('shutting down', { signal });
      await router.close();
    });
  registerAlertsCommand(program, io);
}
