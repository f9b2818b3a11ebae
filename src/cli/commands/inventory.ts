import type { CommandModule } from 'yargs';

/** STUB — to be implemented. */
export const inventoryCommand: CommandModule = {
  command: 'inventory',
  describe: '(inventory: not implemented yet)',
  handler: () => {
    process.stderr.write('not implemented\n');
    process.exitCode = 2;
  },
};
