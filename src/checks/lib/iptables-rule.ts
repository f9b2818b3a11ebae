/**
 * What one iptables-save rule (`-A CHAIN matches… -j TARGET`) does to a packet Calico sends
 * between hosts: whether it matches (yes, no, maybe) and its verdict. The rule's position in its
 * chain is the walker's business (./chain-walk.ts).
 */
import { all, any, isLoopback, negate, portMatch, protocolMatch, type Match, type Packet, type RuleOutcome, type Verdict } from './packet.js';

function tokens(rule: string): string[] {
  return (rule.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? []).map((word) => word.replace(/^"(.*)"$/, '$1'));
}

const TARGETS: Record<string, Verdict['kind']> = { ACCEPT: 'accept', DROP: 'drop', REJECT: 'drop', RETURN: 'return' };

function verdictOf(words: string[]): Verdict {
  const at = words.findIndex((w) => w === '-j' || w === '--jump' || w === '-g' || w === '--goto');
  const target = at >= 0 ? words[at + 1] : undefined;
  if (target === undefined) return { kind: 'continue' };
  const builtin = TARGETS[target];
  if (builtin) return { kind: builtin } as Verdict;
  // Another extension (LOG, MARK, DNAT…) or a user chain: the walker tells them apart.
  return { kind: words[at] === '-g' || words[at] === '--goto' ? 'goto' : 'jump', chain: target };
}

/** The state a flow's first packet is in, by conntrack's names. */
const FIRST_PACKET_STATES = new Set(['NEW', 'UNTRACKED']);

function stateMatch(list: string): Match {
  return list.split(',').some((state) => FIRST_PACKET_STATES.has(state.toUpperCase())) ? 'yes' : 'no';
}

/** --tcp-flags MASK COMP on a SYN: the flags of MASK that are set must be exactly COMP. */
function tcpFlagsMatch(mask: string, comp: string): Match {
  const flags = (list: string): string[] => (list === 'ALL' ? ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'] : list === 'NONE' ? [] : list.split(','));
  const set: string[] = flags(mask).filter((flag) => flag === 'SYN');
  const expected = flags(comp);
  return set.length === expected.length && expected.every((flag) => set.includes(flag)) ? 'yes' : 'no';
}

interface Option {
  name: string;
  values: string[];
  negated: boolean;
}

function options(words: string[]): Option[] {
  const out: Option[] = [];
  let negated = false;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    if (word === '!') {
      if (out.length > 0 && out[out.length - 1]!.values.length === 0 && i > 0 && words[i - 1] === out[out.length - 1]!.name) out[out.length - 1]!.negated = true;
      else negated = true;
      continue;
    }
    if (word.startsWith('-')) {
      out.push({ name: word, values: [], negated });
      negated = false;
    } else if (out.length > 0) {
      out[out.length - 1]!.values.push(word);
    }
  }
  return out;
}

interface Judged {
  match: Match;
  /** The option names the packet's protocol (or port) explicitly. */
  names?: 'protocol' | 'port';
}

function judge(option: Option, packet: Packet): Judged | null {
  const [value = '', second = ''] = option.values;
  const inbound = packet.direction === 'in';
  switch (option.name) {
    case '-A':
    case '-m':
    case '--match':
    case '--comment':
    case '--icmp-type':
    case '--icmpv6-type':
      return null;
    case '-p':
    case '--protocol': {
      const match = protocolMatch(value, packet);
      return { match, ...(match === 'yes' && value !== 'all' ? { names: 'protocol' as const } : {}) };
    }
    case '-s':
    case '--source':
    case '-d':
    case '--destination':
      return { match: value.split(',').every(isLoopback) ? 'no' : 'maybe' };
    case '-i':
    case '--in-interface':
      return { match: !inbound ? 'maybe' : value === 'lo' ? 'no' : 'maybe' };
    case '-o':
    case '--out-interface':
      return { match: inbound ? 'maybe' : value === 'lo' ? 'no' : 'maybe' };
    case '-f':
    case '--fragment':
      return { match: 'no' };
    case '--dport':
    case '--destination-port':
    case '--dports':
    case '--destination-ports': {
      const match = any(value.split(',').map((entry) => portMatch(entry, packet.port)));
      return { match, ...(match === 'yes' ? { names: 'port' as const } : {}) };
    }
    case '--ports':
      return { match: any(value.split(',').map((entry) => portMatch(entry, packet.port))) === 'yes' ? 'yes' : 'maybe' };
    case '--state':
    case '--ctstate':
      // Also right for the virtual states DNAT and SNAT: a peer's packet to this host has neither.
      return { match: stateMatch(value) };
    case '--syn':
      return { match: 'yes' };
    case '--tcp-flags':
      return { match: tcpFlagsMatch(value, second) };
    case '--dst-type':
      return { match: value === 'LOCAL' ? (inbound ? 'yes' : 'maybe') : /^(BROADCAST|MULTICAST|ANYCAST)$/.test(value) ? 'no' : 'maybe' };
    case '--src-type':
      return { match: value === 'LOCAL' ? (inbound ? 'no' : 'yes') : /^(BROADCAST|MULTICAST|ANYCAST)$/.test(value) ? 'no' : 'maybe' };
    case '--pkt-type':
      return { match: value === 'unicast' ? 'yes' : 'no' };
    default:
      // A set, a mark, a rate limit, an owner…: what a packet from some peer carries is unknown.
      return { match: 'maybe' };
  }
}

export function iptablesRule(rule: string, packet: Packet): RuleOutcome {
  const words = tokens(rule);
  const target = words.findIndex((w) => w === '-j' || w === '--jump' || w === '-g' || w === '--goto');
  const judged = options(target >= 0 ? words.slice(0, target) : words)
    .map((option) => {
      const result = judge(option, packet);
      return result && option.negated ? { match: negate(result.match) } : result;
    })
    .filter((result): result is Judged => result !== null);
  const names = new Set(judged.map((j) => j.names));
  const explicit = names.has('protocol') && (packet.port === undefined || names.has('port'));
  return { match: all(judged.map((j) => j.match)), verdict: verdictOf(words), explicit };
}
