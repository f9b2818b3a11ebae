/**
 * Our reader against what ansible-inventory (ansible-core 2.14.18) printed for every corpus
 * inventory and every case of our own: --list equal as parsed JSON (and as text where Python
 * and JavaScript format numbers alike), --graph equal as text, and every file Ansible could
 * not use refused with FILE:LINE.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FileLineError } from '../../src/core/errors.js';
import { loadInventory, renderGraph, renderList } from '../../src/inventory/index.js';
import { corpusCases, ownCases, parsePythonJson, type InventoryCase } from './fixtures.js';

/**
 * Lines of negative cases whose Ansible error names no line. Ansible's range errors come
 * from expand_hostname_range without one (we name the host's line). Values that are Python
 * complex numbers, sets, Ellipsis or dicts with tuple keys are accepted by Ansible's INI
 * reader but make ansible-inventory crash with "Object of type complex is not JSON
 * serializable" when it prints them; we refuse them with the line of the value instead, when
 * they reach a host's variables (as Ansible, which only fails when printing them).
 */
const LINE_OF_ERROR: Record<string, number> = {
  'ansible-inventory-ini-types/inventory.ini': 10, // value_complex=1j
  'ansible-range-alpha-end-before-beg/test_alpha_end_before_beg': 2,
  'ansible-range-incorrect-format/test_incorrect_format': 2,
  'ansible-range-incorrect-range/test_incorrect_range': 2,
  'ansible-range-missing-end/test_missing_end': 2,
  'own/byte-order-mark.ini': 1,
  'own/children-loop.ini': 4,
  'own/dict-tuple-key.ini': 2,
  'own/dict-unhashable-key.ini': 2,
  'own/numbers-underscores-complex.ini': 2,
  'own/priority-not-integer.ini': 4,
  'own/range-letter-step-zero.ini': 2,
  'own/range-step-not-number.ini': 2,
  'own/range-unequal-padding.ini': 2,
  'own/section-header-semicolon-comment.ini': 1,
  'own/set-values.ini': 2,
  'own/trailing-colon.ini': 2,
  'own/yaml-child-not-mapping.yml': 3,
  'own/yaml-document-marker.ini': 2,
  'own/yaml-host-vars-string.yml': 3,
  'own/yaml-hosts-list.yml': 2,
  'own/yaml-integer-host.yml': 3,
  'own/yaml-plugin-config.yml': 1,
  'own/yaml-syntax-error.yml': 3,
};

/**
 * The line Ansible's own message gives (`FILE:LINE: ...`), else the table above. Ansible wraps
 * its warnings at 80 columns, also inside file names, so whitespace is ignored.
 */
function expectedLine(c: InventoryCase): number | undefined {
  const file = c.name.split('/').pop()!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${file}:(\\d+):`).exec(c.ansibleError!.replace(/\s+/g, ''));
  return m ? Number(m[1]) : LINE_OF_ERROR[c.name];
}

function errorOf(action: () => unknown): FileLineError {
  try {
    action();
  } catch (error) {
    if (error instanceof FileLineError) return error;
    throw error;
  }
  throw new Error('expected a FileLineError, but the inventory was accepted');
}

function check(c: InventoryCase): void {
  if (c.list !== undefined) {
    const inventory = loadInventory([c.path]);
    expect(parsePythonJson(renderList(inventory))).toEqual(c.list);
    if (c.graph !== undefined) expect(`${renderGraph(inventory)}\n`).toBe(c.graph);
    return;
  }
  const line = expectedLine(c);
  expect(line, `expected error line for ${c.name}`).toBeTypeOf('number');
  const error = errorOf(() => renderList(loadInventory([c.path])));
  expect(error.file).toBe(c.path);
  expect(error.line).toBe(line);
  expect(error.message.startsWith(`${c.path}:${line}: `)).toBe(true);
}

describe('corpus inventories equal ansible-inventory', () => {
  const cases = corpusCases();
  it('has every corpus case (60, 8 of them negative)', () => {
    expect(cases).toHaveLength(60);
    expect(cases.filter((c) => c.list === undefined)).toHaveLength(8);
  });
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => check(c));
});

describe('our own tricky inventories equal ansible-inventory', () => {
  it.each(ownCases().map((c) => [c.name, c] as const))('%s', (_name, c) => check(c));
});

describe('text output', () => {
  it('prints --list exactly as ansible-inventory when no float is involved', () => {
    for (const c of corpusCases()) {
      if (c.list === undefined || c.name.includes('inv_with_int')) continue;
      expect(`${renderList(loadInventory([c.path]))}\n`, c.name).toBe(readFileSync(`${c.path}.ansible-list.json`, 'utf8'));
    }
  });

  it('keeps integers beyond 2^53 exact, as Python prints them', () => {
    for (const name of ['big-integers.ini', 'yaml-big-integers.yml', 'json-big-integer.json']) {
      const c = ownCases().find((o) => o.name === `own/${name}`)!;
      expect(`${renderList(loadInventory([c.path]))}\n`, name).toBe(readFileSync(`${c.path}.ansible-list.json`, 'utf8'));
    }
  });
});
