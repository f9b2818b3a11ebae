/**
 * End to end: the `audit` command against issue 9's firewall personalities — iptables rules in
 * both backends, and firewalld's nftables ruleset on a Rocky 9 host with no iptables rule —
 * through the real stack (inventory → ssh → probe → checks → result.json).
 */
import { describe, expect, it } from 'vitest';
import { FIREWALLD_HOST, issue9FirewallFleet, MIXED_BACKENDS } from '../fleet/personalities/catalog-issue9-firewall.js';
import { personalitySkipReason } from '../fleet/personalities/index.js';
import { auditFleet, expectExplained, peersOf, type Expected } from './fleet-audit.js';

const skipReason = personalitySkipReason();
if (skipReason) console.warn(`skipping the issue 9 firewall personality audit: ${skipReason}`);

const FAULTS: Record<string, Record<string, Expected>> = {
  ubuntu1604: {},
  [MIXED_BACKENDS]: {
    // 3 legacy rules (Docker's leftovers), 1 nf_tables rule; Felix would pick legacy (3 >= 1).
    'node.iptables-backend': { status: 'fail', mentions: /legacy 3, nf_tables 1[\s\S]*pick legacy[\s\S]*iptables-nft-save says: Warning: iptables-legacy tables present/ },
  },
  'peer-a': {},
  'peer-b': {},
  [FIREWALLD_HOST]: {
    'node.firewall': { status: 'fail', mentions: /firewalld/ },
    'node.distro': { status: 'warn', mentions: /Rocky Linux 9\.3/ },
    'net.peer-paths': {
      status: 'fail',
      mentions: /TCP 179 \(BGP\) is dropped by "reject with icmpx admin-prohibited" \[nftables inet firewalld filter_IN_public\][\s\S]*IP protocol 4 \(IPIP\) is dropped[\s\S]*firewall-cmd --permanent --add-protocol=4/,
    },
  },
};


describe.skipIf(skipReason !== undefined)('audit of the issue 9 firewall personalities', () => {
  const audit = auditFleet({
    personalities: issue9FirewallFleet,
    baseline: 'ubuntu1604',
    notApplicable: ['node.bpf', 'datastore.reachable', 'k8s.version', 'k8s.cni', 'k8s.privileged', 'k8s.kube-proxy', 'k8s.alp'],
    faults: FAULTS,
    // The hosts probing the firewalld host see its reject: their path check is judged below.
    exempt: (result) => Object.fromEntries(peersOf(result, FIREWALLD_HOST).map((name) => [name, ['net.peer-paths']])),
  });

  it('hosts whose BGP probe meets firewalld\'s reject fail net.peer-paths naming it; the baseline does not probe it', () => {
    const peers = peersOf(audit.result(), FIREWALLD_HOST);
    expect(peers.sort()).toEqual([MIXED_BACKENDS, 'peer-a', 'peer-b']);
    for (const name of peers) {
      const f = audit.finding(name, 'net.peer-paths');
      expect(f.status, f.summary).toBe('fail');
      expect(f.summary).toContain(`${FIREWALLD_HOST} is unreachable`);
      expectExplained(f, name);
    }
  });

  it('the firewall facts come from both iptables backends and nft list ruleset', () => {
    const mixed = audit.host(MIXED_BACKENDS).facts?.firewall;
    expect(mixed?.ok && mixed.source).toBe('iptables-legacy-save; iptables-nft-save; ip6tables-nft-save; nft list ruleset');
    const firewalld = audit.host(FIREWALLD_HOST).facts?.firewall;
    expect(firewalld?.ok && firewalld.value.nftables.tables.map((t) => `${t.family} ${t.name}`)).toEqual(['inet firewalld']);
    expect(firewalld?.ok && [firewalld.value.legacy.status, firewalld.value.nft.ruleCount]).toEqual(['none', 0]);
  });
});
