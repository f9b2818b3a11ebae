/**
 * `nft list ruleset` output (nft 0.8 to 1.x): tables, their chains (base chains with their hook,
 * priority and policy) with the rule lines in order, and the elements of named sets. Rules are
 * kept as printed; what a rule matches is judged by the checks (src/checks/lib/nft-rule.ts).
 */
import type { NftChain, NftFamily, NftTable } from '../../core/facts.js';

const FAMILIES: readonly NftFamily[] = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'];

/** The tables iptables-nft creates (and iptables-nft-save prints). */
export function isIptablesNftTable(table: Pick<NftTable, 'family' | 'name'>): boolean {
  return (table.family === 'ip' || table.family === 'ip6') && ['filter', 'nat', 'mangle', 'raw', 'security'].includes(table.name);
}

/** Braces opened minus closed, outside quoted strings. */
function braceBalance(line: string): number {
  const unquoted = line.replace(/"[^"]*"/g, '""');
  return (unquoted.match(/\{/g)?.length ?? 0) - (unquoted.match(/\}/g)?.length ?? 0);
}

const BASE_CHAIN = /^type (\S+) hook (\S+)(?: device "?[^" ;]+"?| devices = \{[^}]*\})? priority ([^;]+);(?:\s*policy (accept|drop);)?/;

interface Block {
  kind: 'chain' | 'set' | 'other';
  name: string;
  depth: number;
  chain?: NftChain;
  elements?: string;
}

export function parseNftRuleset(text: string): NftTable[] {
  const tables: NftTable[] = [];
  let table: NftTable | undefined;
  let block: Block | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (!table) {
      const header = /^table (\S+) (\S+) \{$/.exec(line);
      if (header && FAMILIES.includes(header[1] as NftFamily)) {
        table = { family: header[1] as NftFamily, name: header[2]!, chains: [], sets: {} };
        tables.push(table);
      }
    } else if (!block) {
      if (line === '}') table = undefined;
      else block = openBlock(table, line);
    } else {
      block = continueBlock(table, block, line);
    }
  }
  return tables;
}

function openBlock(table: NftTable, line: string): Block | undefined {
  const opened = /^(chain|set|map|\S+(?: \S+)?) (\S+) \{(.*)$/.exec(line);
  if (!opened) return undefined;
  const [, kind, name, rest] = opened;
  if (kind === 'chain') {
    const chain: NftChain = { name: name!, base: null, rules: [] };
    table.chains.push(chain);
    return { kind: 'chain', name: name!, depth: 1, chain };
  }
  // A one-line object ("set s { type ipv4_addr; elements = { … } }") closes where it opens.
  const block: Block = { kind: kind === 'set' ? 'set' : 'other', name: name!, depth: 1 + braceBalance(rest ?? '') };
  if (block.kind === 'set') collectElements(block, rest ?? '');
  if (block.depth > 0) return block;
  finishSet(table, block);
  return undefined;
}

function continueBlock(table: NftTable, block: Block, line: string): Block | undefined {
  if (block.kind === 'chain') {
    if (line === '}') return undefined;
    const base = BASE_CHAIN.exec(line);
    if (base) block.chain!.base = { type: base[1]!, hook: base[2]!, priority: base[3]!.trim(), policy: base[4] === 'drop' ? 'drop' : 'accept' };
    else if (/^policy (accept|drop);$/.test(line) && block.chain!.base) block.chain!.base.policy = line.startsWith('policy drop') ? 'drop' : 'accept';
    else if (!/^comment "/.test(line)) block.chain!.rules.push(line);
    return block;
  }
  block.depth += braceBalance(line);
  if (block.kind === 'set') collectElements(block, line);
  if (block.depth > 0) return block;
  finishSet(table, block);
  return undefined;
}

function collectElements(block: Block, line: string): void {
  if (block.elements !== undefined) block.elements += ` ${line}`;
  else {
    const start = line.indexOf('elements = {');
    if (start >= 0) block.elements = line.slice(start + 'elements = {'.length);
  }
}

function finishSet(table: NftTable, block: Block): void {
  if (block.kind !== 'set') return;
  // The element list ends at its own closing brace; the set's brace may follow on the line.
  const list = (block.elements ?? '').split('}')[0] ?? '';
  table.sets[block.name] = list
    .split(',')
    .map((element) => element.trim())
    .filter(Boolean);
}
