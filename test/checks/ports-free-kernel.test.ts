/**
 * net.ports-free on sockets no process owns: the UDP socket of a kernel VXLAN device, as
 * `ss -ltnup` printed it as root in a network namespace holding vxlan.calico (captured here,
 * see test/fixtures/checks/issue9/SOURCES.md), parsed by the real probe parsers.
 */
import { describe, expect, it } from 'vitest';
import { netPortsFree } from '../../src/checks/net/ports-free.js';
import { parseFacts } from '../../src/probes/index.js';
import type { HostFacts, NetInterface, RawProbeOutput } from '../../src/core/facts.js';
import { fixture, found, healthyHost, settings } from './facts.js';

const sec = (stdout: string): RawProbeOutput => ({ stdout, exitCode: 0, truncated: false });
const ROOT_STATUS = 'Name:\tsh\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nCapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n';
const USER_STATUS = 'Name:\tsh\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000000000\nCapBnd:\t000001ffffffffff\n';

/** The listeners fact the probe yields from this `ss` output, run as root or as a plain login user. */
function listenersFrom(ssOutput: string, asRoot: boolean): HostFacts['listeners'] {
  const raw: Record<string, RawProbeOutput> = {
    meta: sec(`uid=${asRoot ? 0 : 1000} become=none ports=179,4789 units=\n`),
    'root:status': sec(asRoot ? ROOT_STATUS : USER_STATUS),
    'root:ss-p': sec(ssOutput),
    end: sec(''),
  };
  return parseFacts(raw, { sentEpochMs: 0, receivedEpochMs: 0 }).listeners;
}

const vxlanSettings = settings({ encapsulation: 'vxlan' });
const iface = (name: string): NetInterface => ({ name, mtu: 1450, state: 'UNKNOWN', kind: 'link/ether', addresses: [] });

function hostWith(listeners: HostFacts['listeners'], extraInterfaces: NetInterface[]): HostFacts {
  const facts = healthyHost();
  const interfaces = facts.interfaces.ok ? facts.interfaces.value : [];
  return { ...facts, listeners, interfaces: found([...interfaces, ...extraInterfaces], 'ip addr show') };
}

describe('net.ports-free and kernel-owned sockets', () => {
  const kernelVxlan = fixture('issue9/ss/kernel-vxlan-ss-ltnup.out');

  it('marks a socket root saw without owner as the kernel’s, and only then', () => {
    expect(listenersFrom(kernelVxlan, true)).toMatchObject({ ok: true, value: [{ protocol: 'udp', port: 4789, kernel: true }], source: expect.stringContaining('(as root)') });
    const asUser = listenersFrom(kernelVxlan, false);
    expect(asUser.ok && asUser.value[0]?.kernel).toBeUndefined();
    const owned = listenersFrom(fixture('issue9/ss/process-udp-4789-ss-ltnup.out'), true);
    expect(owned).toMatchObject({ ok: true, value: [{ port: 4789, process: 'nc.openbsd' }] });
    expect(owned.ok && owned.value[0]?.kernel).toBeUndefined();
  });

  it("passes Calico's own vxlan.calico on a node running Calico (was unknown: re-run with --become)", () => {
    const verdict = netPortsFree.evaluate(hostWith(listenersFrom(kernelVxlan, true), [iface('vxlan.calico')]), vxlanSettings);
    expect(verdict.status, verdict.summary).toBe('pass');
    expect(verdict.evidence[0]?.fact).toMatch(/udp\/4789 \(VXLAN\) held by the kernel \(Calico's vxlan\.calico device/);
    expect(verdict.remediation ?? '').not.toMatch(/--become/);
  });

  it("warns about another kernel VXLAN device on the port (Linux shares it between VNIs)", () => {
    const verdict = netPortsFree.evaluate(hostWith(listenersFrom(kernelVxlan, true), [iface('flannel.1')]), vxlanSettings);
    expect(verdict.status).toBe('warn');
    expect(verdict.remediation).toContain('ip -d link show type vxlan');
  });

  it('fails a process on the VXLAN port, named by root', () => {
    const verdict = netPortsFree.evaluate(hostWith(listenersFrom(fixture('issue9/ss/process-udp-4789-ss-ltnup.out'), true), [iface('vxlan.calico')]), vxlanSettings);
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain('held by nc.openbsd');
  });

  it('fails a kernel-held WireGuard port without wireguard.cali (a WireGuard port is exclusive), passes it with', () => {
    const wireguard = settings({ wireguard: true, encapsulation: 'none', bgp: false });
    const kernelWg = found([{ protocol: 'udp' as const, family: 4 as const, address: '0.0.0.0', port: 51820, kernel: true as const }], 'ss -ltnup (as root)');
    expect(netPortsFree.evaluate(hostWith(kernelWg, [iface('wg0')]), wireguard).status).toBe('fail');
    expect(netPortsFree.evaluate(hostWith(kernelWg, [iface('wireguard.cali')]), wireguard).status).toBe('pass');
  });
});
