/**
 * YAML inventories (`all: {hosts, vars, children}`), read as ansible-core 2.14's
 * plugins/inventory/yaml.py reads them. Keys that are not vars/children/hosts and groups that
 * are not mappings are skipped, as Ansible skips them (with a warning).
 */
import { expandHostPattern, HostRangeError } from './host-range.js';
import { InventoryModelError, type InventoryData } from './model.js';
import { locateUnrepresentable } from './values.js';
import { loadYamlData, toInventoryValue, truthy, YamlMap, YamlSyntaxError, type YamlData, type YamlScalar } from './yaml-values.js';

/** The yaml plugin refused the file; `looksLikeYaml` tells whether it was a YAML mapping at all. */
export class YamlInventoryError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
    readonly looksLikeYaml: boolean,
  ) {
    super(message);
  }
}

/** Reads YAML inventory `text` into `inventory`; throws YamlInventoryError when Ansible's yaml plugin would. */
export function readYamlInventory(inventory: InventoryData, text: string, file: string): void {
  let data: YamlData;
  try {
    data = loadYamlData(text);
  } catch (error) {
    if (error instanceof YamlSyntaxError) throw new YamlInventoryError(`not valid YAML: ${error.message}`, error.line, false);
    throw error;
  }
  if (!truthy(data)) throw new YamlInventoryError('empty YAML document', undefined, false);
  if (!(data instanceof YamlMap)) throw new YamlInventoryError('a YAML inventory must be a mapping of groups', 1, false);
  if (truthy(data.get('plugin')?.value ?? null)) {
    throw new YamlInventoryError('this is an inventory plugin configuration, not a YAML inventory', data.get('plugin')!.line, true);
  }
  const reader = new YamlGroupReader(inventory, file);
  for (const entry of data.entries) reader.group(entry.key, entry.value, entry.line);
}

class YamlGroupReader {
  constructor(
    private readonly inventory: InventoryData,
    private readonly file: string,
  ) {}

  private fail(message: string, line: number): never {
    throw new YamlInventoryError(message, line, true);
  }

  /** `_parse_group`: returns the group's name (unchanged when the entry was skipped). */
  group(name: YamlScalar, data: YamlData, line: number): YamlScalar {
    if (!(data instanceof YamlMap) && data !== null) return name;
    if (typeof name !== 'string' || name === '') this.fail(`group name ${JSON.stringify(name)} is not a non-empty string`, line);
    this.inventory.addGroup(name);
    if (data === null) return name;
    for (const section of ['vars', 'children', 'hosts']) {
      const entry = data.get(section);
      if (!entry) continue;
      if (typeof entry.value === 'string') {
        const map = new YamlMap(entry.line);
        map.set({ key: entry.value, keyText: entry.value, value: null, line: entry.line });
        entry.value = map;
      }
      if (!(entry.value instanceof YamlMap) && entry.value !== null) {
        this.fail(`"${section}" of group ${name} must be a mapping`, entry.line);
      }
    }
    for (const entry of data.entries) {
      if (!(entry.value instanceof YamlMap)) continue;
      if (entry.key === 'vars') this.vars(name, entry.value);
      else if (entry.key === 'children') this.children(name, entry.value);
      else if (entry.key === 'hosts') this.hosts(name, entry.value);
    }
    return name;
  }

  private vars(group: string, vars: YamlMap): void {
    for (const entry of vars.entries) this.set(group, entry.keyText, entry.value, entry.line);
  }

  private children(group: string, children: YamlMap): void {
    for (const entry of children.entries) {
      const child = this.group(entry.key, entry.value, entry.line);
      this.guard(entry.line, () => this.inventory.addChild(group, String(child)));
    }
  }

  private hosts(group: string, hosts: YamlMap): void {
    for (const entry of hosts.entries) {
      if (typeof entry.key !== 'string') this.fail(`host name ${String(entry.key)} must be a string (quote it)`, entry.line);
      const pattern = entry.key;
      const { names, port } = this.guard(entry.line, () => expandHostPattern(pattern));
      const vars = truthy(entry.value) ? entry.value : new YamlMap(entry.line);
      if (!(vars instanceof YamlMap)) this.fail(`variables of host ${pattern} must be a mapping`, entry.line);
      for (const name of names) {
        this.guard(entry.line, () => this.inventory.addHost(name, group, port));
        for (const v of vars.entries) this.set(name, v.keyText, v.value, v.line);
      }
    }
  }

  private set(entity: string, key: string, data: YamlData, line: number): void {
    const value = toInventoryValue(data);
    locateUnrepresentable(value, this.file, line);
    this.guard(line, () => this.inventory.setVariable(entity, key, value));
  }

  private guard<T>(line: number, action: () => T): T {
    try {
      return action();
    } catch (error) {
      if (error instanceof InventoryModelError || error instanceof HostRangeError) this.fail(error.message, line);
      throw error;
    }
  }
}
