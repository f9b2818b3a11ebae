/**
 * Whether an iptables-save rule drops traffic Calico needs between hosts. Rule order is not
 * modelled: an explicit DROP for the port is a block, anything broader or narrower is a risk
 * for a person to read.
 */
export interface Traffic {
  protocol: 'tcp' | 'udp' | 'ipip';
  port?: number;
  label: string;
}

export type RuleEffect = 'blocks' | 'may-block';

const PROTOCOL_NAMES: Record<Traffic['protocol'], string[]> = {
  tcp: ['tcp', '6'],
  udp: ['udp', '17'],
  ipip: ['4', 'ipencap', 'ipip', 'ipv4'],
};
/** Options that narrow a rule to some sources, interfaces or states. */
const QUALIFIERS = new Set(['-s', '--source', '-d', '--destination', '-i', '--in-interface', '-o', '--out-interface', '--src-range', '--dst-range', '--state', '--ctstate', '--match-set', '--uid-owner']);
const PORT_OPTIONS = new Set(['--dport', '--sport', '--destination-port', '--source-port', '--dports', '--sports', '--ports']);
/** Options that only describe a rule or its target. */
const INERT = new Set(['--comment', '--reject-with', '--log-prefix']);

function portListHas(list: string, port: number): boolean {
  return list.split(',').some((entry) => {
    const [low, high] = entry.split(':').map(Number);
    return high === undefined ? low === port : port >= (low ?? 0) && port <= high;
  });
}

function tokens(rule: string): string[] {
  return rule.match(/"[^"]*"|\S+/g) ?? [];
}

export function ruleEffect(rule: string, traffic: Traffic): RuleEffect | null {
  const policy = /^:(INPUT|OUTPUT) (DROP|REJECT)\b/.exec(rule.trim());
  if (policy) return 'may-block';
  const words = tokens(rule);
  const chain = words[words.indexOf('-A') + 1];
  const target = words[words.indexOf('-j') + 1];
  if (!chain || chain === 'FORWARD' || (target !== 'DROP' && target !== 'REJECT')) return null;
  if (words.includes('!')) return null;
  let protocol: string | undefined;
  let portMatched: boolean | undefined;
  let qualified = false;
  let narrowed = false;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const value = words[i + 1] ?? '';
    if (word === '-p' || word === '--protocol') protocol = value.toLowerCase();
    else if (PORT_OPTIONS.has(word)) portMatched = (portMatched ?? false) || (traffic.port !== undefined && portListHas(value, traffic.port));
    else if (QUALIFIERS.has(word)) qualified = true;
    else if (word.startsWith('--') && !INERT.has(word)) narrowed = true;
  }
  if (protocol !== undefined && protocol !== 'all' && !PROTOCOL_NAMES[traffic.protocol].includes(protocol)) return null;
  if (portMatched === false) return null;
  const explicit = protocol !== undefined && protocol !== 'all' && (traffic.port === undefined || portMatched === true);
  if (explicit && !qualified) return 'blocks';
  if (explicit || (!narrowed && !qualified && portMatched === undefined)) return 'may-block';
  return null;
}
