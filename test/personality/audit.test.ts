/**
 * End to end: the `audit` command against issue 4's personality fleet, through the real
 * stack (inventory → runner → ssh → probes → checks → result.json). Every host has one
 * known fault on top of a host that meets every requirement (ubuntu1604). The same fleet is
 * audited again under --calico-version 3.28 and 3.31.
 */
import { describe, expect, it } from 'vitest';
import type { FleetFinding } from '../../src/core/result.js';
import { issue4Fleet, POD_CIDR_HOST_OCTET, SHARED_OCTET } from '../fleet/personalities/catalog.js';
import { personalitySkipReason } from '../fleet/personalities/index.js';
import { auditFleet, expectExplained, findingText, peersOf, type Expected, type ReleaseAudit } from './fleet-audit.js';

const skipReason = personalitySkipReason();
if (skipReason) console.warn(`skipping the personality audit: ${skipReason}`);

/** Each host's faults; all its other checks must match ubuntu1604's. */
const FAULTS: Record<string, Record<string, Expected>> = {
  ubuntu1604: {},
  centos7: {
    'node.firewall': { status: 'fail', mentions: /firewalld/ },
    'node.networkmanager': { status: 'fail', mentions: /unmanaged-devices=interface-name:cali\*/ },
    'node.distro': { status: 'pass', mentions: /CentOS/ },
  },
  kernel39: { 'node.kernel': { status: 'fail', mentions: /3\.9\.11/ } },
  i686: { 'node.arch': { status: 'fail', mentions: /i686/ } },
  nocap: { 'node.privileges': { status: 'fail', mentions: /CAP_SYS_ADMIN/ } },
  rpfilter2: {
    // Loose mode passes since issue 9: Felix v3.22 checks RPF with its own iptables rule.
    'node.rp-filter': { status: 'pass', mentions: /rp_filter is 2 \(loose\)\. Note: Felix v3\.22 does not read this sysctl/ },
    // NetworkManager runs here, configured as the requirements page asks.
    'node.networkmanager': { status: 'pass', mentions: /tunl\*/ },
  },
  podcidr: { 'k8s.ip-pools': { status: 'fail', mentions: new RegExp(`\\.${POD_CIDR_HOST_OCTET}\\b`) } },
  'dupname-a': {},
  'dupname-b': {},
  bird179: { 'net.ports-free': { status: 'fail', mentions: /bird/ } },
  flannel: { 'k8s.sole-provider': { status: 'fail', mentions: /flannel/ } },
  'shared-addr': {},
  'shared-addr-mtu1400': {},
  drop179: { 'net.peer-paths': { status: 'fail', mentions: /179[\s\S]*(IPIP|protocol 4|ipencap)/ } },
};

/**
 * v3.29 to v3.32 judge this fleet alike: their lists start at Ubuntu 20.04 / RHEL 8, their pages
 * ask for kernel 5.10, and flannel may run beside a policy-only Calico.
 */
function currentRelease(version: string): ReleaseAudit {
  const v = version.replace('.', '\\.');
  return {
    baseline: {
      'node.distro': { status: 'warn', mentions: new RegExp(`not on Calico v${v}'s tested list \\(Ubuntu 20\\.04 or later`) },
      // 4.4 runs Calico (Felix's floor is 3.10) but is below the page's 5.10, and Ubuntu 16.04 is not on its list.
      'node.kernel': { status: 'warn', mentions: new RegExp(`4\\.4\\.0-210-generic is 3\\.10 or later[\\s\\S]*below the 5\\.10 the Calico v${v} page asks for`) },
    },
    faults: {
      // CentOS 7 left the list with v3.29 (RHEL 8 or later); its kernel warns as the baseline's does.
      centos7: { 'node.distro': { status: 'warn', mentions: new RegExp(`CentOS Linux 7 \\(Core\\) is not on Calico v${v}'s tested list`) } },
      rpfilter2: { 'node.rp-filter': { status: 'pass', mentions: new RegExp(`Note: Felix v${v} does not read this sysctl`) } },
      flannel: { 'k8s.sole-provider': { status: 'warn', mentions: /policy-only install: 10-flannel\.conflist configures flannel; interfaces flannel\.1 exist/ } },
    },
  };
}

/**
 * The same fleet judged against the newer releases: only what differs from the v3.22 audit.
 * Ubuntu 16.04 left the list of distributions known to work in v3.28 (Ubuntu 18.04 took its
 * place) and v3.29's list starts at Ubuntu 20.04 / RHEL 8 / Debian 10, with a documented
 * kernel floor of 5.10 that 4.4 and 3.10 miss; flannel may run alongside a policy-only Calico
 * from v3.28.
 */
const RELEASES: Record<string, ReleaseAudit> = {
  '3.28': {
    baseline: { 'node.distro': { status: 'warn', mentions: /Ubuntu 16\.04\.1 LTS is not on Calico v3\.28's tested list/ } },
    faults: {
      // Debian 8 is still on the v3.28 list, so the jessie hosts pass where the Ubuntu 16.04 baseline warns.
      kernel39: { 'node.distro': { status: 'pass', mentions: /as Debian 8/ } },
      i686: { 'node.distro': { status: 'pass', mentions: /as Debian 8/ } },
      rpfilter2: { 'node.rp-filter': { status: 'pass', mentions: /rp_filter is 2 \(loose\)\. Note: Felix v3\.28 does not read this sysctl/ } },
      // The v3.28 page allows flannel alongside Calico (policy only): a warning, no longer a failure.
      flannel: { 'k8s.sole-provider': { status: 'warn', mentions: /policy-only install: 10-flannel\.conflist configures flannel; interfaces flannel\.1 exist/ } },
    },
  },
  ...Object.fromEntries(['3.29', '3.30', '3.31', '3.32'].map((version) => [version, currentRelease(version)])),
};

describe.skipIf(skipReason !== undefined)('audit of the issue 4 personality fleet', () => {
  const audit = auditFleet({
    personalities: issue4Fleet,
    baseline: 'ubuntu1604',
    notApplicable: ['node.bpf', 'datastore.reachable', 'k8s.version', 'k8s.cni', 'k8s.privileged', 'k8s.kube-proxy', 'k8s.alp'],
    faults: FAULTS,
    releases: RELEASES,
    // The hosts probing drop179 see its firewall: their path check is judged below.
    exempt: (result) => Object.fromEntries(peersOf(result, 'drop179').map((name) => [name, ['net.peer-paths']])),
  });

  it('hosts whose BGP probe to drop179 times out fail net.peer-paths naming it; the others pass', () => {
    const peers = peersOf(audit.result(), 'drop179');
    expect(peers.length).toBeGreaterThan(0);
    for (const name of peers) {
      const f = audit.finding(name, 'net.peer-paths');
      expect(f.status, f.summary).toBe('fail');
      expect(f.summary).toMatch(/drop179.*time/);
      expectExplained(f, name);
    }
    const probedBird = peersOf(audit.result(), 'bird179').filter((name) => !peers.includes(name));
    expect(probedBird.length).toBeGreaterThan(0);
    for (const name of probedBird) expect(audit.finding(name, 'net.peer-paths').status).toBe('pass');
  });

  it('fleet.unique-hostnames fails naming both hosts called k8s-worker, and only them', () => {
    const fails = audit.fleetFindings('fleet.unique-hostnames').filter((f) => f.status === 'fail');
    expect(fails).toHaveLength(1);
    expect(fails[0]?.hosts.sort()).toEqual(['dupname-a', 'dupname-b']);
    expect(fails[0]?.summary).toContain('k8s-worker');
    expectExplained(fails[0] as FleetFinding, 'fleet');
  });

  it('fleet.unique-addresses fails naming both hosts holding the shared address, and only them', () => {
    const fails = audit.fleetFindings('fleet.unique-addresses').filter((f) => f.status === 'fail');
    expect(fails).toHaveLength(1);
    expect(fails[0]?.hosts.sort()).toEqual(['shared-addr', 'shared-addr-mtu1400']);
    expect(fails[0]?.summary).toContain(`${audit.pf().network.net}.${SHARED_OCTET}`);
    expectExplained(fails[0] as FleetFinding, 'fleet');
  });

  it('fleet.mtu flags the differing MTU and names the MTU Calico should use', () => {
    const flagged = audit.fleetFindings('fleet.mtu').filter((f) => f.status === 'warn' || f.status === 'fail');
    expect(flagged).toHaveLength(1);
    const f = flagged[0] as FleetFinding;
    expect(f.hosts).toContain('shared-addr-mtu1400');
    expect(findingText(f)).toMatch(/shared-addr-mtu1400: [^\n]*MTU 1400/);
    // IPIP (the default encapsulation) costs 20 bytes of the smallest MTU.
    expect(findingText(f)).toContain('1380');
    expectExplained(f, 'fleet');
  });

  it('fleet.clock-skew passes: every host shares the auditor clock', () => {
    expect(audit.fleetFindings('fleet.clock-skew').map((f) => f.status)).toEqual(['pass']);
  });
});
