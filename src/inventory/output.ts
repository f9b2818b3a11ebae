/**
 * What `ansible-inventory` prints (ansible-core 2.14 cli/inventory.py): `--list` JSON,
 * `--graph` and `--host`, with json.dumps(sort_keys=True, indent=4, ensure_ascii=False)
 * formatting so the text matches too, not only the parsed JSON.
 */
import { comparePython, type Group, type InventoryData, type VarsFiles } from './model.js';
import { pythonFloatRepr } from './python-literal.js';
import { findUnrepresentable, newDict, type InventoryDict, type InventoryValue } from './values.js';

// Variables Ansible adds itself and ansible-inventory hides (INTERNAL_VARS).
const INTERNAL_VARS = new Set([
  'ansible_diff_mode', 'ansible_config_file', 'ansible_facts', 'ansible_forks', 'ansible_inventory_sources',
  'ansible_limit', 'ansible_playbook_python', 'ansible_run_tags', 'ansible_skip_tags', 'ansible_verbosity',
  'ansible_version', 'inventory_dir', 'inventory_file', 'inventory_hostname', 'inventory_hostname_short',
  'groups', 'group_names', 'omit', 'playbook_dir',
]);

/** A host's merged variables as `ansible-inventory --host` shows them; throws for values JSON cannot carry. */
export function visibleHostVars(data: InventoryData, hostName: string, files?: VarsFiles): InventoryDict {
  const host = data.hosts.get(hostName)!;
  const vars = data.mergedVars(host, files);
  for (const name of INTERNAL_VARS) delete vars[name];
  for (const [name, value] of Object.entries(vars)) {
    const bad = findUnrepresentable(value);
    if (bad) throw bad.error(name);
  }
  return vars;
}

/**
 * `ansible-inventory --list`. With `hosts` given (a --limit), only those hosts are shown and
 * groups left without any of them are dropped like empty groups.
 */
export function inventoryList(data: InventoryData, files?: VarsFiles, hosts?: ReadonlySet<string>): InventoryDict {
  const shown = (name: string) => !hosts || hosts.has(name);
  const keep = (group: Group) => !hosts || group.allHosts().some((h) => hosts.has(h.name));
  const result: InventoryDict = newDict();
  const seen = new Set<string>();
  const format = (group: Group) => {
    const entry: InventoryDict = newDict();
    if (group.name !== 'all') {
      const groupHosts = group.hosts.filter((h) => shown(h.name)).map((h) => h.name);
      if (groupHosts.length) entry.hosts = groupHosts;
    }
    const children = group.children.filter(keep);
    if (children.length) entry.children = children.map((c) => c.name);
    result[group.name] = entry;
    for (const child of children) {
      if (!seen.has(child.name)) {
        format(child);
        seen.add(child.name);
      }
    }
    if (Object.keys(entry).length === 0) delete result[group.name];
  };
  format(data.group('all'));
  const hostvars: InventoryDict = newDict();
  for (const name of data.hosts.keys()) {
    if (!shown(name)) continue;
    const vars = visibleHostVars(data, name, files);
    if (Object.keys(vars).length) hostvars[name] = vars;
  }
  result._meta = { hostvars };
  return result;
}

/** `ansible-inventory --graph [GROUP]`; undefined when the group does not exist. */
export function inventoryGraph(data: InventoryData, groupName = 'all', hosts?: ReadonlySet<string>): string | undefined {
  const start = data.groups.get(groupName);
  if (!start) return undefined;
  const lines: string[] = [];
  const label = (text: string, depth: number) => (depth ? `${'  |'.repeat(depth)}--${text}` : text);
  const walk = (group: Group, depth: number) => {
    lines.push(label(`@${group.name}:`, depth));
    for (const child of group.children) {
      if (!hosts || child.allHosts().some((h) => hosts.has(h.name))) walk(child, depth + 1);
    }
    if (group.name !== 'all') {
      for (const host of group.hosts) if (!hosts || hosts.has(host.name)) lines.push(label(host.name, depth + 1));
    }
  };
  walk(start, 0);
  return lines.join('\n');
}

/** json.dumps(value, sort_keys=True, indent=4, ensure_ascii=False) as Python writes it. */
export function pythonJson(value: InventoryValue, indent = ''): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (Object.is(value, -0)) return '-0.0';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : pythonFloatRepr(value);
  if (typeof value === 'string') return JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + pythonJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value).sort(comparePython);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${pythonJson((value as InventoryDict)[k]!, inner)}`).join(',\n')}\n${indent}}`;
}
