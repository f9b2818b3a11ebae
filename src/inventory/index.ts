/**
 * The inventory module's public surface (contract with the runner, checks and CLI).
 * Reads Ansible INI and YAML inventories with ansible-core 2.14's semantics; see
 * ini.ts, yaml.ts, patterns.ts and output.ts for the details of each part.
 */
import { UserError } from '../core/errors.js';
import { InventoryData } from './model.js';
import { inventoryGraph, inventoryList, pythonJson, visibleHostVars } from './output.js';
import { resolveLimit, resolvePattern } from './patterns.js';
import { readSource } from './sources.js';
import { AdjacentVars } from './vars-files.js';
import type { InventoryDict, InventoryValue } from './values.js';

import type { HostVars, VarValue } from '../core/vars.js';

export type { HostVars, VarValue };

export interface Inventory {
  /** Source files, as given with -i. */
  readonly sources: string[];
  /** Every host, in Ansible's order. */
  hostNames(): string[];
  /** Merged variables of a host, with Ansible's precedence (as in `ansible-inventory --host`). */
  hostVars(name: string): HostVars;
  /** Groups a host belongs to, directly or through children, including `all`. */
  groupsOf(name: string): string[];
}

/** The Inventory returned by loadInventory; also gives the `ansible-inventory` views. */
export class AnsibleInventory implements Inventory {
  constructor(
    readonly sources: string[],
    readonly data: InventoryData,
    /** group_vars/ and host_vars/ beside the sources. */
    readonly files: AdjacentVars,
  ) {}

  /**
   * Hosts of `all`, breadth first through the groups in declaration order. (Ansible walks
   * groups below the first level in Python set order, which is not stable across runs.)
   */
  hostNames(): string[] {
    return this.data.group('all').allHosts().map((h) => h.name);
  }

  hostVars(name: string): HostVars {
    if (!this.data.hosts.has(name)) throw new UserError(`host ${name} is not in the inventory`);
    return toVarValue(visibleHostVars(this.data, name, this.files)) as HostVars;
  }

  groupsOf(name: string): string[] {
    const host = this.data.hosts.get(name);
    if (!host) throw new UserError(`host ${name} is not in the inventory`);
    const groups = this.data.groupsOf(host);
    return [...this.data.groups.values()].filter((g) => groups.has(g)).map((g) => g.name);
  }
}

/** The contract's plain data: bigints (exact in --list output) become numbers. */
function toVarValue(value: InventoryValue): VarValue {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toVarValue);
  if (value !== null && typeof value === 'object') {
    // visibleHostVars has already refused Unrepresentable values.
    return Object.fromEntries(Object.entries(value as InventoryDict).map(([k, v]) => [k, toVarValue(v)]));
  }
  return value;
}

/** Reads one or more inventories (-i may repeat); throws FileLineError on bad input. */
export function loadInventory(paths: string[]): AnsibleInventory {
  if (paths.length === 0) throw new UserError('no inventory given (use -i FILE)');
  const data = new InventoryData();
  for (const path of paths) readSource(data, path);
  data.reconcile();
  return new AnsibleInventory([...paths], data, new AdjacentVars(paths));
}

function ansibleInventory(inventory: Inventory): AnsibleInventory {
  if (!(inventory instanceof AnsibleInventory)) throw new TypeError('inventory was not created by loadInventory');
  return inventory;
}

const dataOf = (inventory: Inventory) => ansibleInventory(inventory).data;

/**
 * Hosts selected by an Ansible host pattern (`--limit`), in inventory order.
 * Throws UserError when the pattern matches nothing.
 */
export function selectHosts(inventory: Inventory, pattern: string): string[] {
  return resolveLimit(dataOf(inventory), pattern);
}

/** The set of host names a `--limit` pattern selects (for the checks module). */
export function hostSetOf(inventory: Inventory, pattern: string): Set<string> {
  return new Set(selectHosts(inventory, pattern));
}

/** `ansible-inventory --list` output (JSON text); `limit` keeps only the hosts it selects. */
export function renderList(inventory: Inventory, limit?: string): string {
  const hosts = limit === undefined ? undefined : hostSetOf(inventory, limit);
  const { data, files } = ansibleInventory(inventory);
  return pythonJson(inventoryList(data, files, hosts));
}

/** `ansible-inventory --graph [GROUP]` output; throws UserError for an unknown group. */
export function renderGraph(inventory: Inventory, group = 'all', limit?: string): string {
  const hosts = limit === undefined ? undefined : hostSetOf(inventory, limit);
  const graph = inventoryGraph(dataOf(inventory), group, hosts);
  if (graph === undefined) throw new UserError(`--graph needs a group name; there is no group '${group}'`);
  return graph;
}

/** `ansible-inventory --host NAME` output: the host's merged variables as JSON text. */
export function renderHost(inventory: Inventory, pattern: string): string {
  const matches = resolvePattern(dataOf(inventory), pattern);
  if (matches.length !== 1) throw new UserError(`--host needs exactly one host; '${pattern}' matches ${matches.length}`);
  return pythonJson(inventory.hostVars(matches[0]!));
}
