import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/core/result.js';
import { writeResultJson } from '../../src/report/json-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cpf-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixtures = path.resolve(import.meta.dirname, '../fixtures/results');

describe('writeResultJson', () => {
  for (const name of ['fleet.json', 'personality-fleet.json']) {
    it(`writes ${name} back as the same JSON, one host per line`, () => {
      const result = JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')) as AuditResult;
      const out = path.join(dir, name);
      writeResultJson(out, result);
      const text = readFileSync(out, 'utf8');
      expect(JSON.parse(text)).toEqual(result);
      const hostLines = text.split('\n').filter((line) => line.startsWith('    {"name":'));
      expect(hostLines).toHaveLength(result.hosts.length);
    });
  }

  it('keeps an empty fleet valid', () => {
    const result = JSON.parse(readFileSync(path.join(fixtures, 'fleet.json'), 'utf8')) as AuditResult;
    const empty = { ...result, hosts: [], fleet: [] };
    const out = path.join(dir, 'empty.json');
    writeResultJson(out, empty);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(empty);
  });

  it('says which file it cannot write', () => {
    expect(() => writeResultJson(path.join(dir, 'missing', 'x.json'), { hosts: [], fleet: [] } as unknown as AuditResult)).toThrow(
      /cannot write --json .*missing\/x\.json: ENOENT/,
    );
  });
});
