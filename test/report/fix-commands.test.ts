/** The HTML report's part of "from audit to fix": each fixable finding's commands, and where the playbook is. */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { healthyHost } from '../checks/facts.js';
import { host, conntrackNearlyFull, nmAndFirewalld, result } from '../remediate/results.js';
import { attr, byClass, byTag, mailSafetyProblems, parseHtml, text, type Element } from './html-tree.js';

/** A <pre>'s text as a browser shows it: whitespace and line breaks kept. */
function preText(element: Element): string {
  return element.childNodes.map((node) => ('value' in node ? node.value : '')).join('');
}

const fixable = () => result([host('centos-1', nmAndFirewalld()), host('centos-2', nmAndFirewalld()), host('conntrack-1', conntrackNearlyFull()), host('healthy-1', healthyHost())]);

function finding(doc: ReturnType<typeof parseHtml>, check: string) {
  const found = byClass(doc, 'finding').find((table) => attr(table, 'id') === `check-${check}`);
  if (!found) throw new Error(`no finding ${check}`);
  return found;
}

describe('HTML report: fixes', () => {
  it("shows each fixable finding's commands, to paste into a root shell, once per group of hosts", () => {
    const doc = parseHtml(renderHtml(fixable()));
    const firewall = finding(doc, 'node.firewall');
    const commands = byClass(firewall, 'commands').map(preText);
    expect(commands).toEqual([
      [
        '# stop and disable firewalld',
        "if systemctl is-active --quiet 'firewalld' || [ \"$(systemctl is-enabled 'firewalld' 2>/dev/null)\" = enabled ]; then",
        "  systemctl stop 'firewalld'",
        "  systemctl disable 'firewalld'",
        'fi',
      ].join('\n'),
    ]);
    expect(byTag(firewall, 'pre')).toHaveLength(1);
    expect(text(byClass(finding(doc, 'node.networkmanager'), 'commands')[0]!)).toContain("printf '%s' \"$content\" > '/etc/NetworkManager/conf.d/calico.conf'");
    expect(text(byClass(finding(doc, 'node.conntrack'), 'commands')[0]!)).toContain("sysctl -w 'net.netfilter.nf_conntrack_max=1000000'");
  });

  it('names the playbook and scripts the same run wrote, with how to preview and run it', () => {
    const doc = parseHtml(renderHtml(fixable(), { fixFiles: { playbook: 'fix.yml', scriptDir: 'fixes', resultFile: 'result.json' } }));
    const [box] = byClass(doc, 'fix-files');
    expect(text(box!)).toContain('3 host(s) have findings that configuration can fix.');
    expect(text(box!)).toContain('This run wrote them as an Ansible playbook, fix.yml.');
    expect(byClass(box!, 'commands').map(preText)).toEqual(['ansible-playbook -i hosts.ini fix.yml --check --diff\nansible-playbook -i hosts.ini fix.yml']);
    expect(text(box!)).toContain('in fixes: its hosts.txt says which host runs which');
    expect(text(box!)).not.toContain('calico-preflight fix');
  });

  it('otherwise shows the command that writes the playbook from the saved result', () => {
    const doc = parseHtml(renderHtml(fixable(), { fixFiles: { resultFile: 'audit-1.json' } }));
    expect(byClass(byClass(doc, 'fix-files')[0]!, 'commands').map(preText)).toEqual([
      'calico-preflight fix audit-1.json --playbook fix.yml\nansible-playbook -i hosts.ini fix.yml --check --diff',
    ]);
  });

  it('says nothing of fixes when no finding has one, and stays mail-safe when it does', () => {
    expect(byClass(parseHtml(renderHtml(result([host('healthy-1', healthyHost())]))), 'fix-files')).toEqual([]);
    expect(mailSafetyProblems(parseHtml(renderHtml(fixable(), { fixFiles: { playbook: 'fix.yml' } })))).toEqual([]);
  });

  it('shows no command for a fix a result carries that the fix command would refuse', () => {
    const audit = fixable();
    const nm = audit.hosts[0]!.findings.find((f) => f.check === 'node.networkmanager')!;
    nm.fixes = [{ kind: 'write-file', path: '/etc/sudoers.d/calico.conf', content: 'x\n', mode: '0644' }];
    audit.hosts = [audit.hosts[0]!];
    const doc = parseHtml(renderHtml(audit));
    expect(byClass(finding(doc, 'node.networkmanager'), 'commands')).toEqual([]);
    expect(renderHtml(audit)).not.toContain('sudoers');
  });
});
