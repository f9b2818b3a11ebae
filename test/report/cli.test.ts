/** `report` and `diff` as a user runs them: real process, real files, exit codes. */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/core/result.js';
import { FLEET_JSON, loadFleet } from './helpers.js';
import { startSmtp } from './smtp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');
// Resolved here: the CLI runs in a temp directory, where `--import tsx` would not find it.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dir = mkdtempSync(join(tmpdir(), 'report-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', TSX, MAIN, ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function saveResult(name: string, result: AuditResult): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(result));
  return file;
}

function readyResult(): AuditResult {
  const result = loadFleet();
  result.hosts = result.hosts.filter((host) => host.name === 'node01');
  result.fleet = [];
  return result;
}

describe('calico-preflight report', () => {
  it('re-renders a saved result to HTML and JUnit, prints the summary and exits 1 when not ready', async () => {
    const run = await cli(['report', FLEET_JSON, '--html', 'out.html', '--junit', 'out.xml']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('NOT READY: 9 of 9 hosts need attention');
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stderr).toBe('wrote out.html\nwrote out.xml\n');
    expect(readFileSync(join(dir, 'out.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readFileSync(join(dir, 'out.xml'), 'utf8')).toMatch(/^<\?xml version="1.0"/);
  });

  it('writes calico-preflight-report.html by default and exits 0 for a ready fleet', async () => {
    const run = await cli(['report', saveResult('ready.json', readyResult())]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('READY: all 1 hosts meet the Calico v3.22 requirements');
    expect(existsSync(join(dir, 'calico-preflight-report.html'))).toBe(true);
  });

  it('uses partials from --template-dir', async () => {
    const templates = join(dir, 'templates');
    mkdirSync(templates);
    writeFileSync(join(templates, 'summary.hbs'), '<p id="mine">{{verdict.headline}}</p>');
    const run = await cli(['report', FLEET_JSON, '--html', 'custom.html', '--template-dir', templates]);
    expect(run.code).toBe(1);
    expect(readFileSync(join(dir, 'custom.html'), 'utf8')).toMatch(/<p id="mine"[^>]*>NOT READY — 9 of 9 hosts need attention<\/p>/);
  });

  it('mails the report with --mail-to and --smtp', async () => {
    const smtp = await startSmtp();
    try {
      const run = await cli(['report', FLEET_JSON, '--html', 'mailed.html', '--mail-to', 'ops@example.com', '--smtp', smtp.url, '--mail-from', 'me@example.net']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('mailed the report to ops@example.com');
      expect(smtp.received.map((mail) => [mail.from, mail.to])).toEqual([['me@example.net', ['ops@example.com']]]);
    } finally {
      await smtp.close();
    }
  });

  const refusals: [string, () => string, RegExp][] = [
    ['a missing file', () => join(dir, 'nope.json'), /^calico-preflight: cannot read .*nope\.json: no such file\n$/],
    ['a file that is not JSON', () => saveText('not.json', 'hello\n'), /^calico-preflight: .*not\.json is not JSON; expected a result written by "calico-preflight audit --json"\n$/],
    ['foreign JSON', () => join(ROOT, 'package.json'), /^calico-preflight: .*package\.json is not a calico-preflight result: it has no "tool" name\n$/],
    [
      'a result with a malformed host',
      () => saveText('bad-host.json', JSON.stringify({ ...loadFleet(), hosts: [{ name: 'x', status: 'sleepy', findings: [] }] })),
      /^calico-preflight: .*bad-host\.json is not a calico-preflight result: host 1 has no name or no known status\n$/,
    ],
    [
      'a shard result whose shard record is cut short',
      () => {
        const fleet = loadFleet();
        return saveText('bad-shard.json', JSON.stringify({ ...fleet, run: { ...fleet.run, shard: { index: 1, count: 2, fleetHosts: 9 } } }));
      },
      /^calico-preflight: .*bad-shard\.json is not a calico-preflight result: its "run\.shard" record is malformed\n$/,
    ],
  ];
  for (const [what, file, message] of refusals) {
    it(`refuses ${what} in one sentence with exit 2`, async () => {
      const run = await cli(['report', file(), '--html', 'never.html']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    });
  }

  it('refuses --mail-to without an SMTP server with exit 2', async () => {
    const run = await cli(['report', FLEET_JSON, '--mail-to', 'ops@example.com'], { CALICO_PREFLIGHT_SMTP: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('calico-preflight: --mail-to needs an SMTP server: pass --smtp URL or set CALICO_PREFLIGHT_SMTP\n');
  });
});

function saveText(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('calico-preflight diff', () => {
  it('exits 0 when nothing regressed', async () => {
    const run = await cli(['diff', FLEET_JSON, FLEET_JSON]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/No changes\.\n$/);
  });

  it('exits 1 when something regressed, and prints JSON with --json', async () => {
    const later = loadFleet();
    later.hosts[0]!.findings[0]!.status = 'fail';
    const file = saveResult('later.json', later);
    const text = await cli(['diff', FLEET_JSON, file]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Regressed (1):\n  node01  node.arch: pass → fail');
    const json = await cli(['diff', FLEET_JSON, file, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ regressed: true, checks: [{ kind: 'regressed', host: 'node01', check: 'node.arch' }] });
  });

  it('exits 2 on a bad input', async () => {
    const run = await cli(['diff', FLEET_JSON, join(ROOT, 'package.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')).toHaveLength(2);
  });
});
