import type { CommandModule } from 'yargs';

/** STUB — to be implemented. */
export const reportCommand: CommandModule = {
  command: 'report',
  describe: '(report: not implemented yet)',
  handler: () => {
    process.stderr.write('not implemented\n');
    process.exitCode = 2;
  },
};
