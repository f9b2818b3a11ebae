#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { DEFAULT_PROFILE } from '../checks/index.js';
import { auditCommand } from './commands/audit.js';
import { inventoryCommand } from './commands/inventory.js';
import { reportCommand } from './commands/report.js';
import { diffCommand } from './commands/diff.js';
import { mergeCommand } from './commands/merge.js';
import { checksCommand } from './commands/checks.js';
import { fixCommand } from './commands/fix.js';
import { reportFatal } from './fatal.js';
import { toolVersion } from '../core/version.js';

try {
  await yargs(hideBin(process.argv))
    .scriptName('calico-preflight')
    .usage(`$0 <command> [options]\n\nAudit Linux hosts against the Calico system requirements (v${DEFAULT_PROFILE}, or the release --calico-version names).`)
    .command(auditCommand)
    .command(inventoryCommand)
    .command(reportCommand)
    .command(mergeCommand)
    .command(diffCommand)
    .command(fixCommand)
    .command(checksCommand)
    .demandCommand(1, 'Name a command: audit, inventory, report, merge, diff, fix or checks.')
    .strict()
    .version(toolVersion())
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`calico-preflight: ${message}\nRun with --help for usage.\n`);
      process.exit(2);
    })
    .parseAsync();
} catch (error) {
  reportFatal(error);
}
