import type { CommandModule } from 'yargs';

/** STUB — to be implemented. */
export const checksCommand: CommandModule = {
  command: 'checks',
  describe: '(checks: not implemented yet)',
  handler: () => {
    process.stderr.write('not implemented\n');
    process.exitCode = 2;
  },
};
