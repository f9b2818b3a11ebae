import type { Evidence } from '../../core/result.js';
import type { Fix } from '../../core/fix.js';
import type { HostCheck } from '../types.js';
import { runningState, serviceEvidence } from '../lib/services.js';
import { docUrl, fail, pass, unknown, unknownFromFact, warn } from '../lib/verdict.js';

/** Daemons that rewrite iptables rules while running, fighting Felix. */
export const MANAGERS = ['firewalld', 'ufw', 'shorewall', 'ferm', 'csf'];
/**
 * Services that load a saved rule set at boot: harmless while idle, but a restart (or
 * nftables.conf's usual `flush ruleset`) wipes Calico's rules.
 */
export const RULE_LOADERS = ['iptables', 'ip6tables', 'netfilter-persistent', 'nftables'];

const HOST_PROTECTION = 'For host protection use Calico HostEndpoint and GlobalNetworkPolicy resources instead.';

// Separate stop and disable: `disable --now` needs systemd 220, CentOS 7 has 219.
function disableCommand(name: string): string {
  return `${name === 'ufw' ? 'ufw disable && ' : ''}systemctl stop ${name} && systemctl disable ${name}`;
}

/** ufw's own switch first (it unloads ufw's rules), then its unit. */
function disableFixes(names: string[]): Fix[] {
  return names.flatMap((unit): Fix[] => [...(unit === 'ufw' ? [{ kind: 'disable-ufw' as const }] : []), { kind: 'stop-disable-service', unit }]);
}

export const nodeFirewall: HostCheck = {
  id: 'node.firewall',
  scope: 'host',
  needs: { facts: ['services'], units: [...MANAGERS, ...RULE_LOADERS] },
  title: 'No other iptables manager',
  requirement: 'firewalld or any other iptables manager is disabled: it would interfere with the rules Calico adds.',
  section: 'Node requirements',
  docUrl: docUrl('node-requirements'),
  evaluate(facts) {
    if (!facts.services.ok) return unknownFromFact('which firewall services run', facts.services, 'Check that systemctl or ps works on the host.');
    const services = facts.services.value;
    const probed = [...MANAGERS, ...RULE_LOADERS].filter((name) => services[name]);
    // Absent services are evidence only for the two the requirement names.
    const shown = probed.filter((name) => services[name]!.state !== 'not-found' || name === 'firewalld' || name === 'ufw');
    const seen: Evidence[] = shown.map((name) => serviceEvidence(name, services[name], facts.services.source));
    const running = (names: string[]) => names.filter((name) => runningState(services[name]) === 'running');
    const managers = running(MANAGERS);
    if (managers.length > 0) {
      return fail(
        `${managers.join(', ')} ${managers.length === 1 ? 'is' : 'are'} active and would fight Calico over iptables.`,
        seen,
        `${managers.map(disableCommand).join('\n')}\n${HOST_PROTECTION}`,
        disableFixes(managers),
      );
    }
    const undetermined = probed.filter((name) => runningState(services[name]) === 'unknown');
    if (!services.firewalld || !services.ufw || undetermined.length > 0) {
      const which = [...new Set([...undetermined, ...['firewalld', 'ufw'].filter((name) => !services[name])])];
      return unknown(`Could not tell whether ${which.join(', ')} run${which.length === 1 ? 's' : ''}.`, seen, `Run \`systemctl is-active ${which.join(' ')}\` on the host; re-run with --become if it needs root.`);
    }
    const loaders = running(RULE_LOADERS);
    if (loaders.length > 0) {
      return warn(
        `${loaders.join(', ')} ${loaders.length === 1 ? 'is' : 'are'} active: restarting ${loaders.length === 1 ? 'it' : 'them'} reloads a saved rule set over Calico's rules.`,
        seen,
        `${loaders.map(disableCommand).join('\n')}\n${HOST_PROTECTION}`,
        disableFixes(loaders),
      );
    }
    return pass(`No iptables manager is active (checked ${probed.join(', ')}).`, seen);
  },
};
