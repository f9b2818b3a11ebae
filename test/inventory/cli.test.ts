/** `calico-preflight inventory` run as a real process: output, exit codes, one-line errors. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'inventory-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'inventory', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const fixture = (...parts: string[]) => relative(ROOT, join(FIXTURES, ...parts));

function expectOneLineError(run: ReturnType<typeof cli>, pattern: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('calico-preflight inventory', { timeout: 120_000 }, () => {
  it('--list prints what ansible-inventory --list prints', () => {
    const file = fixture('kolla-ansible-multinode', 'multinode');
    const run = cli('-i', file, '--list');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(`${file}.ansible-list.json`, 'utf8'));
  });

  it('--graph and --graph GROUP print the group tree', () => {
    const file = fixture('ansible-examples-hadoop', 'hosts');
    expect(cli('-i', file, '--graph').stdout).toBe(readFileSync(`${file}.ansible-graph.txt`, 'utf8'));
    const web = cli('-i', fixture('own', 'patterns.ini'), '--graph', 'prod');
    expect(web.stdout.split('\n')[0]).toBe('@prod:');
    expect(web.stdout).toContain('  |  |--web4.example.com');
  });

  it('--host prints the merged variables of one host', () => {
    const run = cli('-i', fixture('own', 'three-level-precedence.ini'), '--host', 'h2');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ v: 'c' });
  });

  it('--limit keeps the selected hosts and the groups that still hold one', () => {
    const run = cli('-i', fixture('own', 'patterns.ini'), '--list', '--limit', 'web:!web1*');
    expect(run.code).toBe(0);
    const list = JSON.parse(run.stdout);
    expect(list.web.hosts).toEqual(['web2.example.com', 'web3.example.com', 'web4.example.com']);
    expect(list.db).toBeUndefined();
    expect(list.all.children).toEqual(['prod']);
    expect(list.prod.children).toEqual(['web']);
  });

  it.each([
    ['an unknown section type', 'unknown-section-type.ini', 1],
    ['a bare word on a host line', 'bare-word-on-host-line.ini', 2],
    ['an undefined child group', 'undefined-child-two-parents.ini', 2],
    ['an unbalanced quote', 'unbalanced-quote.ini', 2],
    ['an invalid range', 'range-unequal-padding.ini', 2],
  ])('exits 2 with FILE:LINE for %s', (_what, name, line) => {
    const file = fixture('own', name);
    expectOneLineError(cli('-i', file, '--list'), new RegExp(`^calico-preflight: ${file}:${line}: `));
  });

  it('exits 2 naming an unreadable file', () => {
    const file = join(dir, 'unreadable.ini');
    writeFileSync(file, '[g]\nh\n', { mode: 0o000 });
    const missing = cli('-i', join(dir, 'missing.ini'), '--list');
    expectOneLineError(missing, /missing\.ini: cannot read inventory/);
    if (process.getuid?.() !== 0) expectOneLineError(cli('-i', file, '--list'), /unreadable\.ini: cannot read inventory/);
  });

  it('exits 2 on usage errors', () => {
    const file = fixture('own', 'patterns.ini');
    expectOneLineError(cli('-i', file), /exactly one of --list, --graph/);
    expectOneLineError(cli('-i', file, '--list', '--host', 'db1'), /exactly one of --list, --graph/);
    expectOneLineError(cli('-i', file, '--graph', 'nosuchgroup'), /no group 'nosuchgroup'/);
    expectOneLineError(cli('-i', file, '--host', 'web'), /exactly one host; 'web' matches 4/);
    expectOneLineError(cli('-i', file, '--list', '--limit', 'nothing'), /'nothing' matches no host or group/);
  });
});
