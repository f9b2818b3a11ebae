/** The fix plan and its renderings, from results the real checks judged. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { FleetFinding } from '../../src/core/result.js';
import { buildFixPlan, renderCommands, renderPlaybook, renderScriptIndex, renderScripts } from '../../src/remediate/index.js';
import { applyWaivers } from '../../src/checks/index.js';
import { healthyHost } from '../checks/facts.js';
import { skipUnlessTools } from '../support/tools.js';
import { ebpfWithoutBpffs, host, conntrackNearlyFull, nmAndFirewalld, result, ufwEnabled, unreachable } from './results.js';
import { UNSAFE_TAG } from './yaml-tags.js';

const dir = mkdtempSync(path.join(tmpdir(), 'calico-fix-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const toolsMissing = skipUnlessTools(['/usr/bin/ansible-playbook', '/usr/bin/shellcheck'], 'apt-get install ansible shellcheck');

const duplicateNames: FleetFinding = {
  check: 'fleet.unique-hostnames',
  status: 'fail',
  summary: 'centos-1 and centos-2 both call themselves k8s-worker.',
  evidence: [],
  remediation: 'Give every host its own hostname.',
  hosts: ['centos-1', 'centos-2'],
};

function fleet() {
  return result(
    [
      host('centos-1', nmAndFirewalld()),
      host('centos-2', nmAndFirewalld()),
      host('centos-3', nmAndFirewalld(['interface-name:docker0'])),
      host('ubuntu-1', ufwEnabled()),
      host('conntrack-1', conntrackNearlyFull()),
      host('ebpf-1', ebpfWithoutBpffs(), { dataplane: 'ebpf' }),
      host('old-ebpf', healthyHost(), { dataplane: 'ebpf' }),
      host('healthy-1', healthyHost()),
      unreachable('gone-1'),
    ],
    [duplicateNames],
  );
}

interface Play {
  name: string;
  hosts: string[];
  become: boolean;
  gather_facts: boolean;
  tasks: Record<string, unknown>[];
  handlers?: Record<string, unknown>[];
}

const plays = (text: string) => parse(text, { customTags: [UNSAFE_TAG] }) as Play[];
const moduleOf = (task: Record<string, unknown>) => Object.keys(task).find((key) => key.startsWith('ansible.builtin.'));

describe('the fix plan', () => {
  const plan = buildFixPlan(fleet(), 'result.json');

  it('groups hosts with the same fixes, in the result order of their hosts', () => {
    expect(plan.groups.map((group) => group.hosts)).toEqual([['centos-1', 'centos-2'], ['centos-3'], ['ubuntu-1'], ['conntrack-1'], ['ebpf-1']]);
    expect(plan.groups[0]!.fixes.map(({ check, fix }) => `${check} ${fix.kind}`)).toEqual([
      'node.networkmanager write-file',
      'node.firewall stop-disable-service',
    ]);
    expect(plan.groups[2]!.fixes.map(({ fix }) => fix)).toEqual([{ kind: 'disable-ufw' }, { kind: 'stop-disable-service', unit: 'ufw' }]);
  });

  it("carries a host's own unmanaged-devices entries into its calico.conf", () => {
    const [own] = plan.groups[1]!.fixes;
    expect(own?.fix).toMatchObject({ kind: 'write-file', content: expect.stringContaining(';interface-name:docker0\n') });
  });

  it('lists what configuration cannot fix as manual, with the hosts and what to do, and fleet findings too', () => {
    expect(plan.manual.map((item) => [item.check, item.hosts])).toEqual([
      ['node.bpf', ['old-ebpf']],
      ['fleet.unique-hostnames', ['centos-1', 'centos-2']],
    ]);
    expect(plan.manual[0]!.why).toMatch(/kernel 4\.4\.0-210-generic is older than 5\.3/);
    expect(plan.unreachable).toEqual(['gone-1']);
  });

  it('leaves waived findings alone and says so', () => {
    const { result: audit } = applyWaivers(fleet(), [{ check: 'node.firewall', hosts: 'ubuntu-1', reason: 'ufw stays (SEC-9)', file: 'w.yml', line: 1 }], [], (pattern) => new Set([pattern]));
    const waived = buildFixPlan(audit, 'result.json');
    expect(waived.groups.flatMap((group) => group.hosts)).not.toContain('ubuntu-1');
    expect(waived.waived).toEqual([{ check: 'node.firewall', hosts: ['ubuntu-1'] }]);
  });

  it('plans nothing for a fleet that passes', () => {
    const ready = buildFixPlan(result([host('healthy-1', healthyHost())]), 'result.json');
    expect(ready).toMatchObject({ groups: [], manual: [], refused: [] });
  });
});

describe('the playbook', () => {
  const text = renderPlaybook(buildFixPlan(fleet(), 'result.json'));

  it('starts with a header naming the audit, every play and what stays manual', () => {
    const header = text.slice(0, text.indexOf('\n---\n'));
    expect(header.split('\n').every((line) => line.startsWith('#'))).toBe(true);
    expect(header).toContain('# From the audit: result.json\n#   calico-preflight 0.1.0, started 2026-11-26T09:00:00.000Z, finished 2026-11-26T09:00:04.500Z\n#   inventory: hosts.ini');
    expect(header).toContain('# Play 1, hosts (2):\n#   centos-1, centos-2\n# changes, in order:\n#   node.networkmanager: write /etc/NetworkManager/conf.d/calico.conf, then reload NetworkManager\n#   node.firewall: stop and disable firewalld');
    expect(header).toContain('#   fleet.unique-hostnames (fail) on 2 host(s):\n#       centos-1, centos-2\n#     centos-1 and centos-2 both call themselves k8s-worker.\n#     Give every host its own hostname.');
    expect(header).toContain('# Not audited (unreachable), so nothing planned (1):\n#   gone-1');
  });

  it('has one play per group, by inventory name, built-in modules only, without fact gathering', () => {
    const parsed = plays(text);
    expect(parsed.map((play) => play.hosts)).toEqual([['centos-1', 'centos-2'], ['centos-3'], ['ubuntu-1'], ['conntrack-1'], ['ebpf-1']]);
    for (const play of parsed) {
      expect(play).toMatchObject({ gather_facts: false, become: true });
      for (const task of [...play.tasks, ...(play.handlers ?? [])]) expect(moduleOf(task), JSON.stringify(task)).toMatch(/^ansible\.builtin\.(copy|file|lineinfile|systemd|command)$/);
    }
    expect(parsed[0]!.handlers).toEqual([{ name: 'reload NetworkManager', 'ansible.builtin.systemd': { name: 'NetworkManager', state: 'reloaded' } }]);
    expect(parsed[0]!.tasks[1]).toMatchObject({ notify: 'reload NetworkManager', 'ansible.builtin.copy': { dest: '/etc/NetworkManager/conf.d/calico.conf', mode: '0644' } });
    expect(parsed[0]!.tasks[2]).toMatchObject({ 'ansible.builtin.systemd': { name: 'firewalld', state: 'stopped', enabled: false } });
  });

  it('runs what has no built-in module through sh, reporting a change only when it makes (or under --check, would make) one', () => {
    const [sysctl] = plays(text)[3]!.tasks;
    expect(sysctl).toMatchObject({
      check_mode: false,
      changed_when: "calico_preflight_step.stdout != ''",
      'ansible.builtin.command': { argv: ['/bin/sh', '-c', expect.stringContaining("sysctl -w 'net.netfilter.nf_conntrack_max=1000000'"), 'sh', '{{ ansible_check_mode }}'] },
    });
  });

  it.skipIf(toolsMissing !== undefined)('is a playbook to ansible-playbook, which targets exactly the hosts with fixes', () => {
    const file = path.join(dir, 'fix.yml');
    writeFileSync(file, text);
    const inventory = path.join(dir, 'hosts.ini');
    writeFileSync(inventory, '[k8s]\ncentos-[1:3]\nubuntu-1\nconntrack-1\nebpf-1\nold-ebpf\nhealthy-1\n');
    const listed = spawnSync('ansible-playbook', ['-i', inventory, file, '--list-hosts'], { encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
    expect(listed.status, listed.stderr).toBe(0);
    const hosts = [...listed.stdout.matchAll(/^ {6}(\S+)$/gm)].map((m) => m[1]);
    expect(hosts.sort()).toEqual(['centos-1', 'centos-2', 'centos-3', 'conntrack-1', 'ebpf-1', 'ubuntu-1']);
  });
});

describe('the scripts', () => {
  const plan = buildFixPlan(fleet(), 'result.json');
  const scripts = renderScripts(plan);

  it('are one per group, each saying where it came from, for which hosts, and what it changes', () => {
    expect(scripts.map((script) => [script.name, script.hosts])).toEqual([
      ['fix-group-1.sh', ['centos-1', 'centos-2']],
      ['fix-group-2.sh', ['centos-3']],
      ['fix-group-3.sh', ['ubuntu-1']],
      ['fix-group-4.sh', ['conntrack-1']],
      ['fix-group-5.sh', ['ebpf-1']],
    ]);
    const first = scripts[0]!.text;
    expect(first.startsWith('#!/bin/sh\n# POSIX sh script written by calico-preflight 0.1.0 (calico-preflight fix), group 1 of 5.\n')).toBe(true);
    expect(first).toContain('# For these hosts (2):\n#   centos-1, centos-2\n');
    expect(first).toContain('# It changes, in order:\n#   node.networkmanager: write /etc/NetworkManager/conf.d/calico.conf, then reload NetworkManager\n#   node.firewall: stop and disable firewalld\n');
    // Only the manual items about its own hosts.
    expect(first).toContain('fleet.unique-hostnames');
    expect(scripts[2]!.text).not.toContain('fleet.unique-hostnames');
  });

  it('has an index of which host runs which script', () => {
    expect(renderScriptIndex(plan, scripts).split('\n').filter((line) => !line.startsWith('#'))).toEqual([
      'centos-1\tfix-group-1.sh',
      'centos-2\tfix-group-1.sh',
      'centos-3\tfix-group-2.sh',
      'ubuntu-1\tfix-group-3.sh',
      'conntrack-1\tfix-group-4.sh',
      'ebpf-1\tfix-group-5.sh',
      '',
    ]);
  });

  it.skipIf(toolsMissing !== undefined)('pass shellcheck as POSIX sh', () => {
    for (const script of scripts) {
      const lint = spawnSync('shellcheck', ['--shell=sh', '-'], { input: script.text, encoding: 'utf8' });
      expect(lint.status, `${script.name}\n${lint.stdout}`).toBe(0);
    }
  });

  it('say what a fix runs as commands to paste, each guarded so a second paste changes nothing', () => {
    const [fix] = plan.groups[3]!.fixes;
    expect(renderCommands([fix!.fix])).toBe(
      [
        '# set net.netfilter.nf_conntrack_max = 1000000 now',
        "if [ \"$(sysctl -n 'net.netfilter.nf_conntrack_max')\" != '1000000' ]; then",
        "  sysctl -w 'net.netfilter.nf_conntrack_max=1000000' >/dev/null",
        'fi',
        '# set net.netfilter.nf_conntrack_max = 1000000 at boot (/etc/sysctl.d/90-calico-conntrack.conf)',
        "content='net.netfilter.nf_conntrack_max = 1000000",
        "'",
        "if ! printf '%s' \"$content\" | cmp -s - '/etc/sysctl.d/90-calico-conntrack.conf'; then",
        "  mkdir -p '/etc/sysctl.d'",
        "  printf '%s' \"$content\" > '/etc/sysctl.d/90-calico-conntrack.conf'",
        "  chmod 0644 '/etc/sysctl.d/90-calico-conntrack.conf'",
        'fi',
      ].join('\n'),
    );
  });
});
