import type { CommandModule } from 'yargs';
import { UserError } from '../../core/errors.js';
import { loadInventory, renderGraph, renderHost, renderList } from '../../inventory/index.js';

interface InventoryArgs {
  inventory: string[];
  list?: boolean;
  graph?: string | boolean;
  host?: string;
  limit?: string;
}

/** `calico-preflight inventory`: shows an inventory the way `ansible-inventory` does. */
export const inventoryCommand: CommandModule<object, InventoryArgs> = {
  command: 'inventory',
  describe: 'Show an Ansible inventory as ansible-inventory does (--list, --graph, --host)',
  builder: (yargs) =>
    yargs
      .option('inventory', {
        alias: 'i',
        type: 'string',
        array: true,
        demandOption: 'Give an inventory with -i FILE.',
        describe: 'Inventory file, directory or host list (repeatable)',
      })
      .option('list', { type: 'boolean', describe: 'All groups and hosts with merged variables, as JSON' })
      .option('graph', { type: 'string', describe: 'Group tree from GROUP (default all)' })
      .option('host', { type: 'string', describe: "One host's merged variables, as JSON" })
      .option('limit', { alias: 'l', type: 'string', describe: 'Host pattern restricting --list and --graph' })
      .example('$0 inventory -i inventories/kubespray-cluster.ini --graph', '')
      .example("$0 inventory -i hosts.ini --list --limit 'k8s_cluster:!etcd'", ''),
  handler: (args) => {
    const actions = [args.list, args.graph !== undefined, args.host !== undefined].filter(Boolean).length;
    if (actions !== 1) throw new UserError('inventory needs exactly one of --list, --graph [GROUP] or --host NAME');
    const inventory = loadInventory(args.inventory);
    let output: string;
    if (args.list) output = renderList(inventory, args.limit);
    else if (args.host !== undefined) output = renderHost(inventory, args.host);
    else output = renderGraph(inventory, typeof args.graph === 'string' && args.graph !== '' ? args.graph : 'all', args.limit);
    process.stdout.write(`${output}\n`);
  },
};
