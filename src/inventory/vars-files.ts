/**
 * `group_vars/` and `host_vars/` next to an inventory source, as ansible-core 2.14's
 * host_group_vars plugin finds them: `group_vars/NAME` with no extension or .yml/.yaml/.json
 * (the first that exists), or every such file under the directory `group_vars/NAME/`, in
 * sorted order, hidden files and `~` backups skipped.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { FileLineError } from '../core/errors.js';
import { locateUnrepresentable, newDict, type InventoryDict } from './values.js';
import { loadYamlData, toInventoryValue, truthy, YamlMap, YamlSyntaxError } from './yaml-values.js';

const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory();

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .filter((name) => !name.startsWith('.') && !name.endsWith('~'))
    .flatMap((name) => {
      const path = join(dir, name);
      const ext = extname(name);
      if (isDirectory(path)) return ext ? [] : filesUnder(path);
      return !ext || EXTENSIONS.includes(ext) ? [path] : [];
    });
}

function varsFilesFor(dir: string, name: string): string[] {
  for (const ext of EXTENSIONS) {
    const path = join(dir, name + ext);
    if (existsSync(path)) return isDirectory(path) ? filesUnder(path) : [path];
  }
  return [];
}

function loadVarsFile(path: string): InventoryDict {
  let data;
  try {
    data = loadYamlData(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof YamlSyntaxError) throw new FileLineError(path, error.line, `not valid YAML: ${error.message}`);
    throw new FileLineError(path, undefined, `cannot read variables file: ${(error as Error).message}`);
  }
  if (!truthy(data)) return newDict();
  if (!(data instanceof YamlMap)) throw new FileLineError(path, 1, 'a variables file must hold a mapping of variable names');
  const vars = toInventoryValue(data) as InventoryDict;
  for (const entry of data.entries) locateUnrepresentable(vars[entry.keyText]!, path, entry.line);
  return vars;
}

/** The variables files beside the inventory sources given with -i. */
export class AdjacentVars {
  private readonly baseDirs: string[];
  private readonly cache = new Map<string, InventoryDict>();

  constructor(sources: string[]) {
    this.baseDirs = sources
      .filter((source) => existsSync(source))
      .map((source) => (isDirectory(source) ? source : dirname(source)));
  }

  private collect(subdir: 'group_vars' | 'host_vars', names: string[]): InventoryDict {
    const merged: InventoryDict = newDict();
    for (const base of this.baseDirs) {
      const dir = join(base, subdir);
      if (!isDirectory(dir)) continue;
      const real = realpathSync(dir);
      for (const name of names) {
        // Ansible skips names that look like absolute paths ("chroot" inventories).
        if (name.startsWith('/')) continue;
        for (const file of varsFilesFor(real, name)) {
          if (!this.cache.has(file)) this.cache.set(file, loadVarsFile(file));
          Object.assign(merged, this.cache.get(file));
        }
      }
    }
    return merged;
  }

  /** Variables of these groups, merged in the order given (source by source). */
  groups(names: string[]): InventoryDict {
    return this.collect('group_vars', names);
  }

  host(name: string): InventoryDict {
    return this.collect('host_vars', [name]);
  }
}
