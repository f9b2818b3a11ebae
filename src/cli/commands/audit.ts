import type { CommandModule } from 'yargs';

/** STUB — to be implemented. */
export const auditCommand: CommandModule = {
  command: 'audit',
  describe: '(audit: not implemented yet)',
  handler: () => {
    process.stderr.write('not implemented\n');
    process.exitCode = 2;
  },
};
