/**
 * The Calico version through the real CLI: `audit` judges (and names) the release the
 * inventory or --calico-version asks for, refuses hosts that disagree before connecting to
 * any, and `checks --calico-version` lists that release's requirements.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/core/result.js';
import { CHECKS } from '../../src/checks/catalogue.js';
import { profileFor } from '../../src/checks/index.js';
import { runCli } from '../support/cli.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'cpf-calico-version-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function inventory(name: string, text: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
}

describe('audit --calico-version', () => {
  let run: Awaited<ReturnType<typeof runCli>>;
  let result: AuditResult;
  const json = path.join(scratch, 'local.json');
  const junit = path.join(scratch, 'local.xml');

  beforeAll(async () => {
    // kubespray's own variable and value style; both hosts agree.
    const hosts = inventory('local.ini', '[nodes]\nlocal-a ansible_connection=local calico_version=v3.31.2\nlocal-b ansible_connection=local calico_version=3.31\n');
    run = await runCli(['audit', '-i', hosts, '--json', json, '--junit', junit, '--html', path.join(scratch, 'local.html')]);
    result = JSON.parse(readFileSync(json, 'utf8')) as AuditResult;
  });

  it('records the release and its page in the result, and on every host', () => {
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(result.profile).toEqual({ version: '3.31', requirementsUrl: 'https://docs.tigera.io/calico/3.31/getting-started/kubernetes/requirements' });
    for (const host of result.hosts) {
      expect(host.settings.calicoVersion).toBe('3.31');
      expect(host.settingsSources?.calicoVersion).toBe('inventory calico_version');
    }
  });

  it("judges by that release's pages", () => {
    const distro = result.hosts[0]!.findings.find((finding) => finding.check === 'node.distro')!;
    // On Debian 12 (this project's machines) it passes as "Debian 10 or later", which no v3.22 list has.
    const v331List = profileFor('3.31').distributions.value.map((rule) => rule.label);
    if (distro.status === 'pass') expect(v331List.some((label) => distro.summary.endsWith(`as ${label}.`))).toBe(true);
    else expect(distro.summary).toContain("Calico v3.31's tested list");
  });

  it('names the release in the terminal summary and the JUnit properties', () => {
    expect(run.stdout).toContain('Judged against the Calico v3.31 requirements: https://docs.tigera.io/calico/3.31/getting-started/kubernetes/requirements');
    expect(readFileSync(junit, 'utf8')).toContain('<property name="calico.release" value="Calico v3.31"/>');
  });

  it('records v3.22 by default', async () => {
    const out = path.join(scratch, 'default.json');
    const defaults = await runCli(['audit', '-i', inventory('default.ini', '[nodes]\nlocal-a ansible_connection=local\n'), '--json', out, '--quiet']);
    expect(defaults.stderr).not.toMatch(/\n\s+at /);
    const saved = JSON.parse(readFileSync(out, 'utf8')) as AuditResult;
    expect(saved.profile?.version).toBe('3.22');
    expect(saved.hosts[0]!.settings.calicoVersion).toBeUndefined();
  });
});

describe('audit with hosts that disagree on the Calico version', () => {
  const hosts = () =>
    inventory(
      'disagree.ini',
      '[nodes]\nnode-a ansible_host=198.18.255.1 calico_version=v3.28.1\nnode-b ansible_host=198.18.255.2 calico_version=3.28\nnode-c ansible_host=198.18.255.3\n',
    );

  it('stops before connecting, in one sentence naming the versions and the hosts', async () => {
    const run = await runCli(['audit', '-i', hosts(), '--json', path.join(scratch, 'never.json'), '--quiet']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'calico-preflight: The hosts ask for different Calico versions, 3.28 (node-a, node-b), 3.22 (node-c): an audit judges one Calico release, so set calico_version alike for all of them, pass --calico-version, or audit each cluster on its own with --limit.\n',
    );
  });

  it('refuses a release without a profile, naming the host and variable', async () => {
    const run = await runCli(['audit', '-i', inventory('unknown.ini', '[nodes]\nnode-a ansible_host=198.18.255.1 calico_version=v3.27.3\n'), '--quiet']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^calico-preflight: host node-a: variable calico_version must be a Calico release with a requirement profile, 3\.22, 3\.28, .* \(got "v3\.27\.3"\)\.\n$/);
  });
});

describe('checks --calico-version', () => {
  it('lists the requirement texts and pages of that release', async () => {
    const run = await runCli(['checks', '--calico-version', 'v3.31.0', '--json']);
    const listed = JSON.parse(run.stdout) as { id: string; requirement: string; docUrl: string }[];
    expect(listed.map((entry) => entry.id)).toEqual(CHECKS.map((check) => check.id));
    expect(listed.find((entry) => entry.id === 'node.kernel')!.requirement).toMatch(/the page asks for 5\.10 or later/);
    expect(listed.find((entry) => entry.id === 'k8s.version')!.requirement).toBe('Kubernetes v1.32, v1.33, v1.34 or v1.35 (tested); v1.21 may work untested; v1.20 and older do not work.');
    for (const entry of listed) expect(entry.docUrl, entry.id).toMatch(/^https:\/\/docs\.tigera\.io\/calico\/3\.31\//);
  });

  it('refuses an unknown release in one sentence', async () => {
    const run = await runCli(['checks', '--calico-version', '3.27']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('calico-preflight: Unknown Calico version "3.27": requirement profiles exist for 3.22, 3.28, 3.29, 3.30, 3.31, 3.32 (write it as 3.28, v3.28 or 3.28.2).\n');
  });
});
