import type { Command } from 'commander';
import type { CliIo } from '../io.js';

/** `opsctl alert-router` and `opsctl alerts test <receiver>` (registered once they work). */
export function registerAlertRouterCommands(_program: Command, _io: CliIo): void {}
