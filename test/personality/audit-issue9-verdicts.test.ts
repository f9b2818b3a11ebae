/**
 * End to end: the `audit` command against issue 9's personalities, hosts that are fine for
 * Calico v3.22 but that earlier verdicts failed or left unknown (test/fleet/personalities/
 * catalog-issue9-verdicts.ts). Every other check of each host must equal the Ubuntu 16.04
 * baseline's.
 */
import { describe, expect, it } from 'vitest';
import { issue9VerdictsFleet } from '../fleet/personalities/catalog-issue9-verdicts.js';
import { personalitySkipReason } from '../fleet/personalities/index.js';
import { auditFleet, findingText, type Expected } from './fleet-audit.js';

const skipReason = personalitySkipReason();
if (skipReason) console.warn(`skipping the issue 9 personality audit: ${skipReason}`);

const FAULTS: Record<string, Record<string, Expected>> = {
  baseline: {},
  ubuntu2204: {
    // Loose mode, Ubuntu's default: passes with the note, no "force strict" fix.
    'node.rp-filter': { status: 'pass', mentions: /does not read this sysctl[\s\S]*rp_filter = 2 \(loose\)/ },
    'node.distro': { status: 'warn', mentions: /Ubuntu 22\.04/ },
    'node.kernel-deps': { status: 'pass', mentions: /wireguard|loadable on demand/ },
  },
  rocky8: {
    'node.kernel-deps': { status: 'pass', mentions: /not required: nf_conntrack_ipv4 .*merged into nf_conntrack/ },
    'node.distro': { status: 'warn', mentions: /Rocky/ },
    'node.networkmanager': { status: 'pass', mentions: /tunl\*/ },
  },
  nonroot: {
    'node.privileges': { status: 'unknown', mentions: /not asked to become root[\s\S]*--become/ },
    // iptables-save needs root: the firewall half of the path check cannot be read either,
    // nor which backend holds rules.
    'net.peer-paths': { status: 'unknown', mentions: /--become/ },
    'node.iptables-backend': { status: 'unknown', mentions: /--become/ },
  },
  sudoer: {
    'node.privileges': { status: 'pass', mentions: /became root/ },
  },
  'calico-vxlan': {
    'net.ports-free': { status: 'pass', mentions: /udp\/4789 \(VXLAN\) held by the kernel \(Calico's vxlan\.calico device/ },
  },
};

describe.skipIf(skipReason !== undefined)('audit of the issue 9 verdict personalities', () => {
  const audit = auditFleet({
    personalities: issue9VerdictsFleet,
    baseline: 'baseline',
    notApplicable: ['node.bpf', 'datastore.reachable', 'k8s.version', 'k8s.cni', 'k8s.privileged', 'k8s.kube-proxy', 'k8s.alp'],
    faults: FAULTS,
  });

  it('loose rp_filter gets no fix that forces strict mode', () => {
    const finding = audit.finding('ubuntu2204', 'node.rp-filter');
    expect(findingText(finding)).not.toMatch(/rp_filter\s*=\s*1|sysctl -w/);
    expect(finding.remediation).toBeUndefined();
  });

  it('the plain-user login ran its probes without root, and the sudoer became root', () => {
    const facts = (name: string) => audit.host(name).facts!.privileges;
    expect(facts('nonroot')).toMatchObject({ ok: true, value: { becameRoot: false, becomeAsked: false } });
    expect(audit.host('nonroot').user).not.toBe('root');
    expect(facts('sudoer')).toMatchObject({ ok: true, value: { uid: 0, becameRoot: true, becomeAsked: true } });
  });
});
