import { describe, expect, it } from 'vitest';
import { datastoreReachable } from '../../src/checks/datastore/reachable.js';
import { netPortsFree } from '../../src/checks/net/ports-free.js';
import { netPeerPaths } from '../../src/checks/net/peer-paths.js';
import { ruleEffect } from '../../src/checks/lib/iptables-rule.js';
import { parseIptablesSave } from '../../src/probes/parsers/iptables-save.js';
import type { ConnectProbe, HostFacts, Listener } from '../../src/core/facts.js';
import { fixture, found, healthyHost, missing, settings } from './facts.js';

const probe = (purpose: ConnectProbe['purpose'], target: string, port: number, outcome: ConnectProbe['outcome']): ConnectProbe => ({ purpose, target, address: target.replace(/^https?:\/\//, '').replace(/:\d+$/, ''), port, protocol: 'tcp', outcome });
const withProbes = (probes: ConnectProbe[]): HostFacts => ({ ...healthyHost(), connectivity: found(probes, 'bash /dev/tcp') });

describe('datastore.reachable', () => {
  const etcd = settings({ datastore: 'etcd', etcdEndpoints: ['https://10.0.0.5:2379', '10.0.0.6:2379'] });
  it('skips when no endpoint is configured, naming the setting', () => {
    const verdict = datastoreReachable.evaluate(healthyHost(), settings());
    expect(verdict.status).toBe('skip');
    expect(verdict.summary).toContain('kube_apiserver_endpoint');
    expect(datastoreReachable.evaluate(healthyHost(), settings({ datastore: 'etcd' })).summary).toContain('calico_etcd_endpoints');
  });
  it('passes when every endpoint connected', () => {
    const verdict = datastoreReachable.evaluate(withProbes([probe('datastore', 'https://10.0.0.5:2379', 2379, 'connected'), probe('datastore', '10.0.0.6:2379', 2379, 'connected')]), etcd);
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toHaveLength(2);
  });
  it('fails on refused (nothing listens) and timeout (filtered)', () => {
    const verdict = datastoreReachable.evaluate(withProbes([probe('datastore', 'https://10.0.0.5:2379', 2379, 'refused'), probe('datastore', '10.0.0.6:2379', 2379, 'timeout')]), etcd);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence.map((entry) => entry.fact).join('\n')).toMatch(/refused: nothing listens[\s\S]*timed out: a firewall drops/);
    expect(verdict.remediation).toContain('TCP 2379');
  });
  it('is unknown when an endpoint was not probed or the probe could not run', () => {
    expect(datastoreReachable.evaluate(withProbes([probe('datastore', 'https://10.0.0.5:2379', 2379, 'connected')]), etcd).status).toBe('unknown');
    expect(datastoreReachable.evaluate({ ...healthyHost(), connectivity: missing('connect', 'no bash, nc or timeout') }, etcd).status).toBe('unknown');
  });
  it('probes the apiserver with the Kubernetes datastore', () => {
    const kdd = settings({ apiserverEndpoint: '10.0.0.2:6443' });
    expect(datastoreReachable.evaluate(withProbes([probe('datastore', '10.0.0.2:6443', 6443, 'connected')]), kdd).status).toBe('pass');
  });
});

describe('net.ports-free', () => {
  const listening = (listeners: Listener[], facts = healthyHost()) => ({ ...facts, listeners: found(listeners, 'ss -ltnup') });
  const on = (protocol: Listener['protocol'], address: string, port: number, process?: string): Listener => ({ protocol, family: address.includes(':') ? 6 : 4, address, port, ...(process ? { process } : {}) });

  it('passes when nothing listens on the needed ports', () => {
    const verdict = netPortsFree.evaluate(listening([on('tcp', '0.0.0.0', 22, 'sshd'), on('udp', '0.0.0.0', 179)]), settings());
    expect(verdict.status).toBe('pass');
    expect(verdict.summary).toContain('tcp/179');
  });
  it.each(['0.0.0.0', '::', '*', '10.0.0.11', '127.0.0.1'])('fails when something listens on tcp/179 at %s', (address) => {
    const verdict = netPortsFree.evaluate(listening([on('tcp', address, 179, 'frr')]), settings());
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain(`held by frr on ${address}`);
    expect(verdict.remediation).toContain('ss -lntup');
  });
  it('checks the ports of the chosen features only', () => {
    const vxlan = [on('udp', '0.0.0.0', 4789, 'flanneld')];
    expect(netPortsFree.evaluate(listening(vxlan), settings()).status).toBe('pass');
    expect(netPortsFree.evaluate(listening(vxlan), settings({ encapsulation: 'vxlan' })).status).toBe('fail');
    expect(netPortsFree.evaluate(listening([on('tcp', '::', 5473)]), settings({ typha: true })).status).toBe('fail');
    expect(netPortsFree.evaluate(listening([on('udp', '0.0.0.0', 51820)]), settings({ wireguard: true })).status).toBe('fail');
    expect(netPortsFree.evaluate(listening([on('tcp', '0.0.0.0', 1790, 'bird')]), settings({ ports: { bgp: 1790, vxlan: 4789, typha: 5473, wireguard: 51820 } })).status).toBe('fail');
    // VXLAN without BGP: tcp/179 does not matter; with BGP asked for, it does.
    expect(netPortsFree.evaluate(listening([on('tcp', '0.0.0.0', 179, 'bird')]), settings({ encapsulation: 'vxlan' })).status).toBe('pass');
    expect(netPortsFree.evaluate(listening([on('tcp', '0.0.0.0', 179, 'bird')]), settings({ encapsulation: 'vxlan', bgp: true })).status).toBe('fail');
  });
  it("does not fail Calico's own BIRD on a node where Calico runs", () => {
    const calicoNode = { ...healthyHost(), cni: found({ files: [{ name: '10-calico.conflist', types: ['calico', 'portmap'] }] }, '/etc/cni/net.d') };
    expect(netPortsFree.evaluate(listening([on('tcp', '0.0.0.0', 179, 'bird')], calicoNode), settings()).status).toBe('pass');
    expect(netPortsFree.evaluate(listening([on('tcp', '0.0.0.0', 179)], calicoNode), settings()).status).toBe('unknown');
    expect(netPortsFree.evaluate(listening([on('tcp', '0.0.0.0', 179)]), settings()).status).toBe('fail');
  });
  it('is unknown without a socket list', () => {
    expect(netPortsFree.evaluate({ ...healthyHost(), listeners: missing('ss', 'no listening-socket source answered') }, settings()).status).toBe('unknown');
  });
});

describe('iptables rule effects', () => {
  const bgp = { protocol: 'tcp' as const, port: 179, label: 'BGP' };
  const ipip = { protocol: 'ipip' as const, label: 'IPIP' };
  it.each([
    ['-A INPUT -p tcp -m tcp --dport 179 -j DROP', bgp, 'blocks'],
    ['-A INPUT -p tcp -m multiport --dports 22,170:180 -j REJECT --reject-with tcp-reset', bgp, 'blocks'],
    ['-A INPUT -p tcp -m tcp --dport 22 -j DROP', bgp, null],
    ['-A INPUT -p tcp -m tcp ! --dport 179 -j DROP', bgp, null],
    ['-A INPUT -s 203.0.113.0/24 -p tcp -m tcp --dport 179 -j DROP', bgp, 'may-block'],
    ['-A INPUT -p 4 -j DROP', ipip, 'blocks'],
    ['-A INPUT -p ipencap -j DROP', ipip, 'blocks'],
    ['-A INPUT -p udp -m udp --dport 4789 -j DROP', ipip, null],
    ['-A INPUT -j REJECT --reject-with icmp-host-prohibited', bgp, 'may-block'],
    ['-A INPUT -m conntrack --ctstate INVALID -j DROP', bgp, null],
    ['-A FORWARD -p tcp --dport 179 -j DROP', bgp, null],
    [':INPUT DROP [0:0]', ipip, 'may-block'],
  ] as const)('%s', (rule, traffic, effect) => {
    expect(ruleEffect(rule, traffic)).toBe(effect);
  });
});

describe('net.peer-paths', () => {
  const rules = (text: string) => found(parseIptablesSave(text), 'iptables-save');
  const peers = [probe('peer', 'node2', 179, 'refused'), probe('peer', 'node3', 179, 'connected')];

  it('passes when peers answer on 179 and no rule drops Calico traffic (a real Docker host)', () => {
    const verdict = netPeerPaths.evaluate({ ...withProbes(peers), firewallRules: rules(fixture('iptables-save/docker-host-iptables-1.6.0/iptables-save.out')) }, settings());
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence.map((entry) => entry.fact)).toEqual(expect.arrayContaining(['TCP 179 to node2 (node2): refused', expect.stringMatching(/^no DROP\/REJECT rule/)]));
  });
  it('warns on a real Shorewall host whose INPUT policy drops what is not accepted', () => {
    const verdict = netPeerPaths.evaluate({ ...withProbes(peers), firewallRules: rules(fixture('iptables-save/shorewall-iptables-1.4.21/iptables-save.out')) }, settings());
    expect(verdict.status).toBe('warn');
    expect(verdict.evidence.some((entry) => entry.fact.includes(':INPUT DROP'))).toBe(true);
    expect(verdict.remediation).toContain('iptables -I INPUT -p 4 -j ACCEPT');
  });
  it('fails on a timeout to a peer and on a rule that drops protocol 4', () => {
    expect(netPeerPaths.evaluate(withProbes([probe('peer', 'node2', 179, 'timeout')]), settings()).status).toBe('fail');
    const dropsIpip = netPeerPaths.evaluate({ ...withProbes(peers), firewallRules: rules('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p 4 -j DROP\nCOMMIT\n') }, settings());
    expect(dropsIpip.status).toBe('fail');
    expect(dropsIpip.summary).toContain('IP protocol 4 (IPIP) is dropped');
    // The same rule does not matter with VXLAN.
    expect(netPeerPaths.evaluate({ ...withProbes(peers), firewallRules: rules('*filter\n-A INPUT -p 4 -j DROP\nCOMMIT\n') }, settings({ encapsulation: 'vxlan' })).status).toBe('pass');
  });
  it('is unknown for IPIP when the rules need root', () => {
    const verdict = netPeerPaths.evaluate({ ...withProbes(peers), firewallRules: missing('iptables-save', 'iptables-save needs root: re-run with --become') }, settings());
    expect(verdict.status).toBe('unknown');
    expect(verdict.remediation).toContain('--become');
    // Plain BGP routing is proven by the connect probes alone.
    expect(netPeerPaths.evaluate({ ...withProbes(peers), firewallRules: missing('iptables-save', 'needs root') }, settings({ encapsulation: 'none' })).status).toBe('pass');
  });
  it('ignores BGP probes when Calico runs VXLAN without BGP, and ip6tables rules without IPv6', () => {
    const vxlan = { ...withProbes([probe('peer', 'node2', 179, 'timeout')]), firewallRules: rules('*filter\n-A INPUT -p udp -m udp --dport 22 -j DROP\nCOMMIT\n') };
    expect(netPeerPaths.evaluate(vxlan, settings({ encapsulation: 'vxlan' })).status).toBe('pass');
    expect(netPeerPaths.evaluate(vxlan, settings({ encapsulation: 'vxlan', bgp: true })).status).toBe('fail');
    const v6 = { ...withProbes(peers), firewallRules: found([{ table: 'ip6:filter', chain: 'INPUT', rule: '-A INPUT -p tcp -m tcp --dport 179 -j DROP' }], 'iptables-save; ip6tables-save') };
    expect(netPeerPaths.evaluate(v6, settings()).status).toBe('pass');
    expect(netPeerPaths.evaluate(v6, settings({ ipv6: true })).status).toBe('fail');
  });

  it('skips when Calico sends nothing between hosts', () => {
    expect(netPeerPaths.evaluate(healthyHost(), settings({ encapsulation: 'none', bgp: false })).status).toBe('skip');
  });
});
