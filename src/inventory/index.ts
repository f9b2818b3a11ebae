/**
 * The inventory module's public surface (contract with the runner, checks and CLI).
 * STUB signatures — implemented by the inventory module.
 */
export type VarValue = string | number | boolean | null | VarValue[] | { [key: string]: VarValue };
export type HostVars = Record<string, VarValue>;

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

/** Reads one or more inventories (-i may repeat); throws FileLineError on bad input. */
export function loadInventory(_paths: string[]): Inventory {
  throw new Error('not implemented');
}

/**
 * Hosts selected by an Ansible host pattern (`--limit`), in inventory order.
 * Throws UserError when the pattern matches nothing.
 */
export function selectHosts(_inventory: Inventory, _pattern: string): string[] {
  throw new Error('not implemented');
}
