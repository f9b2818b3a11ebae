/**
 * Host patterns on own/patterns.ini; every expected list (and its order) is what
 * `ansible -i patterns.ini --list-hosts PATTERN` (ansible-core 2.14.18) printed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { hostSetOf, loadInventory, selectHosts } from '../../src/inventory/index.js';
import { resolvePattern, splitHostPattern } from '../../src/inventory/patterns.js';
import { FIXTURES } from './fixtures.js';

const inventory = loadInventory([join(FIXTURES, 'own', 'patterns.ini')]);
const WEB = ['web1.example.com', 'web2.example.com', 'web3.example.com', 'web4.example.com'];
const ALL = ['10.0.0.1', '2001:db8::5', ...WEB, 'db1', 'db2'];

describe('resolvePattern (as ansible --list-hosts)', () => {
  it.each([
    ['all', ALL],
    ['web', WEB],
    ['web,db', [...WEB, 'db1', 'db2']],
    ['web:db', [...WEB, 'db1', 'db2']],
    ['web:!db', WEB.slice(1)],
    ['!db:web', WEB.slice(1)],
    ['web:&db', ['web1.example.com']],
    ['prod:&db', ['web1.example.com', 'db1', 'db2']],
    ['web*', WEB],
    ['*.example.com', WEB],
    ['~web[12]', WEB.slice(0, 2)],
    ['~^db', ['db1', 'db2', 'web1.example.com']],
    ['web[0]', [WEB[0]]],
    ['web[-1]', [WEB[3]]],
    ['web[1:2]', WEB.slice(1, 3)],
    ['web[2:]', WEB.slice(2)],
    ['web[1-2]', WEB.slice(1, 3)],
    ['prod[0:1]', WEB.slice(0, 2)],
    ['db1,10.0.0.1', ['db1', '10.0.0.1']],
    ['2001:db8::5', ['2001:db8::5']],
    ['db?', ['db1', 'db2']],
    ['all:!prod', ['10.0.0.1', '2001:db8::5']],
    ['&web', WEB],
    ['empty', []],
  ])('%s', (pattern, expected) => {
    expect(resolvePattern(inventory.data, pattern)).toEqual(expected);
  });

  it('refuses a pattern that names nothing, where Ansible only warns', () => {
    expect(() => resolvePattern(inventory.data, 'web,nothing')).toThrow(/'nothing' matches no host or group/);
    expect(() => resolvePattern(inventory.data, 'web[9]')).toThrow(UserError);
  });

  it('refuses a glob or regex JavaScript cannot compile, without a stack trace', () => {
    expect(() => resolvePattern(inventory.data, 'w[z-a]')).toThrow(/not a valid glob/);
    expect(() => resolvePattern(inventory.data, '~web(')).toThrow(/not a valid regular expression/);
  });
});

describe('splitHostPattern', () => {
  it('keeps IPv6 addresses and ranges whole, splits on colons otherwise', () => {
    expect(splitHostPattern('2001:db8::5')).toEqual(['2001:db8::5']);
    expect(splitHostPattern('web[1:2]')).toEqual(['web[1:2]']);
    expect(splitHostPattern('a:b:!c')).toEqual(['a', 'b', '!c']);
    expect(splitHostPattern(' a , b ,')).toEqual(['a', 'b']);
  });
});

describe('selectHosts (--limit)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inventory-limit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns hosts in inventory order whatever the pattern order', () => {
    expect(selectHosts(inventory, 'db2,web1.example.com,10.0.0.1')).toEqual(['10.0.0.1', 'web1.example.com', 'db2']);
  });

  it('reads @file patterns, one per line', () => {
    const file = join(dir, 'limit.txt');
    writeFileSync(file, 'db1\n\n~web[34]\n');
    expect(selectHosts(inventory, `@${file}`)).toEqual(['web3.example.com', 'web4.example.com', 'db1']);
    expect(hostSetOf(inventory, `@${file}`)).toEqual(new Set(['web3.example.com', 'web4.example.com', 'db1']));
  });

  it('is a UserError when nothing is selected', () => {
    expect(() => selectHosts(inventory, 'empty')).toThrow(/matches no hosts/);
    expect(() => selectHosts(inventory, `@${join(dir, 'missing')}`)).toThrow(/does not exist/);
  });
});
