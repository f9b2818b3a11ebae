/**
 * The inventory fixtures: the shared corpus (one inventory per directory, see SOURCES.md) and
 * our own tricky cases in own/ (flat), each with what ansible-core 2.14's ansible-inventory
 * printed for it: <file>.ansible-list.json and .ansible-graph.txt, or .ansible-error.txt when
 * Ansible could not use the file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/inventories/', import.meta.url));

export interface InventoryCase {
  /** Path relative to the repository root, as a user would type it. */
  path: string;
  name: string;
  list?: unknown;
  graph?: string;
  ansibleError?: string;
}

/** JSON.parse that also reads Python's Infinity, -Infinity and NaN. */
export function parsePythonJson(text: string): unknown {
  const marked = text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (token) =>
    token.startsWith('"') ? token : `{"__python_float__": "${token}"}`,
  );
  return JSON.parse(marked, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && '__python_float__' in value
      ? Number((value as { __python_float__: string }).__python_float__)
      : value,
  );
}

const isInventory = (file: string) => !file.includes('.ansible-') && !file.endsWith('.md');

function caseFor(dir: string, file: string): InventoryCase {
  const full = join(dir, file);
  const read = (suffix: string) => (existsSync(full + suffix) ? readFileSync(full + suffix, 'utf8') : undefined);
  const list = read('.ansible-list.json');
  return {
    path: full,
    name: join(basename(dir), file),
    list: list === undefined ? undefined : parsePythonJson(list),
    graph: read('.ansible-graph.txt'),
    ansibleError: read('.ansible-error.txt'),
  };
}

export function corpusCases(): InventoryCase[] {
  return readdirSync(FIXTURES)
    .filter((d) => d !== 'LICENSES' && d !== 'own' && statSync(join(FIXTURES, d)).isDirectory())
    .flatMap((d) => readdirSync(join(FIXTURES, d)).filter(isInventory).map((f) => caseFor(join(FIXTURES, d), f)));
}

export function ownCases(): InventoryCase[] {
  const dir = join(FIXTURES, 'own');
  return readdirSync(dir).filter(isInventory).map((f) => caseFor(dir, f));
}
