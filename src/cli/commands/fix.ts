import type { CommandModule } from 'yargs';
import { UserError } from '../../core/errors.js';
import { buildFixPlan } from '../../remediate/index.js';
import { loadResult } from '../../report/load-result.js';
import { leftAloneSummary, writeFixFiles } from '../fix-files.js';

interface FixArgs {
  result: string;
  playbook?: string;
  script?: string;
  force?: boolean;
}

/**
 * `fix RESULT.json`: writes what would fix the failing findings — an Ansible playbook and/or
 * POSIX sh scripts — and changes nothing itself. Exit 1 when there is nothing it can fix.
 */
export const fixCommand: CommandModule<object, FixArgs> = {
  command: 'fix <result>',
  describe: 'Write an Ansible playbook and/or shell scripts that fix what a saved result found (changes nothing itself)',
  builder: (yargs) =>
    yargs
      .positional('result', { type: 'string', describe: 'Result JSON written by audit --json', demandOption: true })
      .option('playbook', { type: 'string', requiresArg: true, describe: 'Write an Ansible playbook here (one play per set of fixes)' })
      .option('script', { type: 'string', requiresArg: true, describe: 'Write one POSIX sh script per set of fixes into this directory' })
      .option('force', { type: 'boolean', describe: 'Overwrite an existing playbook or earlier scripts' })
      .check((argv) => {
        if (!argv.playbook && !argv.script) throw new UserError('name what to write: --playbook FILE, --script DIR, or both');
        return true;
      })
      .example('$0 fix result.json --playbook fix.yml', 'then: ansible-playbook -i hosts.ini fix.yml --check, and without --check')
      .example('$0 fix result.json --script fixes/', 'then run fixes/fix-group-1.sh as root on the hosts fixes/hosts.txt names')
      .epilog('Exit status: 0 files written; 1 nothing in the result can be fixed by configuration; 2 bad input or existing output.'),
  handler: (args) => {
    const result = loadResult(args.result);
    const plan = buildFixPlan(result, args.result);
    if (plan.groups.length === 0) {
      const why = plan.manual.length > 0 ? `; ${plan.manual.length} finding(s) need a person (see the report)` : '';
      throw new UserError(`${args.result} has no finding that configuration can fix${why}, so nothing was written`, 1);
    }
    const written = writeFixFiles(plan, {
      ...(args.playbook ? { playbook: args.playbook } : {}),
      ...(args.script ? { scriptDir: args.script } : {}),
      overwrite: args.force === true,
    });
    for (const line of [...written, ...leftAloneSummary(plan)]) process.stderr.write(`${line}\n`);
  },
};
