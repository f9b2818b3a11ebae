import { describe, expect, it } from 'vitest';
import { fleetUniqueHostnames } from '../../src/checks/fleet/unique-hostnames.js';
import { fleetUniqueAddresses } from '../../src/checks/fleet/unique-addresses.js';
import { fleetMtu } from '../../src/checks/fleet/mtu.js';
import { fleetClockSkew } from '../../src/checks/fleet/clock-skew.js';
import type { FleetMember } from '../../src/checks/types.js';
import type { AuditSettings } from '../../src/core/settings.js';
import type { HostFacts } from '../../src/core/facts.js';
import { found, healthyHost, missing, settings } from './facts.js';

/** A member with its own hostname, an eth0 address and MTU, and a clock offset. */
function member(name: string, options: { hostname?: string; address?: string; mtu?: number | null; skewMs?: number; roundTripMs?: number; mode?: AuditSettings; facts?: Partial<HostFacts> } = {}): FleetMember {
  // The host reads its clock in the middle of a round trip of `roundTripMs` (default 100 ms).
  const sentEpochMs = 1_700_000_000_000;
  const roundTripMs = options.roundTripMs ?? 100;
  const address = options.address ?? `10.0.0.${name.replace(/\D/g, '') || '9'}`;
  const facts: HostFacts = {
    ...healthyHost(),
    hostname: found(options.hostname ?? name, '/proc/sys/kernel/hostname'),
    clock: found({ hostEpochMs: sentEpochMs + roundTripMs / 2 + (options.skewMs ?? 0), sentEpochMs, receivedEpochMs: sentEpochMs + roundTripMs }, 'date +%s%N'),
    interfaces: found(
      [
        { name: 'lo', mtu: 65536, state: 'UNKNOWN', addresses: [{ family: 4, address: '127.0.0.1', prefixLength: 8, scope: 'host' }] },
        { name: 'docker0', mtu: 1500, state: 'DOWN', addresses: [{ family: 4, address: '172.17.0.1', prefixLength: 16 }] },
        { name: 'eth0', mtu: options.mtu === undefined ? 1500 : options.mtu, state: 'UP', addresses: [{ family: 4, address, prefixLength: 24, scope: 'global' }] },
      ],
      'ip addr show',
    ),
    ...options.facts,
  };
  return { name, address, facts, settings: options.mode ?? settings() };
}

describe('fleet.unique-hostnames', () => {
  it('passes distinct names', () => {
    const [finding] = fleetUniqueHostnames.evaluate([member('node1'), member('node2')]);
    expect(finding).toMatchObject({ status: 'pass', hosts: ['node1', 'node2'] });
    expect(finding!.evidence).toHaveLength(2);
  });
  it('fails two hosts sharing a hostname, naming both (case-insensitively)', () => {
    const findings = fleetUniqueHostnames.evaluate([member('node1', { hostname: 'worker' }), member('node2', { hostname: 'Worker' }), member('node3')]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'fail', hosts: ['node1', 'node2'] });
    expect(findings[0]!.remediation).toContain('hostnamectl set-hostname');
  });
  it('names a few hosts in the summary of a large clone group, and lists every one in hosts', () => {
    const clones = Array.from({ length: 1000 }, (_, i) => member(`node${i + 1}`, { hostname: 'clone' }));
    const [finding] = fleetUniqueHostnames.evaluate(clones);
    expect(finding!.summary).toBe('node1, node2, node3 and 997 more share the hostname clone.');
    expect(finding!.hosts).toHaveLength(1000);
    const [pair] = fleetUniqueHostnames.evaluate([member('a1', { hostname: 'x' }), member('b2', { hostname: 'x' })]);
    expect(pair!.summary).toBe('a1 and b2 share the hostname x.');
  });
  it('warns about localhost names and is unknown where the hostname is missing', () => {
    const findings = fleetUniqueHostnames.evaluate([member('node1', { hostname: 'localhost.localdomain' }), member('node2', { facts: { hostname: missing('/proc/sys/kernel/hostname', 'not read') } })]);
    expect(findings.map((finding) => [finding.status, finding.hosts])).toEqual([
      ['warn', ['node1']],
      ['unknown', ['node2']],
    ]);
  });
});

describe('fleet.unique-addresses', () => {
  it("passes distinct addresses and ignores per-host ones (loopback, docker0's 172.17.0.1)", () => {
    const findings = fleetUniqueAddresses.evaluate([member('node1'), member('node2')]);
    expect(findings.map((finding) => finding.status)).toEqual(['pass']);
  });
  it('fails two hosts sharing an address', () => {
    const findings = fleetUniqueAddresses.evaluate([member('node1', { address: '198.18.0.10' }), member('node2', { address: '198.18.0.10' }), member('node3')]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'fail', hosts: ['node1', 'node2'] });
    expect(findings[0]!.summary).toContain('198.18.0.10');
  });
  it('is unknown for hosts without interface facts', () => {
    const findings = fleetUniqueAddresses.evaluate([member('node1'), member('node2', { facts: { interfaces: missing('ip addr show', 'ip is not installed') } })]);
    expect(findings.map((finding) => [finding.status, finding.hosts])).toEqual([['unknown', ['node2']]]);
  });
});

describe('fleet.mtu', () => {
  it('passes equal MTUs and reports the MTU for Calico (IPIP: 1480)', () => {
    const [finding] = fleetMtu.evaluate([member('node1'), member('node2')]);
    expect(finding!.status).toBe('pass');
    expect(finding!.summary).toContain('configure Calico with MTU 1480');
    expect(finding!.evidence[0]!.fact).toBe('node1: eth0 (holds 10.0.0.1) MTU 1500');
  });
  it.each([
    [settings({ encapsulation: 'vxlan' }), 1450],
    [settings({ encapsulation: 'none' }), 1500],
    [settings({ wireguard: true }), 1440],
  ])('leaves room for the encapsulation (%#)', (mode, expected) => {
    expect(fleetMtu.evaluate([member('node1', { mode }), member('node2', { mode })])[0]!.summary).toContain(`MTU ${expected}`);
  });
  it('warns when MTUs differ, sizing for the smallest', () => {
    const [finding] = fleetMtu.evaluate([member('node1', { mtu: 9000 }), member('node2', { mtu: 1450 })]);
    expect(finding!.status).toBe('warn');
    expect(finding!.summary).toContain('node2 (1450)');
    expect(finding!.remediation).toContain('veth_mtu: "1430"');
  });
  it('names only the hosts whose MTU differs from the rest', () => {
    const [finding] = fleetMtu.evaluate([member('node1'), member('node2', { address: '10.0.0.2' }), member('node3', { address: '10.0.0.3', mtu: 1400 })]);
    expect(finding!.status).toBe('warn');
    expect(finding!.hosts).toEqual(['node3']);
    expect(finding!.summary).toContain('most hosts use 1500, but not node3 (1400)');
    expect(finding!.evidence.map((e) => e.fact)).toEqual(['node3: eth0 (holds 10.0.0.3) MTU 1400']);
  });
  it('fails when no room is left', () => {
    expect(fleetMtu.evaluate([member('node1', { mtu: 1300, mode: settings({ ipv6: true, encapsulation: 'vxlan' }) })])[0]!.status).toBe('fail');
  });
  it('uses the default-route interface when the audit address is not on the host (loopback, NAT)', () => {
    const [finding] = fleetMtu.evaluate([{ ...member('node1'), address: '127.0.0.1' }]);
    expect(finding!.evidence[0]!.fact).toBe('node1: eth0 (carries the default route) MTU 1500');
  });
  it('is unknown where the MTU is missing', () => {
    const [finding] = fleetMtu.evaluate([member('node1'), member('node2', { mtu: null })]);
    expect(finding).toMatchObject({ status: 'unknown', hosts: ['node2'] });
  });
});

describe('fleet.clock-skew', () => {
  it('passes clocks within 2 s', () => {
    expect(fleetClockSkew.evaluate([member('node1', { skewMs: 300 }), member('node2', { skewMs: -1200 })])[0]!.status).toBe('pass');
  });
  it('warns from 2 s and fails beyond 5 s, per host', () => {
    const findings = fleetClockSkew.evaluate([member('node1', { skewMs: 3000 }), member('node2', { skewMs: -90_000 }), member('node3')]);
    expect(findings.map((finding) => [finding.status, finding.hosts])).toEqual([
      ['fail', ['node2']],
      ['warn', ['node1']],
    ]);
    expect(findings[0]!.evidence[0]!.fact).toBe("node2: clock -90.0 s ± 0.1 s from the auditor's (round trip 0.1 s)");
    expect(findings[0]!.remediation).toContain('timedatectl set-ntp true');
  });
  it('judges against the middle of the round trip: a 3 s login that read a true clock late is no skew', () => {
    // The host's clock is right, but it was read 3 s after the command was sent (slow login) and arrived at once.
    const late = member('node1');
    late.facts.clock = found({ hostEpochMs: 1_700_000_003_000, sentEpochMs: 1_700_000_000_000, receivedEpochMs: 1_700_000_003_010 }, 'date +%s%N');
    const [finding] = fleetClockSkew.evaluate([late]);
    expect(finding!.status).toBe('pass');
    expect(finding!.evidence[0]!.fact).toBe("node1: clock +1.5 s ± 1.5 s from the auditor's (round trip 3.0 s)");
  });
  it('fails only when even the least skew the round trip allows is over the limit, and is unknown when it cannot tell', () => {
    expect(fleetClockSkew.evaluate([member('node1', { skewMs: 7000, roundTripMs: 2000 })])[0]!.status).toBe('fail');
    expect(fleetClockSkew.evaluate([member('node1', { skewMs: 4000, roundTripMs: 6000 })])[0]!.status).toBe('unknown');
    expect(fleetClockSkew.evaluate([member('node1', { skewMs: 2500, roundTripMs: 2000 })])[0]!.status).toBe('pass');
  });
  it('is unknown without a clock reading', () => {
    expect(fleetClockSkew.evaluate([member('node1', { facts: { clock: missing('date', 'date gave no epoch time') } })])[0]!.status).toBe('unknown');
  });
});
