/**
 * Hostile input cannot get into a playbook or script as anything but data: host names that
 * are not plain names are refused, so are fix values outside their patterns (a tampered
 * result), and what may pass (file content, reasons in comments) reaches Ansible's own YAML
 * loader and sh as exactly the text it was.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditResult, Finding } from '../../src/core/result.js';
import { buildFixPlan, renderPlaybook, renderScripts } from '../../src/remediate/index.js';
import { skipUnlessTools } from '../support/tools.js';
import { host, nmAndFirewalld, result } from './results.js';

const dir = mkdtempSync(path.join(tmpdir(), 'calico-fix-injection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PWNED = path.join(dir, 'pwned');

const toolsMissing = skipUnlessTools(['/usr/bin/ansible-playbook', '/usr/bin/python3', '/usr/bin/shellcheck'], 'apt-get install ansible shellcheck');

const HOSTILE_NAMES = [
  `web1"; touch ${PWNED}; "`,
  `$(touch ${PWNED})`,
  'two\nlines',
  "{{ lookup('pipe', 'id') }}",
  'all',
  'web[1]',
  'a,b',
  '- x',
  'key: value',
  '# c',
  'x\u2028evil: 1',
  '!unsafe',
  '*',
  '~.*',
  '!g',
  '&g',
  '-i',
];

/** Content a host's own config could put into a file we write: Jinja, sh, YAML and heredoc syntax. */
const HOSTILE_CONTENT = [
  '[keyfile]',
  `unmanaged-devices=interface-name:{{ lookup('pipe', 'touch ${PWNED}') }};x'$(touch ${PWNED})'y;\`touch ${PWNED}\``,
  '# comment-looking line',
  "EOF",
  '---',
  '- name: evil',
  '  ansible.builtin.shell: id',
  '{% raw %}',
  '',
].join('\n');

/** Fixes a tampered result could carry, each breaking one rule. */
const TAMPERED: [unknown, RegExp][] = [
  [{ kind: 'write-file', path: '/etc/sudoers.d/calico.conf', content: 'root ALL=(ALL) ALL\n', mode: '0644' }, /path "\/etc\/sudoers\.d\/calico\.conf" is not allowed/],
  [{ kind: 'write-file', path: '/etc/sysctl.d/../cron.d/x.conf', content: '', mode: '0644' }, /path .* is not allowed/],
  [{ kind: 'write-file', path: '/etc/sysctl.d/x.conf', content: 'a\u2028b', mode: '0644' }, /content "a\\u2028b" is not allowed/],
  [{ kind: 'write-file', path: '/etc/sysctl.d/x.conf', content: '', mode: '4755' }, /mode "4755" is not allowed/],
  [{ kind: 'write-file', path: '/etc/sysctl.d/x.conf', content: '', mode: '0644', reload: 'x; id' }, /reload "x; id" is not allowed/],
  [{ kind: 'stop-disable-service', unit: `firewalld; touch ${PWNED}` }, /unit .* is not allowed/],
  [{ kind: 'stop-disable-service', unit: '{{ 7*7 }}' }, /unit "\{\{ 7\*7 \}\}" is not allowed/],
  [{ kind: 'sysctl', key: 'net.ipv4.ip_forward', value: `1 && touch ${PWNED}`, file: '/etc/sysctl.d/90-x.conf' }, /value .* is not allowed/],
  [{ kind: 'sysctl', key: 'kernel/../x', value: '1', file: '/etc/sysctl.d/90-x.conf' }, /key .* is not allowed/],
  [{ kind: 'load-modules', modules: ['ipip', `x$(touch ${PWNED})`], file: '/etc/modules-load.d/calico.conf' }, /module name .* is not allowed/],
  [{ kind: 'load-modules', modules: [], file: '/etc/modules-load.d/calico.conf' }, /module list is missing/],
  [{ kind: 'run-command', command: `touch ${PWNED}` }, /fix kind "run-command" is unknown/],
  [{ unit: 'firewalld' }, /a fix without a kind/],
];

/** Ansible's own YAML loader on the playbook: plays, and which scalars it marks unsafe. */
function ansibleLoad(text: string): { plays: { hosts: string[]; content: string[]; unsafeContent: boolean[] }[] } {
  const script = `
import json, sys
from ansible.parsing.yaml.loader import AnsibleLoader
from ansible.utils.unsafe_proxy import AnsibleUnsafeText
plays = AnsibleLoader(sys.stdin.read()).get_single_data()
out = []
for play in plays:
    copies = [t['ansible.builtin.copy']['content'] for t in play['tasks'] if 'ansible.builtin.copy' in t]
    out.append({'hosts': list(play['hosts']), 'content': [str(c) for c in copies], 'unsafeContent': [isinstance(c, AnsibleUnsafeText) for c in copies]})
print(json.dumps({'plays': out}))
`;
  const run = spawnSync('/usr/bin/python3', ['-c', script], { input: text, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as ReturnType<typeof ansibleLoad>;
}

function withFixes(name: string, fixes: unknown[], summary = 'tampered'): AuditResult['hosts'][number] {
  const base = host(name, nmAndFirewalld());
  const finding = { check: 'node.networkmanager', status: 'fail', summary, evidence: [], fixes } as unknown as Finding;
  return { ...base, findings: [finding] };
}

describe('hostile host names', () => {
  const audit = result([host('good-1', nmAndFirewalld()), ...HOSTILE_NAMES.map((name) => host(name, nmAndFirewalld()))]);
  const plan = buildFixPlan(audit, 'result.json');
  const playbook = renderPlaybook(plan);

  it('are refused, one by one, and only plain names are targeted', () => {
    expect(plan.groups.map((group) => group.hosts)).toEqual([['good-1']]);
    expect(plan.refused.map((item) => item.host)).toEqual(HOSTILE_NAMES);
    for (const item of plan.refused) expect(item.reason).toContain('is not a plain host name or address');
  });

  it('show in the header only as comments, whatever line breaks they hold', () => {
    const header = playbook.slice(0, playbook.indexOf('\n---\n'));
    // Every line break a YAML 1.1 reader (PyYAML) or sh knows.
    for (const line of header.split(/\r\n|[\n\r\u0085\u2028\u2029]/)) expect(line.startsWith('#'), JSON.stringify(line)).toBe(true);
    expect(header).toContain('#   "two\\nlines": the inventory name "two\\nlines" is not a plain host name');
  });

  it.skipIf(toolsMissing !== undefined)("leave Ansible's loader with exactly the plays for plain names", () => {
    expect(ansibleLoad(playbook).plays.map((play) => play.hosts)).toEqual([['good-1']]);
  });

  it('appear in no script', () => {
    const scripts = renderScripts(plan);
    expect(scripts.map((script) => script.hosts)).toEqual([['good-1']]);
    for (const name of HOSTILE_NAMES.filter((name) => name.length > 3)) expect(scripts[0]!.text).not.toContain(name);
  });
});

describe('fix values from a tampered result', () => {
  it.each(TAMPERED)('are refused with the reason: %j', (fix, reason) => {
    const plan = buildFixPlan(result([withFixes('node-1', [fix])]), 'result.json');
    expect(plan.groups).toEqual([]);
    expect(plan.refused).toHaveLength(1);
    expect(plan.refused[0]?.reason).toMatch(reason);
    expect(renderPlaybook(plan)).not.toMatch(/^[^#].*(sudoers|touch|run-command)/m);
  });

  it('are refused one fix at a time: the good fixes of the same finding still apply', () => {
    const plan = buildFixPlan(result([withFixes('node-1', [TAMPERED[0]![0], { kind: 'stop-disable-service', unit: 'firewalld' }])]), 'result.json');
    expect(plan.groups).toEqual([{ hosts: ['node-1'], fixes: [{ check: 'node.networkmanager', fix: { kind: 'stop-disable-service', unit: 'firewalld' } }] }]);
  });

  it('never carry fields the vocabulary does not have', () => {
    const plan = buildFixPlan(result([withFixes('node-1', [{ kind: 'mount-bpffs', command: `touch ${PWNED}` }])]), 'result.json');
    expect(plan.groups[0]?.fixes[0]?.fix).toEqual({ kind: 'mount-bpffs' });
  });
});

describe('content and reasons that may pass', () => {
  const fix = { kind: 'write-file', path: '/etc/NetworkManager/conf.d/calico.conf', content: HOSTILE_CONTENT, mode: '0644', reload: 'NetworkManager' };
  const why = `line one\nline two\r\n# not a command\u2028evil: 1\u0085- x\ntouch ${PWNED}`;
  const audit = result([withFixes('node-1', [fix, { kind: 'manual', why }])]);
  const plan = buildFixPlan(audit, 'result.json');

  it.skipIf(toolsMissing !== undefined)("reach Ansible's loader as exactly the content, marked unsafe so Jinja never runs on it", () => {
    const [play] = ansibleLoad(renderPlaybook(plan)).plays;
    expect(play).toEqual({ hosts: ['node-1'], content: [HOSTILE_CONTENT], unsafeContent: [true] });
  });

  it.skipIf(toolsMissing !== undefined)('reach sh as exactly the content, and the script runs nothing of it', () => {
    const [script] = renderScripts(plan);
    expect(spawnSync('shellcheck', ['--shell=sh', '-'], { input: script!.text, encoding: 'utf8' }).status).toBe(0);
    // Stand-ins for every command the dry run asks: cmp keeps what it was given, then says "differs".
    const bin = path.join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const seen = path.join(dir, 'cmp-stdin');
    writeFileSync(path.join(bin, 'cmp'), `#!/bin/sh\ncat >'${seen}'\nexit 1\n`);
    chmodSync(path.join(bin, 'cmp'), 0o755);
    const file = path.join(dir, 'fix.sh');
    writeFileSync(file, script!.text);
    const run = spawnSync('/bin/sh', [file, '--dry-run'], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin` } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      'would change: write /etc/NetworkManager/conf.d/calico.conf, then reload NetworkManager\n1 change(s) would be made; run without --dry-run to make them\n',
    );
    expect(readFileSync(seen, 'utf8')).toBe(HOSTILE_CONTENT);
    expect(existsSync(PWNED)).toBe(false);
  });

  it('keep reasons with line breaks inside comments', () => {
    for (const text of [renderPlaybook(plan).split('\n---\n')[0]!, renderScripts(plan)[0]!.text.split('\nset -eu\n')[0]!]) {
      for (const line of text.split(/\r\n|[\n\r\u0085\u2028\u2029]/).slice(1)) expect(line === '' || line.startsWith('#'), JSON.stringify(line)).toBe(true);
      expect(text).toContain(`#     # not a command\\u2028evil: 1\\u0085- x\n#     touch ${PWNED}`);
    }
  });
});
