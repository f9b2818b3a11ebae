/**
 * The packet a firewall rule is judged against: the first packet of a flow Calico opens
 * between two hosts (a BGP SYN, a VXLAN datagram, an IPIP packet), arriving from a peer or
 * leaving for one. What a rule asks of it is answered yes, no or maybe (it depends on
 * something a host's rules cannot tell: the peer's address, the interface, a mark, a set).
 */
export interface Packet {
  direction: 'in' | 'out';
  family: 4 | 6;
  /** IP protocol number: 6 TCP, 17 UDP, 4 IPIP. */
  protocol: number;
  /** Destination port (TCP, UDP). */
  port?: number;
}

export type Match = 'yes' | 'no' | 'maybe';

export type Verdict = { kind: 'accept' | 'drop' | 'return' | 'continue' } | { kind: 'jump' | 'goto'; chain: string };

export interface RuleOutcome {
  match: Match;
  verdict: Verdict;
  /** The rule names the packet's protocol (and port): worth a warning even when it only may match. */
  explicit: boolean;
}

/** Every part must match; one "no" rules the rule out. */
export function all(matches: Match[]): Match {
  if (matches.includes('no')) return 'no';
  return matches.includes('maybe') ? 'maybe' : 'yes';
}

export function negate(match: Match): Match {
  return match === 'yes' ? 'no' : match === 'no' ? 'yes' : 'maybe';
}

/** Any one of several values (a set, a comma list). */
export function any(matches: Match[]): Match {
  if (matches.includes('yes')) return 'yes';
  return matches.includes('maybe') ? 'maybe' : 'no';
}

/**
 * Protocol names as /etc/protocols spells them (getprotobyname is what iptables and nft use):
 * 4 is "ipencap" on Debian and Ubuntu, "ipv4" on RHEL; "ipip" is protocol 94, not IPIP.
 */
const PROTOCOLS: Record<string, number> = {
  icmp: 1, igmp: 2, ipencap: 4, ipv4: 4, tcp: 6, udp: 17, ipv6: 41, gre: 47, esp: 50, ah: 51,
  'ipv6-icmp': 58, icmpv6: 58, ospf: 89, ipip: 94, vrrp: 112, sctp: 132, udplite: 136,
};

export function protocolMatch(word: string, packet: Packet): Match {
  const name = word.toLowerCase().replace(/^"|"$/g, '');
  if (name === 'all' || name === '0') return 'yes';
  const number = /^\d+$/.test(name) ? Number(name) : PROTOCOLS[name];
  if (number === undefined) return 'maybe';
  return number === packet.protocol ? 'yes' : 'no';
}

/** Service names for ports as /etc/services spells them, where a rule may print them. */
const SERVICES: Record<string, number> = {
  ftp: 21, ssh: 22, telnet: 23, smtp: 25, domain: 53, bootps: 67, bootpc: 68, tftp: 69, http: 80,
  ntp: 123, 'netbios-ssn': 139, bgp: 179, https: 443, 'microsoft-ds': 445, 'dhcpv6-client': 546,
  'dhcpv6-server': 547, mdns: 5353, vxlan: 4789,
};

/**
 * Whether the destination port is in a port expression: "179", "170:180" (iptables), "170-180"
 * (nft), or a service name.
 */
export function portMatch(word: string, port: number | undefined): Match {
  if (port === undefined) return 'maybe';
  const range = /^(\w[\w-]*?)[:-](\w+)$/.exec(word);
  if (range && /^\d+$/.test(range[1]!) && /^\d+$/.test(range[2]!)) return port >= Number(range[1]) && port <= Number(range[2]) ? 'yes' : 'no';
  const number = /^\d+$/.test(word) ? Number(word) : SERVICES[word.toLowerCase()];
  if (number === undefined) return 'maybe';
  return number === port ? 'yes' : 'no';
}

/** An address that a peer's packet never has: loopback. */
export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || address === '::1/128';
}
