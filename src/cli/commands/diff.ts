import type { CommandModule } from 'yargs';

/** STUB — to be implemented. */
export const diffCommand: CommandModule = {
  command: 'diff',
  describe: '(diff: not implemented yet)',
  handler: () => {
    process.stderr.write('not implemented\n');
    process.exitCode = 2;
  },
};
