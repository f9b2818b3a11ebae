/**
 * Every base chain a packet between Calico hosts passes on this host, in every firewall the
 * kernel runs at once: the legacy iptables tables, iptables-nft's tables and the other
 * nftables tables (firewalld's, hand-written ones). A packet must get through each of them, so
 * a drop in any one of them counts.
 */
import type { FirewallFacts, IptablesTable, NftTable } from '../../core/facts.js';
import { walkBaseChain, type ChainGraph, type PathFinding } from './chain-walk.js';
import { iptablesRule } from './iptables-rule.js';
import { nftRule } from './nft-rule.js';
import type { Packet } from './packet.js';

export interface FirewallFinding extends PathFinding {
  /** Which firewall and table, e.g. "legacy iptables filter" or "nftables inet firewalld". */
  where: string;
}

/** iptables' hooks a packet from a peer (in) or to a peer (out) passes; nat never drops. */
const IPTABLES_HOOKS = { in: ['PREROUTING', 'INPUT'], out: ['OUTPUT', 'POSTROUTING'] };
const NFT_HOOKS = { in: ['ingress', 'prerouting', 'input'], out: ['output', 'postrouting'] };

function iptablesGraph(table: IptablesTable, packet: Packet): ChainGraph {
  return {
    rules: (name) => table.chains.find((c) => c.name === name)?.rules.map((text) => ({ text, outcome: iptablesRule(text, packet) })),
    // Felix's chains accept what Calico needs from Calico hosts; kube-proxy's only touch services.
    opaque: (name) => (name.startsWith('cali-') ? 'may-accept' : name.startsWith('KUBE-') ? 'pass' : null),
  };
}

function iptablesFindings(tables: IptablesTable[], packet: Packet, firewall: string): FirewallFinding[] {
  return tables
    .filter((table) => table.family === packet.family && table.name !== 'nat')
    .flatMap((table) => {
      const graph = iptablesGraph(table, packet);
      return table.chains
        .filter((chain) => IPTABLES_HOOKS[packet.direction].includes(chain.name))
        .flatMap((chain) => walkBaseChain(graph, chain.name, chain.policy === 'DROP' ? 'drop' : 'accept'))
        .map((finding) => ({ ...finding, where: `${firewall}${packet.family === 6 ? ' (IPv6)' : ''} ${table.name}` }));
    });
}

function nftAppliesTo(table: NftTable, family: 4 | 6): boolean {
  return table.family === 'inet' || table.family === 'netdev' || table.family === (family === 4 ? 'ip' : 'ip6');
}

function nftFindings(tables: NftTable[], packet: Packet): FirewallFinding[] {
  return tables
    .filter((table) => nftAppliesTo(table, packet.family))
    .flatMap((table) => {
      const graph: ChainGraph = {
        rules: (name) => table.chains.find((c) => c.name === name)?.rules.map((text) => ({ text, outcome: nftRule(text, packet, table.sets) })),
        opaque: () => null,
      };
      return table.chains
        .filter((chain) => chain.base && chain.base.type !== 'nat' && NFT_HOOKS[packet.direction].includes(chain.base.hook))
        .flatMap((chain) => walkBaseChain(graph, chain.name, chain.base!.policy))
        .map((finding) => ({ ...finding, where: `nftables ${table.family} ${table.name}` }));
    });
}

/** Where the firewalls this host runs drop (or may drop) the packet. */
export function firewallFindings(firewall: FirewallFacts, packet: Packet): FirewallFinding[] {
  return [
    ...(firewall.legacy.status === 'read' ? iptablesFindings(firewall.legacy.tables, packet, 'legacy iptables') : []),
    ...(firewall.nft.status === 'read' ? iptablesFindings(firewall.nft.tables, packet, 'iptables-nft') : []),
    ...(firewall.nftables.status === 'read' ? nftFindings(firewall.nftables.tables, packet) : []),
  ];
}

/** What of the firewall could not be read, in a phrase each. */
export function unreadFirewall(firewall: FirewallFacts): string[] {
  return [firewall.legacy, firewall.nft, firewall.nftables].filter((part) => part.status === 'unread').map((part) => part.detail);
}
