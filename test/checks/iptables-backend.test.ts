/**
 * node.iptables-backend on real firewall probe output (test/fixtures/firewall, SOURCES.md) and
 * real iptables-save dumps, against Felix v3.22's own backend detection.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { felixBackend, nodeIptablesBackend } from '../../src/checks/node/iptables-backend.js';
import { parseFacts } from '../../src/probes/index.js';
import type { HostFacts } from '../../src/core/facts.js';
import { firewallOf, healthyHost, missing, settings } from './facts.js';

const fixture = (path: string) => readFileSync(new URL(`../fixtures/firewall/${path}`, import.meta.url), 'utf8');
const sec = (stdout: string) => ({ stdout, exitCode: 0, truncated: false });

/** The firewall fact parsed from a captured probe section, as the runner would. */
function probedFirewall(section: string): HostFacts['firewall'] {
  const raw = { meta: sec('uid=0 become=none ports=179 units=\n'), 'root:status': sec('Uid:\t0\t0\t0\t0\nCapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n'), 'root:firewall': sec(section), end: sec('') };
  return parseFacts(raw, { sentEpochMs: 0, receivedEpochMs: 0 }).firewall;
}

const judge = (firewall: HostFacts['firewall']) => nodeIptablesBackend.evaluate({ ...healthyHost(), firewall }, settings());

describe("Felix v3.22's backend detection (felix/iptables/feature_detect.go)", () => {
  it.each([
    [10, 500, 'legacy'],
    [9, 10, 'nft'],
    [3, 3, 'legacy'],
    [0, 0, 'legacy'],
    [0, 1, 'nft'],
  ] as const)('legacy %i rules, nft %i rules: %s', (legacy, nft, expected) => {
    expect(felixBackend(legacy, nft)).toBe(expected);
  });
});

describe('node.iptables-backend', () => {
  it('fails a host whose legacy and nf_tables tables both hold rules (a real probe run), naming what to keep and flush', () => {
    const verdict = judge(probedFirewall(fixture('probe/mixed-backends-calico-node.out')));
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toBe(
      'Both iptables backends hold rules (legacy 120, nf_tables 4): the kernel applies both, but Felix (FELIX_IPTABLESBACKEND=Auto) would pick legacy and never see the nf_tables rules.',
    );
    const facts = verdict.evidence.map((e) => e.fact);
    expect(facts).toContain('legacy backend: 120 rules (iptables-legacy-save)');
    expect(facts).toContain('nf_tables backend: 4 rules (iptables-nft-save; ip6tables-nft-save)');
    expect(facts).toContain('iptables-nft-save says: Warning: iptables-legacy tables present, use iptables-legacy-save to see them');
    expect(facts).toContain('iptables command: nf_tables backend');
    expect(verdict.remediation).toContain("Keep one backend: nf_tables, the one the host's iptables command uses");
    expect(verdict.remediation).toContain('iptables-legacy -t $t -F; iptables-legacy -t $t -X');
    expect(verdict.remediation).toContain('FELIX_IPTABLESBACKEND=NFT');
  });

  it('passes a Calico node whose rules are all in the legacy backend, which Felix picks', () => {
    const verdict = judge(firewallOf({ legacy: fixture('iptables-save/calico-v3.22-kubernetes-node.out'), defaultBackend: 'legacy' }));
    expect(verdict.status).toBe('pass');
    expect(verdict.summary).toBe("Only the legacy backend holds iptables rules; Felix's auto-detection picks legacy.");
  });

  it('passes an nftables-only firewalld host (no iptables rules anywhere), saying what Felix would pick and how to pin it', () => {
    const verdict = judge(probedFirewall(fixture('probe/firewalld-1.3.3-nft-only.out')));
    expect(verdict.status).toBe('pass');
    expect(verdict.summary).toMatch(/^No iptables rules yet in either backend\. .*legacy when neither does.*FELIX_IPTABLESBACKEND=NFT/);
  });

  it("warns when the rules sit in one backend and the host's iptables command writes to the other", () => {
    const verdict = judge(firewallOf({ legacy: fixture('iptables-save/centos-7-iptables-services.out'), defaultBackend: 'nft' }));
    expect(verdict.status).toBe('warn');
    expect(verdict.summary).toContain("in the legacy backend, but the host's iptables command writes to nf_tables");
    expect(verdict.remediation).toContain('update-alternatives --set iptables /usr/sbin/iptables-legacy');
  });

  it('is unknown when a backend that may hold rules cannot be read while the other holds some', () => {
    const firewall = firewallOf({ nft: '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n', defaultBackend: 'nft' });
    if (!firewall.ok) throw new Error('fixture');
    firewall.value.legacy = { ...firewall.value.legacy, status: 'unread', detail: 'the kernel lists legacy tables (filter), but the host has no iptables-legacy-save (or iptables-save of that backend) to read them' };
    const verdict = judge(firewall);
    expect(verdict.status).toBe('unknown');
    expect(verdict.remediation).toContain('iptables-legacy');
    // Nothing in nf_tables: no mix is possible whatever legacy holds.
    const empty = firewallOf({ defaultBackend: 'legacy' });
    if (!empty.ok) throw new Error('fixture');
    empty.value.nft = { ...empty.value.nft, status: 'unread', detail: 'nf_tables is loaded, but the host has no iptables-nft-save (or iptables-save of that backend) to read them' };
    expect(judge(empty).status).toBe('pass');
  });

  it('is unknown without root', () => {
    const verdict = judge(missing('iptables-save', 'iptables-save needs root: re-run with --become'));
    expect(verdict.status).toBe('unknown');
    expect(verdict.remediation).toContain('--become');
  });
});
