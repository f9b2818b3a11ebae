import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/catalogue.js';
import { formatChecksTable } from '../../src/cli/commands/checks.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root });

describe('calico-preflight checks', () => {
  it('prints the catalogue as JSON', async () => {
    const { stdout } = await cli('checks', '--json');
    const listed = JSON.parse(stdout) as { id: string; title: string; section: string; requirement: string; scope: string }[];
    expect(listed.map((entry) => entry.id)).toEqual(CHECKS.map((check) => check.id));
    expect(listed.find((entry) => entry.id === 'fleet.mtu')).toMatchObject({ scope: 'fleet', section: 'Across the fleet' });
    expect(listed.find((entry) => entry.id === 'node.kernel')!.requirement).toBe('Linux kernel 3.10 or later.');
  });

  it('prints one tab-separated line per check when not on a terminal', async () => {
    const { stdout } = await cli('checks');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(CHECKS.length);
    expect(lines[0]!.split('\t')).toEqual(['node.arch', 'Node requirements', 'CPU architecture', 'The CPU is x86-64, arm64, ppc64le or s390x.']);
  });

  it('prints the check reference as docs/checks.md holds it', async () => {
    const { stdout } = await cli('checks', '--markdown');
    expect(stdout).toBe(readFileSync(new URL('../../docs/checks.md', import.meta.url), 'utf8'));
    expect(stdout).toMatch(/^## node\.rp-filter$/m);
  });

  it('wraps the requirement column to the terminal width', () => {
    const table = formatChecksTable(CHECKS, 140);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^ID\s+SECTION\s+TITLE\s+REQUIREMENT$/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(140);
    for (const check of CHECKS) expect(table).toContain(check.id);
    expect(table.replace(/\s+/g, ' ')).toContain(CHECKS[0]!.requirement);
  });
});
