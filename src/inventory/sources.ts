/**
 * Which reader handles an inventory source, in ansible-core 2.14's plugin order: a
 * comma-separated host list (`-i 'a,b,'`), a directory (its files in sorted order), then for a
 * file the yaml plugin (for .yml/.yaml/.json and names without extension) and the ini plugin
 * when yaml declines. A file both refuse is an error here, not Ansible's warning.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { FileLineError } from '../core/errors.js';
import { parseAddress } from './host-range.js';
import { readIniInventory } from './ini.js';
import type { InventoryData } from './model.js';
import { readYamlInventory, YamlInventoryError } from './yaml.js';

const YAML_EXTENSIONS = new Set(['', '.yaml', '.yml', '.json']);
// Directory entries Ansible skips (INVENTORY_IGNORE_EXTS and IGNORED_ALWAYS in inventory/manager.py).
const IGNORED_IN_DIRECTORY = /^\.|^host_vars$|^group_vars$|^vars_plugins$|(?:\.pyc|\.pyo|\.swp|\.bak|~|\.rpm|\.md|\.txt|\.rst|\.orig|\.ini|\.cfg|\.retry)$/;

export function readSource(inventory: InventoryData, source: string): void {
  if (!readEntry(inventory, source)) {
    throw new FileLineError(source, undefined, 'no inventory file in this directory (Ansible skips hidden files and .ini, .cfg, .md, .txt, .rst, .bak, .orig, .retry ones here)');
  }
}

/** Reads one -i source or directory entry; false for a directory that held no inventory. */
function readEntry(inventory: InventoryData, source: string): boolean {
  let stats;
  try {
    stats = statSync(source);
  } catch (error) {
    if (source.includes(',')) {
      readHostList(inventory, source);
      return true;
    }
    throw new FileLineError(source, undefined, `cannot read inventory: ${(error as Error).message}`);
  }
  if (stats.isDirectory()) {
    const entries = readdirSync(source).sort().filter((entry) => !IGNORED_IN_DIRECTORY.test(entry));
    return entries.map((entry) => readEntry(inventory, join(source, entry))).some(Boolean);
  }
  readFile(inventory, source);
  return true;
}

/** The host_list plugin: `-i 'web1,web2:2222,'`. */
function readHostList(inventory: InventoryData, list: string): void {
  for (const item of list.split(',').map((h) => h.trim())) {
    if (!item) continue;
    const address = parseAddress(item);
    const withoutRange = address && !address.host.includes('[') ? address : undefined;
    const name = withoutRange ? withoutRange.host : item;
    if (!inventory.hosts.has(name)) inventory.addHost(name, 'ungrouped', withoutRange?.port);
  }
}

function readFile(inventory: InventoryData, file: string): void {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new FileLineError(file, undefined, `cannot read inventory: ${(error as Error).message}`);
  }
  let yamlError: YamlInventoryError | undefined;
  if (YAML_EXTENSIONS.has(extname(file))) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      readYamlInventory(inventory, text, file);
      return;
    } catch (error) {
      if (error instanceof YamlInventoryError) yamlError = error;
      else if (!(error instanceof TypeError)) throw error;
    }
  }
  try {
    readIniInventory(inventory, decodeIniText(bytes, file), file);
  } catch (error) {
    // Both refused: a .yml/.yaml/.json file, or a YAML mapping, is best explained by the YAML error.
    if (yamlError && (extname(file) !== '' || yamlError.looksLikeYaml)) {
      throw new FileLineError(file, yamlError.line, yamlError.message);
    }
    throw error;
  }
}

/**
 * UTF-8 text of an INI inventory. Like Ansible, bytes that are not UTF-8 are tolerated in
 * comment lines only (https://github.com/ansible/ansible/issues/17593).
 */
function decodeIniText(bytes: Buffer, file: string): string {
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return strict.decode(bytes);
  } catch {
    const lines = bytes.toString('latin1').split(/\r\n|\r|\n/);
    return lines
      .map((line, i) => {
        if (line[0] === '#' || line[0] === ';') return '';
        try {
          return strict.decode(Buffer.from(line, 'latin1'));
        } catch {
          throw new FileLineError(file, i + 1, 'line is not valid UTF-8');
        }
      })
      .join('\n');
  }
}
