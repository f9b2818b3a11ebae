import type { CommandModule } from 'yargs';
import { diffResults } from '../../report/diff.js';
import { renderDiffText } from '../../report/diff-render.js';
import { loadResult } from '../../report/load-result.js';

interface DiffArgs {
  old: string;
  new: string;
  json?: boolean;
}

/** `diff OLD.json NEW.json`: what got fixed, regressed or is new; exits 1 when anything regressed. */
export const diffCommand: CommandModule<object, DiffArgs> = {
  command: 'diff <old> <new>',
  describe: 'Compare two saved results: fixed, regressed, new; exit 1 when something regressed',
  builder: (yargs) =>
    yargs
      .positional('old', { type: 'string', describe: 'Earlier result JSON', demandOption: true })
      .positional('new', { type: 'string', describe: 'Later result JSON', demandOption: true })
      .option('json', { type: 'boolean', describe: 'Print the differences as JSON' }),
  handler: (args) => {
    const diff = diffResults(loadResult(args.old), loadResult(args.new));
    process.stdout.write(args.json ? `${JSON.stringify(diff, null, 2)}\n` : renderDiffText(diff));
    process.exitCode = diff.regressed ? 1 : 0;
  },
};
