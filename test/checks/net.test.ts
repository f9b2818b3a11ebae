import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datastoreReachable } from '../../src/checks/datastore/reachable.js';
import { netPortsFree } from '../../src/checks/net/ports-free.js';
import { netPeerPaths } from '../../src/checks/net/peer-paths.js';
import { iptablesRule } from '../../src/checks/lib/iptables-rule.js';
import { nftRule } from '../../src/checks/lib/nft-rule.js';
import { walkBaseChain } from '../../src/checks/lib/chain-walk.js';
import type { Packet } from '../../src/checks/lib/packet.js';
import type { ConnectProbe, HostFacts, Listener } from '../../src/core/facts.js';
import { firewallOf, fixture, found, healthyHost, missing, settings } from './facts.js';

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

const firewallFixture = (path: string) => readFileSync(new URL(`../fixtures/firewall/${path}`, import.meta.url), 'utf8');
const inbound = (protocol: number, port?: number): Packet => ({ direction: 'in', family: 4, protocol, ...(port ? { port } : {}) });

describe('iptables rules against a packet from a peer', () => {
  const bgp = inbound(6, 179);
  const ipip = inbound(4);
  it.each([
    ['-A INPUT -p tcp -m tcp --dport 179 -j DROP', bgp, 'yes', 'drop', true],
    ['-A INPUT -p tcp -m multiport --dports 22,170:180 -j REJECT --reject-with tcp-reset', bgp, 'yes', 'drop', true],
    ['-A INPUT -p tcp -m tcp --dport 22 -j DROP', bgp, 'no', 'drop', false],
    ['-A INPUT -p tcp -m tcp ! --dport 179 -j DROP', bgp, 'no', 'drop', false],
    ['-A INPUT -s 203.0.113.0/24 -p tcp -m tcp --dport 179 -j DROP', bgp, 'maybe', 'drop', true],
    ['-A INPUT -p 4 -j DROP', ipip, 'yes', 'drop', true],
    ['-A INPUT -p ipencap -j DROP', ipip, 'yes', 'drop', true],
    // RHEL's /etc/protocols names 4 "ipv4"; "ipip" is protocol 94 everywhere.
    ['-A INPUT -p ipv4 -j DROP', ipip, 'yes', 'drop', true],
    ['-A INPUT -p ipip -j DROP', ipip, 'no', 'drop', false],
    ['-A INPUT -p udp -m udp --dport 4789 -j DROP', ipip, 'no', 'drop', false],
    ['-A INPUT -j REJECT --reject-with icmp-host-prohibited', bgp, 'yes', 'drop', false],
    ['-A INPUT -m conntrack --ctstate INVALID -j DROP', bgp, 'no', 'drop', false],
    ['-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT', bgp, 'no', 'accept', false],
    ['-A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT', bgp, 'no', 'accept', false],
    ['-A INPUT -i lo -j ACCEPT', bgp, 'no', 'accept', false],
    ['-A INPUT -i eth1 -j ACCEPT', bgp, 'maybe', 'accept', false],
    ['-A INPUT -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -m state --state NEW -j DROP', bgp, 'no', 'drop', false],
    ['-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE -j DROP', bgp, 'no', 'drop', false],
    ['-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP', bgp, 'no', 'drop', false],
    ['-A INPUT -m addrtype --dst-type LOCAL -j RETURN', bgp, 'yes', 'return', false],
    ['-A INPUT -m set --match-set peers src -p 4 -j ACCEPT', ipip, 'maybe', 'accept', true],
    ['-A INPUT -m comment --comment "cali:Cz_u1IQiXIMmKD4c" -j cali-INPUT', bgp, 'yes', 'jump', false],
  ] as const)('%s', (rule, packet, match, verdict, explicit) => {
    const outcome = iptablesRule(rule, packet);
    expect(outcome.match).toBe(match);
    expect(outcome.verdict.kind).toBe(verdict);
    expect(outcome.explicit).toBe(explicit);
  });
});

describe('nft rules against a packet from a peer', () => {
  const bgp = inbound(6, 179);
  const ipip = inbound(4);
  const sets = { calico_peers: ['192.0.2.0/24'], ports: ['22', '179'] };
  it.each([
    ['ct state established,related accept', bgp, 'no', 'accept'],
    ['ct state { established, related } accept', bgp, 'no', 'accept'],
    ['tcp dport 22 ct state new,untracked accept', bgp, 'no', 'accept'],
    ['tcp dport ssh ct state new,untracked accept', bgp, 'no', 'accept'],
    ['tcp dport bgp accept', bgp, 'yes', 'accept'],
    ['tcp dport { 22, 179 } accept', bgp, 'yes', 'accept'],
    ['tcp dport @ports accept', bgp, 'yes', 'accept'],
    ['tcp dport 170-180 drop', bgp, 'yes', 'drop'],
    ['iifname "lo" accept', bgp, 'no', 'accept'],
    ['iif "eth0" accept', bgp, 'maybe', 'accept'],
    ['ip saddr @calico_peers tcp dport 179 accept', bgp, 'maybe', 'accept'],
    ['meta l4proto { icmp, ipv6-icmp } accept', ipip, 'no', 'accept'],
    ['meta l4proto ipencap accept', ipip, 'yes', 'accept'],
    ['ip protocol 4 counter packets 0 bytes 0 drop', ipip, 'yes', 'drop'],
    ['meta l4proto ipip accept', ipip, 'no', 'accept'],
    ['meta nfproto ipv6 fib saddr . iif oif missing drop', bgp, 'no', 'drop'],
    ['fib saddr . mark . iif oif missing drop', bgp, 'maybe', 'drop'],
    ['ct status dnat accept', bgp, 'no', 'accept'],
    ['ct state invalid drop', bgp, 'no', 'drop'],
    ['reject with icmpx type admin-prohibited', bgp, 'yes', 'drop'],
    ['counter packets 0 bytes 0 reject with icmpx admin-prohibited', bgp, 'yes', 'drop'],
    ['ip6 daddr fe80::/64 udp dport 546 accept', inbound(17, 546), 'no', 'accept'],
    ['icmpv6 type { nd-router-advert, nd-neighbor-solicit } accept', bgp, 'no', 'accept'],
    ['iifname "eth0" goto filter_IN_trusted', bgp, 'maybe', 'goto'],
    ['jump filter_INPUT_ZONES', bgp, 'yes', 'jump'],
    ['limit rate 5/minute burst 5 packets log prefix "x" drop', bgp, 'maybe', 'drop'],
    ['udp dport tftp ct helper "tftp"', bgp, 'no', 'continue'],
  ] as const)('%s', (rule, packet, match, verdict) => {
    const outcome = nftRule(rule, packet, sets);
    expect(outcome.match).toBe(match);
    expect(outcome.verdict.kind).toBe(verdict);
  });

  it('ct state vmap: the verdict of the entry the first packet matches, none when it matches none', () => {
    expect(nftRule('ct state vmap { invalid : drop, established : accept, related : accept }', bgp, {})).toMatchObject({ match: 'no' });
    expect(nftRule('ct state vmap { new : jump from_peers, invalid : drop }', bgp, {})).toMatchObject({ match: 'yes', verdict: { kind: 'jump', chain: 'from_peers' } });
  });
});

describe('following a packet through the chains', () => {
  const graph = (chains: Record<string, string[]>) => ({
    rules: (name: string) => chains[name]?.map((text) => ({ text, outcome: iptablesRule(text, inbound(6, 179)) })),
    opaque: (name: string) => (name.startsWith('cali-') ? ('may-accept' as const) : null),
  });
  it('a drop in a chain INPUT never jumps to is never reached', () => {
    expect(walkBaseChain(graph({ INPUT: [], unused: ['-A unused -j DROP'] }), 'INPUT', 'accept')).toEqual([]);
  });
  it('jumps, returns and gotos: the drop after a return to INPUT blocks; one behind a RETURN does not', () => {
    const chains = { INPUT: ['-A INPUT -j mine', '-A INPUT -j REJECT'], mine: ['-A mine -m addrtype --dst-type LOCAL -j RETURN', '-A mine -j DROP'] };
    expect(walkBaseChain(graph(chains), 'INPUT', 'accept')).toEqual([{ effect: 'blocks', rule: '-A INPUT -j REJECT', chain: 'INPUT', via: ['INPUT'] }]);
  });
  it('a drop reached only through a conditional jump counts when the jump names the traffic', () => {
    const anyTraffic = { INPUT: ['-A INPUT -i eth1 -j zone'], zone: ['-A zone -j DROP'] };
    expect(walkBaseChain(graph(anyTraffic), 'INPUT', 'accept')).toEqual([]);
    const bgpOnly = { INPUT: ['-A INPUT -i eth1 -p tcp -m tcp --dport 179 -j zone'], zone: ['-A zone -j DROP'] };
    expect(walkBaseChain(graph(bgpOnly), 'INPUT', 'accept')).toEqual([{ effect: 'may-block', rule: '-A zone -j DROP', chain: 'zone', via: ['INPUT', 'zone'] }]);
  });
  it('an accept that may match makes a later drop (or the policy) a risk, not a block', () => {
    expect(walkBaseChain(graph({ INPUT: ['-A INPUT -s 10.0.0.0/8 -j ACCEPT'] }), 'INPUT', 'drop')).toEqual([{ effect: 'may-block', rule: 'policy DROP', chain: 'INPUT', via: ['INPUT'] }]);
    expect(walkBaseChain(graph({ INPUT: ['-A INPUT -i lo -j ACCEPT'] }), 'INPUT', 'drop')).toEqual([{ effect: 'blocks', rule: 'policy DROP', chain: 'INPUT', via: ['INPUT'] }]);
  });
  it("Calico's cali- chains are walked over, unread, as chains that may accept", () => {
    expect(walkBaseChain(graph({ INPUT: ['-A INPUT -j cali-INPUT', '-A INPUT -j REJECT'] }), 'INPUT', 'accept')).toEqual([{ effect: 'may-block', rule: '-A INPUT -j REJECT', chain: 'INPUT', via: ['INPUT'] }]);
  });
});

describe('net.peer-paths', () => {
  const peers = [probe('peer', 'node2', 179, 'refused'), probe('peer', 'node3', 179, 'connected')];
  const onHost = (firewall: HostFacts['firewall'], extra: Partial<HostFacts> = {}): HostFacts => ({ ...withProbes(peers), firewall, ...extra });
  const legacy = (text: string) => firewallOf({ legacy: text });

  it('passes when peers answer on 179 and no rule drops Calico traffic (a real Docker host)', () => {
    const verdict = netPeerPaths.evaluate(onHost(legacy(fixture('iptables-save/docker-host-iptables-1.6.0/iptables-save.out'))), settings());
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence.map((entry) => entry.fact)).toEqual(expect.arrayContaining(['TCP 179 to node2 (node2): refused', expect.stringMatching(/^no firewall rule drops/)]));
  });

  it("fails CentOS 7's iptables-services default: its catch-all REJECT comes after accepts that do not cover Calico", () => {
    // Before: "may be dropped" (warn), the REJECT being judged without the rules before it.
    const verdict = netPeerPaths.evaluate(onHost(legacy(firewallFixture('iptables-save/centos-7-iptables-services.out'))), settings());
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain('TCP 179 (BGP) is dropped by "-A INPUT -j REJECT --reject-with icmp-host-prohibited"');
    expect(verdict.summary).toContain('IP protocol 4 (IPIP) is dropped');
    expect(verdict.remediation).toContain('iptables -I INPUT -p 4 -j ACCEPT');
  });

  it("passes a Calico v3.22 node: Felix's per-pod drops and its IPIP drop for non-Calico hosts are Calico's, not a host firewall", () => {
    // Before: warn, counting "Drop if no profiles matched" and "Drop IPIP packets from non-Calico hosts" as may-block.
    const node = onHost(legacy(firewallFixture('iptables-save/calico-v3.22-kubernetes-node.out')));
    expect(netPeerPaths.evaluate(node, settings()).status).toBe('pass');
    expect(netPeerPaths.evaluate(node, settings({ encapsulation: 'vxlan' })).status).toBe('pass');
  });

  it('warns on a real Shorewall host, naming the reject its INPUT chain ends in', () => {
    const verdict = netPeerPaths.evaluate(onHost(legacy(fixture('iptables-save/shorewall-iptables-1.4.21/iptables-save.out'))), settings());
    expect(verdict.status).toBe('warn');
    expect(verdict.evidence.map((entry) => entry.fact)).toContain('IP protocol 4 (IPIP): may be dropped by [legacy iptables filter reject] -A reject -j REJECT --reject-with icmp-host-prohibited (via INPUT → reject)');
    // Its per-interface zone chains drop everything of their zone, but name no Calico traffic.
    expect(verdict.evidence.some((entry) => entry.fact.includes('-A net-fw -j DROP'))).toBe(false);
  });

  it("fails an nftables-only firewalld host (RHEL 8's 0.8, RHEL 9's 1.x): the zone's or filter_INPUT's final reject", () => {
    // Before: pass; nftables rules were not read at all.
    const el8 = netPeerPaths.evaluate(onHost(firewallOf({ nftables: firewallFixture('nft/rhel-8-firewalld-0.8-libvirt.nft') })), settings());
    expect(el8.status).toBe('fail');
    expect(el8.evidence.map((e) => e.fact)).toContain('IP protocol 4 (IPIP): dropped by [nftables inet firewalld filter_INPUT] reject with icmpx type admin-prohibited');
    const el9 = netPeerPaths.evaluate(onHost(firewallOf({ nftables: firewallFixture('nft/firewalld-1.3.3-public.nft') })), settings());
    expect(el9.status).toBe('fail');
    expect(el9.evidence.map((e) => e.fact)).toContain('TCP 179 (BGP): dropped by [nftables inet firewalld filter_IN_public] reject with icmpx admin-prohibited (via filter_INPUT → filter_INPUT_ZONES → filter_IN_public)');
    expect(el9.remediation).toMatch(/firewall-cmd --permanent --add-port=179\/tcp\nfirewall-cmd --permanent --add-protocol=4\nfirewall-cmd --reload$/);
  });

  it('passes firewalld once BGP, VXLAN and IPIP are allowed; warns when a trusted zone only covers one interface', () => {
    expect(netPeerPaths.evaluate(onHost(firewallOf({ nftables: firewallFixture('nft/firewalld-1.3.3-public-calico-open.nft') })), settings()).status).toBe('pass');
    expect(netPeerPaths.evaluate(onHost(firewallOf({ nftables: firewallFixture('nft/firewalld-1.3.3-public-calico-open.nft') })), settings({ encapsulation: 'vxlan' })).status).toBe('pass');
    expect(netPeerPaths.evaluate(onHost(firewallOf({ nftables: firewallFixture('nft/firewalld-1.3.3-eth0-trusted.nft') })), settings()).status).toBe('warn');
  });

  it('a hand-written inet table: IPIP blocked by its final reject, BGP only from a set of peers', () => {
    const verdict = netPeerPaths.evaluate(onHost(firewallOf({ nftables: firewallFixture('nft/inet-filter-hand-written.nft') })), settings());
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toMatch(/^IP protocol 4 \(IPIP\) is dropped/);
    expect(verdict.evidence.map((e) => e.fact)).toContain('TCP 179 (BGP): may be dropped by [nftables inet filter input] counter packets 0 bytes 0 reject with icmpx admin-prohibited');
    expect(verdict.remediation).toContain('nft insert rule inet filter input meta l4proto 4 accept');
  });

  it('sees drops in either iptables backend: both apply to every packet', () => {
    const verdict = netPeerPaths.evaluate(onHost(firewallOf({ legacy: '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n', nft: '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p 4 -j DROP\nCOMMIT\n', defaultBackend: 'nft' })), settings());
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain('[iptables-nft filter INPUT]');
    expect(verdict.remediation).toContain('iptables -I INPUT -p 4 -j ACCEPT');
  });

  it('fails on a timeout to a peer and on a rule that drops protocol 4', () => {
    expect(netPeerPaths.evaluate(withProbes([probe('peer', 'node2', 179, 'timeout')]), settings()).status).toBe('fail');
    const dropsIpip = netPeerPaths.evaluate(onHost(legacy('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p 4 -j DROP\nCOMMIT\n')), settings());
    expect(dropsIpip.status).toBe('fail');
    expect(dropsIpip.summary).toContain('IP protocol 4 (IPIP) is dropped');
    // The same rule does not matter with VXLAN.
    expect(netPeerPaths.evaluate(onHost(legacy('*filter\n-A INPUT -p 4 -j DROP\nCOMMIT\n')), settings({ encapsulation: 'vxlan' })).status).toBe('pass');
  });

  it('is unknown for IPIP when the rules need root, or a backend that holds tables cannot be read', () => {
    const verdict = netPeerPaths.evaluate(onHost(missing('iptables-save', 'iptables-save needs root: re-run with --become')), settings());
    expect(verdict.status).toBe('unknown');
    expect(verdict.remediation).toContain('--become');
    // Plain BGP routing is proven by the connect probes alone.
    expect(netPeerPaths.evaluate(onHost(missing('iptables-save', 'needs root')), settings({ encapsulation: 'none' })).status).toBe('pass');
    const unread = firewallOf({});
    if (!unread.ok) throw new Error('fixture');
    unread.value.legacy = { ...unread.value.legacy, status: 'unread', detail: 'the kernel lists legacy tables (filter), but the host has no iptables-legacy-save (or iptables-save of that backend) to read them' };
    const gap = netPeerPaths.evaluate(onHost(unread), settings());
    expect(gap.status).toBe('unknown');
    expect(gap.summary).toContain('no iptables-legacy-save');
  });

  it('ignores BGP probes when Calico runs VXLAN without BGP, and IPv6 rules without IPv6', () => {
    const vxlan = { ...withProbes([probe('peer', 'node2', 179, 'timeout')]), firewall: legacy('*filter\n-A INPUT -p udp -m udp --dport 22 -j DROP\nCOMMIT\n') };
    expect(netPeerPaths.evaluate(vxlan, settings({ encapsulation: 'vxlan' })).status).toBe('pass');
    expect(netPeerPaths.evaluate(vxlan, settings({ encapsulation: 'vxlan', bgp: true })).status).toBe('fail');
    const v6 = onHost(firewallOf({ legacy6: '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 179 -j DROP\nCOMMIT\n' }));
    expect(netPeerPaths.evaluate(v6, settings()).status).toBe('pass');
    expect(netPeerPaths.evaluate(v6, settings({ ipv6: true })).status).toBe('fail');
  });

  it('checks what the host sends to peers too (OUTPUT)', () => {
    const verdict = netPeerPaths.evaluate(onHost(legacy('*filter\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -m tcp --dport 179 -j DROP\nCOMMIT\n')), settings());
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain('TCP 179 (BGP) to peers is dropped');
  });

  it('skips when Calico sends nothing between hosts', () => {
    expect(netPeerPaths.evaluate(healthyHost(), settings({ encapsulation: 'none', bgp: false })).status).toBe('skip');
  });
});
