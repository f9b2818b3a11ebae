/**
 * Typing of INI values: each expectation was checked against Python 3.11's ast.literal_eval
 * followed by Ansible's to_text(nonstring='passthru') and json.dumps.
 */
import { describe, expect, it } from 'vitest';
import { LiteralTypeError, pythonFloatRepr, pythonLiteralValue } from '../../src/inventory/python-literal.js';
import { findUnrepresentable } from '../../src/inventory/values.js';

const typed = (text: string) => pythonLiteralValue(text);

describe('pythonLiteralValue', () => {
  it.each([
    ['True', true],
    ['False', false],
    ['None', null],
    ['23', 23],
    ['-5', -5],
    ['+5', 5],
    ['- 5', -5],
    ['1_000', 1000],
    ['0_0', 0],
    ['00', 0],
    ['0x1F', 31],
    ['0o17', 15],
    ['0b101', 5],
    ['1.10', 1.1],
    ['1e3', 1000],
    ['1.e5', 100000],
    ['.5', 0.5],
    ['5.', 5],
    ['12345678901234567890', 12345678901234567890n],
    ["'single'", 'single'],
    ['"double"', 'double'],
    ["'a' 'b'", 'ab'],
    ["'''tri'''", 'tri'],
    ["b'x'", 'x'],
    ["u'x'", 'x'],
    ["r'\\n'", '\\n'],
    ["'\\n\\t\\x41\\101'", '\n\tAA'],
    ["'\\u00e9'", 'é'],
    ["'\\q'", '\\q'],
    ['(1)', 1],
    ['1 # a Python comment', 1],
    ['"a" # comment', 'a'],
  ])('types %s', (text, expected) => {
    expect(typed(text)).toEqual(expected);
  });

  it.each([
    ['1,2', [1, 2]],
    ['1,', [1]],
    ['()', []],
    ['(1,)', [1]],
    ['[1, 2,]', [1, 2]],
    ["[1, [2, {'x': None}]]", [1, [2, { x: null }]]],
    ['{}', {}],
    ["{'a': 1, 'b': [1, 2]}", { a: 1, b: [1, 2] }],
    ["{'a': 1, 'a': 2}", { a: 2 }],
    ["{1: 'a', True: 'b'}", { '1': 'b' }],
    ["{True: 'a', 1: 'b'}", { true: 'b' }],
    ['{1.5: 2}', { '1.5': 2 }],
    ['{None: 1}', { null: 1 }],
  ])('builds containers from %s', (text, expected) => {
    expect(JSON.parse(JSON.stringify(typed(text)))).toEqual(expected);
  });

  it.each([
    'true', 'yes', '023', '0_7', '1__0', '--5', '-True', 'foo # comment', 'host-01.internal', '1.2.3.4',
    '{{ ansible_playbook_python }}', '1+2', "f'x'", "'a' b'b'", '1 2', '[', "'unterminated", "'\\x4'", '0777', '~1',
    "{'a':1}['a']", '', 'a b', "'\\N{BULLET}'",
  ])('keeps %j a string', (text) => {
    expect(typed(text)).toBe(text);
  });

  it.each(['1j', '1.5j', '1+2j', '-1-2j', '{1, 2}', 'set()', '...', '[...]', "[b'x']", '{(1, 2): 3}'])(
    'marks %s as a value JSON cannot carry',
    (text) => {
      expect(findUnrepresentable(typed(text))).toBeDefined();
    },
  );

  it('raises the TypeError Python raises for unhashable keys and set elements', () => {
    expect(() => typed('{[1]: 3}')).toThrow(LiteralTypeError);
    expect(() => typed('{[1], 2}')).toThrow(LiteralTypeError);
  });

  it('checks the syntax of the whole value before building it', () => {
    expect(typed('{[1]: 2, 3 4}')).toBe('{[1]: 2, 3 4}');
  });
});

describe('pythonFloatRepr', () => {
  it.each([
    [1, '1.0'],
    [1.5, '1.5'],
    [1e16, '1e+16'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [123456789012345.6, '123456789012345.6'],
    [-2.5e300, '-2.5e+300'],
    [Infinity, 'Infinity'],
  ])('writes %d as %s', (value, text) => {
    expect(pythonFloatRepr(value)).toBe(text);
  });
});
