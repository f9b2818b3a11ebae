/**
 * What one rule line of `nft list ruleset` does to a packet Calico sends between hosts: whether
 * it matches (yes, no, maybe) and its verdict. Expressions are read left to right as nft prints
 * them: `selector [op] value`, statements (counter, log, limit, set), then a verdict.
 */
import { all, any, isLoopback, negate, portMatch, protocolMatch, type Match, type Packet, type RuleOutcome, type Verdict } from './packet.js';

function tokens(rule: string): string[] {
  return rule.match(/"[^"]*"|\{[^}]*\}|!=|\S+/g) ?? [];
}

/** Elements of a value: a `{ … }` set, a comma list, a named `@set`, or one word. */
function elements(value: string, sets: Record<string, string[]>): string[] | null {
  if (value.startsWith('@')) return sets[value.slice(1)] ?? null;
  const inner = value.startsWith('{') ? value.slice(1, -1) : value;
  return inner
    .split(',')
    .map((element) => element.trim().replace(/^"|"$/g, ''))
    .filter(Boolean);
}

const SELECTOR_FIRST_WORDS = new Set([
  'ip', 'ip6', 'tcp', 'udp', 'th', 'sctp', 'dccp', 'udplite', 'meta', 'ct', 'icmp', 'icmpv6', 'ether', 'vlan', 'arp', 'rt',
  'socket', 'ipsec', 'frag', 'exthdr', 'ah', 'esp', 'comp', 'mh', 'hbh', 'srh', 'osf', 'tunnel', 'numgen', 'jhash', 'symhash',
]);
const META_SHORTHANDS = new Set(['iif', 'oif', 'iifname', 'oifname', 'mark', 'pkttype', 'l4proto', 'nfproto', 'protocol', 'iiftype', 'oiftype', 'skuid', 'skgid', 'cpu', 'cgroup', 'priority', 'length']);
const OPERATORS = new Set(['!=', '==', 'eq', 'ne', '<', '>', '<=', '>=', 'lt', 'gt', 'le', 'ge']);
const TRANSPORT: Record<string, number> = { tcp: 6, udp: 17, sctp: 132, dccp: 33, udplite: 136 };

function protocolOf(selector: string, packet: Packet): Match {
  const head = selector.split(' ')[0]!;
  if (head in TRANSPORT) return TRANSPORT[head] === packet.protocol ? 'yes' : 'no';
  if (head === 'th') return Object.values(TRANSPORT).includes(packet.protocol) ? 'yes' : 'no';
  return 'yes';
}

interface Judged {
  match: Match;
  names?: 'protocol' | 'port';
}

/** One element of a value against the packet, for a selector. */
function judgeElement(selector: string, element: string, packet: Packet): Judged {
  const inbound = packet.direction === 'in';
  const name = selector.replace(/^meta /, '');
  switch (name) {
    case 'ip saddr':
    case 'ip daddr':
      return { match: packet.family !== 4 || isLoopback(element) ? 'no' : 'maybe' };
    case 'ip6 saddr':
    case 'ip6 daddr':
      return { match: packet.family !== 6 || isLoopback(element) ? 'no' : 'maybe' };
    case 'ip protocol':
    case 'ip6 nexthdr':
    case 'l4proto': {
      const family = name === 'ip protocol' ? 4 : name === 'ip6 nexthdr' ? 6 : packet.family;
      const match = family === packet.family ? protocolMatch(element, packet) : 'no';
      return { match, ...(match === 'yes' ? { names: 'protocol' as const } : {}) };
    }
    case 'ip version':
      return { match: element === String(packet.family) ? 'yes' : 'no' };
    case 'nfproto':
      return { match: element === `ipv${packet.family}` ? 'yes' : /^ipv[46]$/.test(element) ? 'no' : 'maybe' };
    case 'protocol':
      return { match: element === (packet.family === 4 ? 'ip' : 'ip6') ? 'yes' : /^ip6?$/.test(element) ? 'no' : 'maybe' };
    case 'iif':
    case 'iifname':
      return { match: inbound && element === 'lo' ? 'no' : 'maybe' };
    case 'oif':
    case 'oifname':
      return { match: !inbound && element === 'lo' ? 'no' : 'maybe' };
    case 'ct state':
      return { match: element === 'new' || element === 'untracked' ? 'yes' : 'no' };
    case 'ct status':
      return { match: element === 'dnat' || element === 'snat' ? 'no' : 'maybe' };
    case 'ct direction':
      return { match: element === 'original' ? 'yes' : 'no' };
    case 'pkttype':
      return { match: element === 'host' ? 'yes' : 'no' };
    default:
      break;
  }
  if (/^(tcp|udp|sctp|dccp|udplite|th) dport$/.test(name)) {
    const protocol = protocolOf(name, packet);
    const match = protocol === 'no' ? 'no' : portMatch(element, packet.port);
    return { match, ...(match === 'yes' ? { names: 'port' as const } : {}) };
  }
  if (/^(tcp|udp|sctp|dccp|udplite|th) /.test(name)) return { match: protocolOf(name, packet) === 'no' ? 'no' : 'maybe' };
  if (/^icmp(v6)? /.test(name)) return { match: 'no' };
  return { match: 'maybe' };
}

function judgeValue(selector: string, operator: string, value: string, packet: Packet, sets: Record<string, string[]>): Judged {
  const list = elements(value, sets);
  if (list === null || (operator !== '==' && operator !== 'eq' && operator !== '!=' && operator !== 'ne')) {
    return { match: protocolOf(selector, packet) === 'no' ? 'no' : 'maybe' };
  }
  const judged = list.map((element) => judgeElement(selector, element, packet));
  const match = any(judged.map((j) => j.match));
  if (operator === '!=' || operator === 'ne') return { match: negate(match) };
  const names = judged.find((j) => j.match === 'yes')?.names;
  // `tcp dport 179` also names the protocol.
  return { match, ...(names ? { names } : {}) };
}

/** `selector vmap { key : verdict, … }`: the verdict of the key the packet matches. */
function judgeVmap(selector: string, map: string, packet: Packet): { match: Match; verdict: Verdict } {
  const entries = map
    .slice(1, -1)
    .split(',')
    .map((entry) => entry.split(':').map((part) => part.trim()))
    .filter((pair): pair is [string, string] => pair.length === 2);
  const judged = entries.map(([key, verdict]) => ({ match: judgeElement(selector, key, packet).match, verdict: verdictWord(verdict) }));
  const hit = judged.find((j) => j.match === 'yes');
  if (hit) return { match: 'yes', verdict: hit.verdict };
  const maybe = judged.filter((j) => j.match === 'maybe');
  if (maybe.length === 0) return { match: 'no', verdict: { kind: 'continue' } };
  return { match: 'maybe', verdict: maybe.find((j) => j.verdict.kind === 'drop')?.verdict ?? maybe[0]!.verdict };
}

function verdictWord(word: string): Verdict {
  const [kind, chain] = word.split(/\s+/);
  if ((kind === 'jump' || kind === 'goto') && chain) return { kind, chain };
  if (kind === 'accept' || kind === 'drop' || kind === 'return' || kind === 'continue') return { kind };
  return kind === 'reject' ? { kind: 'drop' } : { kind: 'continue' };
}

/** Statements that act on a packet without matching it, with how many words they take. */
function statementLength(words: string[], i: number): number {
  const word = words[i]!;
  if (word === 'counter') return words[i + 1] === 'packets' ? 5 : words[i + 1] === 'name' ? 3 : 1;
  if (word === 'comment') return 2;
  if (word === 'notrack') return 1;
  if (word === 'log') {
    let n = 1;
    while (['prefix', 'level', 'group', 'snaplen', 'queue-threshold', 'flags'].includes(words[i + n] ?? '')) n += 2;
    return n;
  }
  if (word === 'add' || word === 'update' || word === 'delete') return 3;
  return 0;
}

export function nftRule(rule: string, packet: Packet, sets: Record<string, string[]>): RuleOutcome {
  const words = tokens(rule);
  const judged: Judged[] = [];
  let verdict: Verdict = { kind: 'continue' };
  for (let i = 0; i < words.length; ) {
    const word = words[i]!;
    if (word === '#' || ['dnat', 'snat', 'masquerade', 'redirect', 'queue', 'tproxy', 'dup', 'fwd', 'synproxy'].includes(word)) break;
    if (['accept', 'drop', 'return', 'continue'].includes(word)) {
      verdict = verdictWord(word);
      i += 1;
      continue;
    }
    if (word === 'reject') {
      verdict = { kind: 'drop' };
      break;
    }
    if ((word === 'jump' || word === 'goto') && words[i + 1]) {
      verdict = { kind: word, chain: words[i + 1]! };
      i += 2;
      continue;
    }
    const statement = statementLength(words, i);
    if (statement > 0) {
      i += statement;
      continue;
    }
    if (word === 'xt') {
      // An xtables extension nft cannot show (iptables-nft): unknown.
      judged.push({ match: 'maybe' });
      i += 3;
      continue;
    }
    if (word === 'limit') {
      // A rate limit matches some packets and not others.
      judged.push({ match: 'maybe' });
      i += 1;
      while (i < words.length && /^(rate|over|burst|packets|bytes|\d+(\/\w+)?)$/.test(words[i]!)) i += 1;
      continue;
    }
    let selector: string;
    if (word === 'fib') {
      let end = i + 1;
      while (end < words.length && !['oif', 'oifname', 'type'].includes(words[end]!)) end += 1;
      selector = `fib ${words.slice(i + 1, end + 1).join(' ')}`;
      i = end + 1;
    } else if (SELECTOR_FIRST_WORDS.has(word) && i + 1 < words.length) {
      selector = `${word} ${words[i + 1]}`;
      i += 2;
    } else if (META_SHORTHANDS.has(word)) {
      selector = word;
      i += 1;
    } else {
      judged.push({ match: 'maybe' });
      i += 1;
      continue;
    }
    const next = words[i];
    if (next === 'set') {
      i += 2;
      continue;
    }
    if (next === 'vmap') {
      const mapped = judgeVmap(selector, words[i + 1] ?? '{}', packet);
      judged.push({ match: mapped.match });
      verdict = mapped.verdict;
      i += 2;
      continue;
    }
    if (next === '&' || next === '|' || next === '^') {
      judged.push({ match: 'maybe' });
      i += 2;
      if (OPERATORS.has(words[i] ?? '')) i += 1;
      i += 1;
      continue;
    }
    let operator = '==';
    if (next !== undefined && OPERATORS.has(next)) {
      operator = next;
      i += 1;
    }
    const value = words[i] ?? '';
    i += 1;
    // Concatenated values (`a . b`) are not read; the first part decides.
    while (words[i] === '.') i += 2;
    judged.push(selector.startsWith('fib ') ? judgeFib(selector, value, operator, packet) : judgeValue(selector, operator, value, packet, sets));
  }
  // `tcp dport 179` names the protocol as well as the port.
  const names = new Set(judged.map((j) => j.names));
  const explicit = (names.has('protocol') || names.has('port')) && (packet.port === undefined || names.has('port'));
  return { match: all(judged.map((j) => j.match)), verdict, explicit };
}

function judgeFib(selector: string, value: string, operator: string, packet: Packet): Judged {
  if (!selector.endsWith(' type')) return { match: 'maybe' };
  const list = elements(value, {}) ?? [];
  const match = any(list.map((type) => (type === 'local' ? (packet.direction === 'in' && selector.includes('daddr') ? 'yes' : 'maybe') : /^(broadcast|multicast|anycast)$/.test(type) ? 'no' : 'maybe')));
  return { match: operator === '!=' ? negate(match) : match };
}
