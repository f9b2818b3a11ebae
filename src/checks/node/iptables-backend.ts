import type { Evidence } from '../../core/result.js';
import type { IptablesBackend, IptablesBackendRules } from '../../core/facts.js';
import type { HostCheck } from '../types.js';
import { docUrl, evidence, fail, pass, unknown, unknownFromFact, warn } from '../lib/verdict.js';

const NAME: Record<IptablesBackend, string> = { legacy: 'legacy', nft: 'nf_tables' };
const FELIX_NAME: Record<IptablesBackend, string> = { legacy: 'Legacy', nft: 'NFT' };

/** Rules Felix would count in a backend; null when they could not be read. */
function count(rules: IptablesBackendRules): number | null {
  return rules.status === 'read' ? rules.ruleCount : rules.status === 'none' ? 0 : null;
}

/**
 * Felix v3.22's auto-detection (felix/iptables/feature_detect.go, DetectBackend): legacy when
 * iptables-legacy-save and ip6tables-legacy-save print 10 or more rules, else nft when the nft
 * tools print more rules than the legacy ones, else legacy.
 */
export function felixBackend(legacy: number, nft: number): IptablesBackend {
  if (legacy >= 10) return 'legacy';
  return nft > legacy ? 'nft' : 'legacy';
}

function backendEvidence(rules: IptablesBackendRules, source: string): Evidence[] {
  const state =
    rules.status === 'read'
      ? `${rules.ruleCount} rule${rules.ruleCount === 1 ? '' : 's'} (${rules.detail})`
      : rules.status === 'none'
        ? `no rules: ${rules.detail}`
        : `not read: ${rules.detail}`;
  return [evidence(`${NAME[rules.backend]} backend: ${state}`, source), ...rules.warnings.map((line) => evidence(`${rules.backend === 'nft' ? 'iptables-nft-save' : 'iptables-legacy-save'} says: ${line.replace(/^#\s*/, '')}`, source))];
}

function flushCommands(backend: IptablesBackend): string {
  const tool = backend === 'legacy' ? 'legacy' : 'nft';
  return `for t in filter nat mangle raw security; do iptables-${tool} -t $t -F; iptables-${tool} -t $t -X; ip6tables-${tool} -t $t -F; ip6tables-${tool} -t $t -X; done`;
}

function keepAdvice(keep: IptablesBackend, defaultBackend: IptablesBackend | null): string {
  const drop: IptablesBackend = keep === 'legacy' ? 'nft' : 'legacy';
  return [
    `Keep one backend: ${NAME[keep]}${defaultBackend === keep ? ", the one the host's iptables command uses (iptables -V)" : defaultBackend ? `, and point the host's iptables command at it (Debian/Ubuntu: update-alternatives --set iptables /usr/sbin/iptables-${keep === 'nft' ? 'nft' : 'legacy'}; same for ip6tables)` : ''}.`,
    `Remove the ${NAME[drop]} rules (drain the node first; kube-proxy and Calico recreate theirs): ${flushCommands(drop)}`,
    'Rebooting after the iptables command, kubelet, kube-proxy and Docker agree on one backend also clears the other.',
    `Pin Felix to the kept backend instead of its auto-detection: FELIX_IPTABLESBACKEND=${FELIX_NAME[keep]} in the calico-node DaemonSet (or iptablesBackend: ${FELIX_NAME[keep]} in the default FelixConfiguration).`,
  ].join('\n');
}

export const nodeIptablesBackend: HostCheck = {
  id: 'node.iptables-backend',
  scope: 'host',
  needs: { facts: ['firewall'] },
  title: 'One iptables backend',
  requirement: 'iptables rules live in one backend (legacy or nf_tables): Felix reads and writes only the backend it detects, while the kernel applies both.',
  section: 'Node requirements',
  docUrl: docUrl('node-requirements'),
  notes:
    'Not on the v3.22 requirements page; mixed backends are a known cause of broken installs (projectcalico/calico#2322, #8243). ' +
    'Felix v3.22 picks its backend in felix/iptables/feature_detect.go (DetectBackend): it counts the lines starting with "-" ' +
    'that iptables-legacy-save and ip6tables-legacy-save print (falling back to iptables-save), takes legacy at 10 or more, else ' +
    'nft when the nft tools print more, else legacy; FELIX_IPTABLESBACKEND (FelixConfiguration iptablesBackend) overrides it. ' +
    'The check reads both backends the same way and fails when both hold rules; it warns when the rules sit in one backend ' +
    "but the host's iptables command writes to the other (the next kubelet, Docker or script rule splits them).",
  evaluate(facts) {
    if (!facts.firewall.ok) return unknownFromFact('which iptables backend holds rules', facts.firewall, 'Check that iptables-save runs on the host.');
    const { legacy, nft, defaultBackend } = facts.firewall.value;
    const source = facts.firewall.source;
    const seen = [
      ...backendEvidence(legacy, source),
      ...backendEvidence(nft, source),
      evidence(`iptables command: ${defaultBackend ? `${NAME[defaultBackend]} backend` : 'backend unknown'}`, 'command -v iptables; xtables-*-multi'),
    ];
    const legacyRules = count(legacy);
    const nftRules = count(nft);
    if (legacyRules && nftRules) {
      const felix = felixBackend(legacyRules, nftRules);
      return fail(
        `Both iptables backends hold rules (legacy ${legacyRules}, nf_tables ${nftRules}): the kernel applies both, but Felix (FELIX_IPTABLESBACKEND=Auto) would pick ${NAME[felix]} and never see the ${NAME[felix === 'legacy' ? 'nft' : 'legacy']} rules.`,
        seen,
        keepAdvice(defaultBackend ?? felix, defaultBackend),
      );
    }
    if ((legacyRules === null && nftRules !== 0) || (nftRules === null && legacyRules !== 0)) {
      const unread = legacyRules === null ? legacy : nft;
      return unknown(`Could not tell whether both iptables backends hold rules: ${unread.detail}.`, seen, `Install the ${unread.backend === 'legacy' ? 'iptables-legacy' : 'iptables-nft'} tools (or run iptables-${unread.backend}-save from the calico-node image) to see the ${NAME[unread.backend]} rules.`);
    }
    const holder: IptablesBackend | null = legacyRules ? 'legacy' : nftRules ? 'nft' : null;
    const felix = felixBackend(legacyRules ?? 0, nftRules ?? 0);
    if (holder && defaultBackend && holder !== defaultBackend) {
      return warn(
        `The iptables rules are in the ${NAME[holder]} backend, but the host's iptables command writes to ${NAME[defaultBackend]}: the next rule kubelet, Docker or a script adds goes to the other backend.`,
        seen,
        keepAdvice(holder, defaultBackend),
      );
    }
    if (holder) return pass(`Only the ${NAME[holder]} backend holds iptables rules; Felix's auto-detection picks ${NAME[felix]}.`, seen);
    return pass(
      `No iptables rules yet in either backend. Felix's auto-detection picks the backend that holds rules when calico-node starts (legacy when neither does)${defaultBackend === 'nft' ? '; on this nf_tables host, FELIX_IPTABLESBACKEND=NFT makes that certain' : ''}.`,
      seen,
    );
  },
};
