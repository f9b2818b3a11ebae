/**
 * The inventory graph with ansible-core 2.14's rules (inventory/data.py, group.py, host.py,
 * helpers.py): the implicit `all` and `ungrouped` groups, group depth and priority, and the
 * order in which group variables merge into a host's variables.
 */
import { newDict, type InventoryDict, type InventoryValue } from './values.js';

/** An error Ansible raises while building the inventory (the reader adds FILE:LINE). */
export class InventoryModelError extends Error {}

export class Group {
  readonly hosts: Host[] = [];
  readonly children: Group[] = [];
  readonly parents: Group[] = [];
  readonly vars: InventoryDict = newDict();
  depth = 0;
  priority = 1;
  constructor(readonly name: string) {}

  /** Every group above this one. */
  ancestors(): Set<Group> {
    const seen = new Set<Group>();
    const walk = (group: Group) => {
      for (const parent of group.parents) {
        if (!seen.has(parent)) {
          seen.add(parent);
          walk(parent);
        }
      }
    };
    walk(this);
    return seen;
  }

  /** This group and the groups below it, breadth first in declaration order. */
  selfAndDescendants(): Group[] {
    const ordered: Group[] = [this];
    for (let i = 0; i < ordered.length; i++) {
      for (const child of ordered[i]!.children) if (!ordered.includes(child)) ordered.push(child);
    }
    return ordered;
  }

  /** Hosts of this group and of its descendants, each once. */
  allHosts(): Host[] {
    const seen = new Set<Host>();
    for (const group of this.selfAndDescendants()) for (const host of group.hosts) seen.add(host);
    return [...seen];
  }

  addChildGroup(child: Group): void {
    if (child === this) throw new InventoryModelError(`group ${this.name} cannot be its own child`);
    if (this.children.includes(child)) return;
    if (this.ancestors().has(child)) {
      throw new InventoryModelError(
        `Adding group '${child.name}' as child to '${this.name}' creates a recursive dependency loop.`,
      );
    }
    this.children.push(child);
    if (!child.parents.includes(this)) child.parents.push(this);
    raiseDepth(child, this.depth + 1);
  }

  addHost(host: Host): void {
    if (host.directGroups.has(this)) return;
    this.hosts.push(host);
    host.directGroups.add(this);
  }

  removeHost(host: Host): void {
    if (!host.directGroups.delete(this)) return;
    this.hosts.splice(this.hosts.indexOf(host), 1);
  }
}

/** A group's depth is its longest path from a root, as Group._check_children_depth keeps it. */
function raiseDepth(group: Group, depth: number): void {
  if (group.depth >= depth) return;
  group.depth = depth;
  for (const child of group.children) raiseDepth(child, depth + 1);
}

export class Host {
  readonly vars: InventoryDict = newDict();
  /** Groups that list this host themselves. */
  readonly directGroups = new Set<Group>();
  constructor(readonly name: string) {}
}

/** Python's sort order for str: by code point, not by UTF-16 unit. */
export function comparePython(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

/** Python's int() applied to an `ansible_group_priority` value. */
function priorityOf(value: InventoryValue): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && /^\s*[+-]?[0-9]+(?:_[0-9]+)*\s*$/.test(value)) return Number(value.replace(/_/g, ''));
  throw new InventoryModelError(`ansible_group_priority must be an integer, got ${JSON.stringify(value)}`);
}

export class InventoryData {
  readonly groups = new Map<string, Group>();
  readonly hosts = new Map<string, Host>();

  constructor() {
    this.addGroup('all');
    this.addGroup('ungrouped');
    this.group('all').addChildGroup(this.group('ungrouped'));
  }

  group(name: string): Group {
    const group = this.groups.get(name);
    if (!group) throw new InventoryModelError(`Could not find group ${name} in inventory`);
    return group;
  }

  addGroup(name: string): Group {
    if (!name) throw new InventoryModelError('Invalid empty group name');
    let group = this.groups.get(name);
    if (!group) {
      group = new Group(name);
      this.groups.set(name, group);
    }
    return group;
  }

  /** Adds a host (the port only counts when the host is new, as in Ansible). */
  addHost(name: string, groupName?: string, port?: number): Host {
    if (!name) throw new InventoryModelError('Invalid empty host name');
    const group = groupName === undefined ? undefined : this.group(groupName);
    let host = this.hosts.get(name);
    if (!host) {
      host = new Host(name);
      if (port) host.vars.ansible_port = port;
      this.hosts.set(name, host);
    }
    group?.addHost(host);
    return host;
  }

  /** Ansible looks the name up among groups first: a host named like a group sets the group's variable. */
  setVariable(entity: string, key: string, value: InventoryValue): void {
    const group = this.groups.get(entity);
    if (group) {
      if (key === 'ansible_group_priority') group.priority = priorityOf(value);
      else group.vars[key] = value;
      return;
    }
    const host = this.hosts.get(entity);
    if (!host) throw new InventoryModelError(`Could not identify group or host named ${entity}`);
    host.vars[key] = value;
  }

  /** `add_child`: the child is a group if one has that name, else a host. */
  addChild(parentName: string, childName: string): void {
    const parent = this.groups.get(parentName);
    if (!parent) throw new InventoryModelError(`${parentName} is not a known group`);
    const childGroup = this.groups.get(childName);
    if (childGroup) return parent.addChildGroup(childGroup);
    const host = this.hosts.get(childName);
    if (!host) throw new InventoryModelError(`${childName} is not a known host nor group`);
    parent.addHost(host);
  }

  /** Groups a host is in, directly or through children (including `all`). */
  groupsOf(host: Host): Set<Group> {
    const result = new Set<Group>();
    for (const group of host.directGroups) {
      result.add(group);
      for (const ancestor of group.ancestors()) result.add(ancestor);
    }
    return result;
  }

  /** `reconcile_inventory`: parentless groups join `all`; hosts in no group join `ungrouped`. */
  reconcile(): void {
    const all = this.group('all');
    const ungrouped = this.group('ungrouped');
    for (const group of this.groups.values()) {
      if (group !== all && group.parents.length === 0) all.addChildGroup(group);
    }
    for (const host of this.hosts.values()) {
      const groups = this.groupsOf(host);
      if (groups.has(ungrouped)) {
        if ([...groups].some((g) => g !== all && g !== ungrouped)) ungrouped.removeHost(host);
      } else if (groups.size === 0 || (groups.size === 1 && groups.has(all))) {
        this.addChild('ungrouped', host.name);
      }
    }
  }

  /**
   * A host's variables merged as Ansible's VariableManager does: `all`, then its
   * group_vars file, then every group by (depth, priority, name), then their group_vars files,
   * then the host and its host_vars file.
   */
  mergedVars(host: Host, files?: VarsFiles): InventoryDict {
    const all = this.group('all');
    const groups = [...this.groupsOf(host)]
      .filter((g) => g !== all)
      .sort((a, b) => a.depth - b.depth || a.priority - b.priority || comparePython(a.name, b.name));
    const merged: InventoryDict = newDict();
    const layers = [
      all.vars,
      files?.groups(['all']),
      ...groups.map((g) => g.vars),
      files?.groups(groups.map((g) => g.name)),
      host.vars,
      files?.host(host.name),
    ];
    for (const layer of layers) if (layer) Object.assign(merged, layer);
    return merged;
  }
}

/** Variables from files beside the inventory (group_vars/, host_vars/). */
export interface VarsFiles {
  groups(names: string[]): InventoryDict;
  host(name: string): InventoryDict;
}
