/**
 * Follows a packet through a firewall's chains from one base chain (iptables' INPUT,
 * nftables' `hook input` chains): rule by rule, into the chains it jumps or goes to, back on
 * return, to the policy at the end. Only what the base chain reaches counts; a rule in a chain
 * nothing jumps to never sees the packet.
 *
 * A drop is "blocks" when the packet surely reaches it and surely matches, with nothing before
 * that could have accepted it; "may-block" when an earlier rule may have accepted it. A drop
 * that depends on what is unknown (the peer's address, an interface), by its own matches or by
 * a conditional jump on the way to it, counts only when that rule or jump names the packet's
 * protocol (`-s 10.1.0.0/16 -p 4 -j DROP`); otherwise it is someone else's traffic
 * (`-s 203.0.113.9 -j DROP`, Shorewall's per-interface chains). Either way it is no way out:
 * what it drops is blocked as well.
 */
import type { RuleOutcome } from './packet.js';

export interface ChainGraph {
  /** A chain's rules with what each does to the packet; undefined when there is no such chain. */
  rules(chain: string): { text: string; outcome: RuleOutcome }[] | undefined;
  /**
   * Chains walked over unread, owned by another component: "may-accept" (Calico's cali-
   * chains accept traffic from Calico hosts) or "pass" (Kubernetes' KUBE- chains).
   */
  opaque(chain: string): 'pass' | 'may-accept' | null;
}

export interface PathFinding {
  effect: 'blocks' | 'may-block';
  /** The rule, or the chain's policy ("policy DROP"). */
  rule: string;
  chain: string;
  /** Chains from the base chain to the one holding the rule. */
  via: string[];
}

interface Flow {
  /** Some packet may have been accepted (or returned past this point) before here. */
  escaped: boolean;
  /** Only some packets get here (a jump that may not match). */
  conditional: boolean;
  /** A conditional jump on the way names the packet's protocol. */
  named: boolean;
}

interface End {
  /** Some packets leave the chain by its end or a return. */
  through: boolean;
  escaped: boolean;
}

/** Deep enough for firewalld's zone chains and Shorewall's; the kernel refuses loops. */
const MAX_DEPTH = 32;

function walk(graph: ChainGraph, path: string[], flow: Flow, findings: PathFinding[]): End {
  const chain = path[path.length - 1]!;
  let escaped = flow.escaped;
  let returned = false;
  const report = (effect: PathFinding['effect'], rule: string) => findings.push({ effect, rule, chain, via: path });
  for (const { text, outcome } of graph.rules(chain) ?? []) {
    const { match, verdict } = outcome;
    if (match === 'no') continue;
    const certain = match === 'yes';
    if (verdict.kind === 'accept') {
      if (certain) return { through: false, escaped: true };
      escaped = true;
    } else if (verdict.kind === 'drop') {
      if (certain && !flow.conditional) report(escaped || returned ? 'may-block' : 'blocks', text);
      else if (outcome.explicit || flow.named) report('may-block', text);
      if (certain) return { through: false, escaped };
    } else if (verdict.kind === 'return') {
      if (certain) return { through: true, escaped };
      returned = true;
    } else if (verdict.kind === 'jump' || verdict.kind === 'goto') {
      const opaque = graph.opaque(verdict.chain);
      const known = graph.rules(verdict.chain) !== undefined;
      // An extension target (LOG, MARK…) or a chain already on the path: the packet goes on.
      if (!opaque && (!known || path.includes(verdict.chain) || path.length >= MAX_DEPTH)) continue;
      const inner = opaque
        ? { through: true, escaped: escaped || opaque === 'may-accept' }
        : walk(graph, [...path, verdict.chain], { escaped: escaped || returned, conditional: flow.conditional || !certain, named: flow.named || (!certain && outcome.explicit) }, findings);
      escaped ||= inner.escaped;
      if (certain && (verdict.kind === 'goto' || !inner.through)) return { through: inner.through, escaped };
    }
  }
  return { through: true, escaped };
}

/** What happens to the packet in one base chain; a policy DROP at its end counts as a drop. */
export function walkBaseChain(graph: ChainGraph, chain: string, policy: 'accept' | 'drop'): PathFinding[] {
  const findings: PathFinding[] = [];
  const end = walk(graph, [chain], { escaped: false, conditional: false, named: false }, findings);
  if (end.through && policy === 'drop') {
    findings.push({ effect: end.escaped ? 'may-block' : 'blocks', rule: 'policy DROP', chain, via: [chain] });
  }
  return findings;
}
