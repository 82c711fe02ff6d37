import type { Command } from 'commander';
import { loadRoutes } from '../../alerting/load-routes.js';
import { createClients } from '../../alerting/server.js';
import { Inbox } from '../../alerting/inbox.js';
import { sendTestNotification } from '../../alerting/test-notification.js';
import { ExitCode, OpsError } from '../../core/errors.js';
import { commandLogger, outputFormat, resolveCommandConfig } from '../context.js';
import { println, type CliIo } from '../io.js';

interface AlertsTestFlags {
  routes?: string;
  channel?: string;
  output?: string;
}

/** `opsctl alerts test <receiver>`: sends a test message through a receiver's channels now. */
export function registerAlertsCommand(program: Command, io: CliIo): void {
  const alerts = program.command('alerts').description('alert router tools');
  alerts
    .command('test')
    .description("send a test message through a receiver's channels (directly, not via a running router)")
    .argument('<receiver>', 'receiver name from the routing file')
    .option('--routes <file>', 'routing file (alertRouter.routesFile)')
    .option('--channel <name>', 'only this channel of the receiver')
    .option('-o, --output <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      '\nExamples:\n  opsctl alerts test ops --routes routes.yaml\n  opsctl alerts test ops --channel ops-dingtalk -o json\n',
    )
    .action(async (receiver: string, opts: AlertsTestFlags, command: Command) => {
      const format = outputFormat(opts.output);
      const resolved = await resolveCommandConfig(command, io, { 'alertRouter.routesFile': opts.routes });
      const ar = resolved.config.alertRouter;
      const routes = loadRoutes(ar.routesFile, ar.timeZone, io.env);
      const inbox = new Inbox(commandLogger(resolved, io));
      const clients = createClients(routes, ar.deliveryTimeoutSeconds * 1000, inbox, Date.now);
      const results = await sendTestNotification(routes, receiver, clients, Date.now(), opts.channel);
      if (format === 'json') println(io.stdout, JSON.stringify(results, null, 2));
      else {
        for (const r of results)
          println(
            io.stdout,
            `${r.result === 'success' ? 'ok  ' : 'FAIL'} ${r.channel}${r.target ? ` ${r.target}` : ''}: ${r.result} (${r.detail})`,
          );
      }
      const failed = results.filter((r) => r.result !== 'success');
      if (failed.length > 0) {
        throw new OpsError(`${failed.length} of ${results.length} test message(s) not delivered`, {
          code: 'E_TEST_FAILED',
          exitCode: failed.every((r) => r.result === 'retry') ? ExitCode.tempFail : ExitCode.failure,
          hints: ['check the channel settings (URL, secret, keys) in the routing file'],
        });
      }
    });
}
