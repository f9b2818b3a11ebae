/**
 * The layering of .dependency-cruiser.cjs holds for src/: no import cycles, each folder
 * imports only the layers below it, checks and parsers stay pure. The same rules run on a
 * small tree that breaks each of them, so the check itself is known to bite.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

async function cruise(cwd: string): Promise<string[]> {
  const cli = path.join(ROOT, 'node_modules/.bin/depcruise');
  const args = ['src', '--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'];
  const { stdout } = await run(cli, args, { cwd, maxBuffer: 64 * 1024 * 1024 }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const report = JSON.parse(stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return report.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

describe('module layering', () => {
  it('src/ has no cycle, no import against the layers, no I/O in checks or parsers', async () => {
    expect(await cruise(ROOT)).toEqual([]);
  }, 60_000);

  it('reports a cycle, an upward import and file access in a check', async () => {
    const violations = await cruise(path.join(import.meta.dirname, 'fixtures/cycle'));
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-circular: src\/(core\/a|checks\/b)\.ts -> /),
        'core-layer: src/core/a.ts -> src/checks/b.ts',
        'pure-checks-and-parsers: src/checks/b.ts -> fs',
      ]),
    );
  }, 60_000);
});
