import type { CommandModule } from 'yargs';
import { mergeShards } from '../../audit/merge.js';
import { loadResult } from '../../report/load-result.js';
import { REPORT_OUTPUT_OPTIONS, type ReportOutputArgs } from '../../report/outputs.js';
import { exitCodeFor } from '../../report/verdict.js';
import { writeOutcome } from '../write-outcome.js';

interface MergeArgs extends ReportOutputArgs {
  shards: string[];
  json?: string;
  quiet?: boolean;
}

/** `merge SHARD.json…`: one result from the results of `audit --shard I/N`; writes and exits like `audit`. */
export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <shards..>',
  describe: 'Join the results of "audit --shard I/N" (I = 1…N) into one result, report and exit code',
  builder: (yargs) =>
    yargs
      .positional('shards', { type: 'string', array: true, describe: 'Result JSON of every shard (from audit --shard I/N --json)', demandOption: true })
      .option('json', { type: 'string', describe: 'Write the merged result as JSON here' })
      .option('quiet', { alias: 'q', type: 'boolean', describe: 'No summary' })
      .options(REPORT_OUTPUT_OPTIONS)
      .example('$0 merge shard-1.json shard-2.json shard-3.json --json result.json --html report.html', '')
      .epilog('Fleet-wide checks (unique hostnames and addresses, MTU, clock skew) are judged again over every host, with the --skip and waivers the shards recorded. Exit status as for audit: 0 ready, 1 not ready, 2 the shards cannot be merged.'),
  handler: async (args) => {
    const outcome = mergeShards(
      args.shards.map((path) => ({ path, result: loadResult(path) })),
      process.argv.slice(2),
    );
    await writeOutcome(outcome, args);
    process.exitCode = exitCodeFor(outcome.result);
  },
};
