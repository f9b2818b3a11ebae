/**
 * YAML scalars typed as Ansible's loader (PyYAML, YAML 1.1 resolvers) types them; each
 * expectation was checked against ansible.parsing.dataloader.DataLoader in ansible-core 2.14.
 */
import { describe, expect, it } from 'vitest';
import { loadYamlData, toInventoryValue, YamlMap, YamlSyntaxError } from '../../src/inventory/yaml-values.js';

const value = (scalar: string) => toInventoryValue((loadYamlData(`v: ${scalar}\n`) as YamlMap).get('v')!.value);

describe('YAML 1.1 scalar typing (PyYAML)', () => {
  it.each([
    ['yes', true],
    ['No', false],
    ['ON', true],
    ['y', 'y'],
    ['~', null],
    ['', null],
    ['07', 7],
    ['010', 8],
    ['08', '08'],
    ['0x1F', 31],
    ['0b11', 3],
    ['1_000', 1000],
    ['190:20:30', 685230],
    ['1.0e+5', 100000],
    ['1.0e5', '1.0e5'],
    ['1e5', '1e5'],
    ['-.5', '-.5'],
    ['.5', 0.5],
    ['-.Inf', -Infinity],
    ['2024-01-02', '2024-01-02'],
    ['2001-12-14t21:59:43.10-05:00', '2001-12-14T21:59:43.100000-05:00'],
    ['2001-12-14 21:59:43.10-0', '2001-12-14T21:59:43.100000+00:00'],
    ['"yes"', 'yes'],
    ['!!str 12', '12'],
    ['!!int "12"', 12],
    ['!!float 1e5', 100000],
    ['!!null foo', null],
    ['! 12', 12],
    ['!!omap [{a: 1}]', [['a', 1]]],
  ])('types %j', (scalar, expected) => {
    expect(value(scalar)).toEqual(expected);
  });

  it('reads a JSON document with JSON number rules (1e5 is a float there)', () => {
    const data = loadYamlData('{"v": 1e5, "w": "yes"}') as YamlMap;
    expect(toInventoryValue(data)).toEqual({ v: 100000, w: 'yes' });
  });

  it('keeps the first place and the last value of a repeated key, as a Python dict does', () => {
    const data = loadYamlData('a: 1\nb: 2\na: 3\n') as YamlMap;
    expect(data.entries.map((e) => [e.keyText, e.value])).toEqual([['a', 3], ['b', 2]]);
  });

  it.each(['!foo bar', '!!int 1.5', '!!bool y', '!!timestamp foo', '!!str [1]'])('refuses %j as PyYAML does', (scalar) => {
    expect(() => value(scalar)).toThrow(YamlSyntaxError);
  });

  it('refuses what PyYAML cannot construct, with its line', () => {
    expect(() => loadYamlData('a: 1\nv: =\n')).toThrow(YamlSyntaxError);
    try {
      loadYamlData('a: 1\nv: =\n');
    } catch (error) {
      expect((error as YamlSyntaxError).line).toBe(2);
    }
  });
});
