/** `calico-preflight fix` as a user runs it: the files it writes, and one sentence for each way it refuses. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeResultJson } from '../../src/report/json-file.js';
import { healthyHost } from '../checks/facts.js';
import { runCli } from '../support/cli.js';
import { host, nmAndFirewalld, result, ufwEnabled } from './results.js';

const dir = mkdtempSync(path.join(tmpdir(), 'calico-fix-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixableJson = path.join(dir, 'fixable.json');
writeResultJson(fixableJson, result([host('centos-1', nmAndFirewalld()), host('ubuntu-1', ufwEnabled()), host('healthy-1', healthyHost())]));
const readyJson = path.join(dir, 'ready.json');
writeResultJson(readyJson, result([host('healthy-1', healthyHost())]));

describe('calico-preflight fix', () => {
  it('writes the playbook and the scripts, says what it wrote, and changes nothing else', async () => {
    const playbook = path.join(dir, 'fix.yml');
    const scripts = path.join(dir, 'scripts');
    const run = await runCli(['fix', fixableJson, '--playbook', playbook, '--script', scripts]);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toBe(
      `wrote ${playbook}: 2 play(s) for 2 host(s)\nwrote 2 script(s) for 2 host(s) to ${scripts} (hosts.txt says which host runs which)\n`,
    );
    expect(readFileSync(playbook, 'utf8')).toMatch(/^# Ansible playbook written by calico-preflight/);
    expect(readdirSync(scripts).sort()).toEqual(['fix-group-1.sh', 'fix-group-2.sh', 'hosts.txt']);
    expect(statSync(path.join(scripts, 'fix-group-1.sh')).mode & 0o777).toBe(0o755);
  });

  it('refuses to overwrite a playbook or fill a used directory, unless --force', async () => {
    const playbook = path.join(dir, 'taken.yml');
    writeFileSync(playbook, 'mine\n');
    const refused = await runCli(['fix', fixableJson, '--playbook', playbook]);
    expect(refused).toMatchObject({ code: 2, stderr: `calico-preflight: ${playbook} already exists; remove it, choose another name, or pass --force\n` });
    expect(readFileSync(playbook, 'utf8')).toBe('mine\n');

    const scripts = path.join(dir, 'used');
    mkdirSync(scripts);
    writeFileSync(path.join(scripts, 'notes.txt'), 'keep\n');
    writeFileSync(path.join(scripts, 'fix-group-7.sh'), 'stale\n');
    expect(await runCli(['fix', fixableJson, '--script', scripts])).toMatchObject({
      code: 2,
      stderr: `calico-preflight: ${scripts} already exists and is not empty; remove it, choose another directory, or pass --force\n`,
    });
    expect((await runCli(['fix', fixableJson, '--playbook', playbook, '--script', scripts, '--force'])).code).toBe(0);
    expect(readFileSync(playbook, 'utf8')).not.toBe('mine\n');
    // Earlier scripts go, other files stay.
    expect(readdirSync(scripts).sort()).toEqual(['fix-group-1.sh', 'fix-group-2.sh', 'hosts.txt', 'notes.txt']);
  });

  it('says in one sentence when nothing can be fixed, and writes nothing (exit 1)', async () => {
    const playbook = path.join(dir, 'nothing.yml');
    expect(await runCli(['fix', readyJson, '--playbook', playbook])).toMatchObject({
      code: 1,
      stderr: `calico-preflight: ${readyJson} has no finding that configuration can fix, so nothing was written\n`,
    });
    expect(() => statSync(playbook)).toThrow();
  });

  it('says in one sentence what is wrong with its input', async () => {
    expect(await runCli(['fix', path.join(dir, 'nope.json'), '--playbook', path.join(dir, 'x.yml')])).toMatchObject({
      code: 2,
      stderr: `calico-preflight: cannot read ${path.join(dir, 'nope.json')}: no such file\n`,
    });
    expect(await runCli(['fix', fixableJson])).toMatchObject({
      code: 2,
      stderr: 'calico-preflight: name what to write: --playbook FILE, --script DIR, or both\n',
    });
  });
});
