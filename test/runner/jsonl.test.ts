import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { UserError } from '../../src/core/errors.js';
import type { HostResult } from '../../src/core/result.js';
import { openJsonlWriter } from '../../src/runner/jsonl.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cpf-jsonl-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function host(name: string, stdout: string): HostResult {
  return {
    name, address: '127.0.0.1', port: 22, status: 'ok', transport: 'ssh', timings: { totalMs: 5 },
    settings: DEFAULT_SETTINGS, raw: { uname: { stdout, exitCode: 0, truncated: false } }, findings: [],
  };
}

describe('openJsonlWriter', () => {
  it('has each host on disk, one parseable line each, as soon as it is written', () => {
    const path = join(tempDir(), 'run.jsonl');
    const writer = openJsonlWriter(path);
    writer.write(host('a', 'Linux a\nline "two" ünïcode'));
    // Before close: an interrupted run keeps what finished.
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(2);
    writer.write(host('b', 'x'.repeat(200_000)));
    writer.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as HostResult).name)).toEqual(['a', 'b']);
    expect((JSON.parse(lines[0]!) as HostResult).raw?.['uname']?.stdout).toBe('Linux a\nline "two" ünïcode');
  });

  it('replaces an earlier file of the same name', () => {
    const path = join(tempDir(), 'run.jsonl');
    const first = openJsonlWriter(path);
    first.write(host('old', ''));
    first.close();
    const writer = openJsonlWriter(path);
    writer.write(host('new', ''));
    writer.close();
    expect(readFileSync(path, 'utf8')).toMatch(/^\{"name":"new"[^\n]*\n$/);
  });

  it('says which path it cannot write, as a user error', () => {
    const path = join(tempDir(), 'missing-dir', 'run.jsonl');
    expect(() => openJsonlWriter(path)).toThrow(UserError);
    expect(() => openJsonlWriter(path)).toThrow(`Cannot write --jsonl ${path}: no such file or directory.`);
  });
});
