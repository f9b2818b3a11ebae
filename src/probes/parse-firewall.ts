/**
 * The root:firewall section (src/probes/sh/firewall.sh) as FirewallFacts: each iptables
 * backend read, known empty (the kernel shows none of its tables) or unread, and the nftables
 * tables iptables does not show.
 *
 * The section is a "@state …" line, then per save tool "@save TOOL BACKEND FAMILY", its output
 * and "rc=N" (or "@absent BACKEND FAMILY" when the host lacks the tool, or "@none nft FAMILY"
 * when `nft list ruleset` showed no ip/ip6 table, so the tool had nothing to print and was not
 * run), then "@nft", the ruleset and "rc=N".
 */
import type { Fact, FirewallFacts, IptablesBackend, IptablesBackendRules, NftRuleset } from '../core/facts.js';
import { found, missing } from './fact.js';
import { rootMissing } from './become.js';
import type { ProbeOutput } from './probe-output.js';
import { SECTION } from './section-ids.js';
import { backendOfHeader, parseIptablesSave } from './parsers/iptables-save.js';
import { isIptablesNftTable, parseNftRuleset } from './parsers/nft-ruleset.js';

interface Part {
  head: string[];
  body: string;
  status: number | null;
}

function splitParts(text: string): Part[] {
  const parts: Part[] = [];
  let current: { head: string[]; lines: string[] } | undefined;
  const close = () => {
    if (!current) return;
    const lines = [...current.lines];
    while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
    const rc = /^rc=(\d+)$/.exec(lines[lines.length - 1] ?? '');
    if (rc) lines.pop();
    parts.push({ head: current.head, body: lines.join('\n'), status: rc ? Number(rc[1]) : null });
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('@')) {
      close();
      current = { head: line.slice(1).trim().split(/\s+/), lines: [] };
    } else if (current) {
      current.lines.push(line);
    }
  }
  close();
  return parts;
}

function stateOf(parts: Part[]): Record<string, string> {
  const words = parts.find((p) => p.head[0] === 'state')?.head.slice(1) ?? [];
  return Object.fromEntries(words.map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'no output';
}

const FAMILY_OF: Record<string, 4 | 6> = { iptables: 4, ip6tables: 6 };

function backendRules(backend: IptablesBackend, parts: Part[], state: Record<string, string>): IptablesBackendRules {
  const result: IptablesBackendRules = { backend, status: 'none', detail: '', tables: [], ruleCount: 0, warnings: [] };
  const read: string[] = [];
  const unread: string[] = [];
  for (const part of parts) {
    const [kind, ...rest] = part.head;
    if (kind === 'absent' && rest[0] === backend) unread.push(`the host has no ${rest[1]}-${backend}-save (or ${rest[1]}-save of that backend) to read them`);
    const listedNone = 'nft list ruleset (no ip or ip6 table)';
    if (kind === 'none' && rest[0] === backend && !read.includes(listedNone)) read.push(listedNone);
    if (kind !== 'save') continue;
    const [tool, claimed, familyWord] = rest as [string, string, string];
    const saved = parseIptablesSave(part.body, FAMILY_OF[familyWord] ?? 4);
    // A plain iptables-save the probe could not place is placed by its own header.
    if ((backendOfHeader(saved.generatedBy) ?? claimed) !== backend) continue;
    if (part.status !== 0) {
      unread.push(`${tool} failed: ${firstLine(part.body)}`);
      continue;
    }
    read.push(tool);
    result.tables.push(...saved.tables);
    result.ruleCount += saved.ruleCount;
    result.warnings.push(...saved.warnings.filter((w) => !result.warnings.includes(w)));
  }
  if (unread.length > 0) return { ...result, status: 'unread', detail: `${whyLooked(backend, state)}, but ${unread.join('; ')}` };
  if (read.length > 0) return { ...result, status: 'read', detail: read.join('; ') };
  return { ...result, detail: noTables(backend, state) };
}

function whyLooked(backend: IptablesBackend, state: Record<string, string>): string {
  if (backend === 'legacy') return `the kernel lists legacy tables (${[state.legacy4, state.legacy6].filter(Boolean).join('; ')})`;
  return state.nf_tables === 'loaded' ? 'nf_tables is loaded' : 'nf_tables may hold tables (the kernel has no module list)';
}

function noTables(backend: IptablesBackend, state: Record<string, string>): string {
  if (backend === 'legacy') return 'no legacy tables (/proc/net/ip_tables_names and ip6_tables_names list none)';
  return state.nf_tables === 'unloaded' ? 'nf_tables is not loaded (/proc/modules)' : 'no iptables-nft rules';
}

function nftRuleset(parts: Part[], state: Record<string, string>): NftRuleset {
  const part = parts.find((p) => p.head[0] === 'nft');
  if (state.nf_tables === 'unloaded') return { status: 'none', detail: 'nf_tables is not loaded (/proc/modules)', tables: [] };
  if (!part) return { status: 'unread', detail: `${whyLooked('nft', state)}, but the host has no nft command to list it`, tables: [] };
  if (part.status !== 0) return { status: 'unread', detail: `nft list ruleset failed: ${firstLine(part.body)}`, tables: [] };
  return { status: 'read', detail: 'nft list ruleset', tables: parseNftRuleset(part.body).filter((t) => !isIptablesNftTable(t)) };
}

export function parseFirewall(out: ProbeOutput): Fact<FirewallFacts> {
  if (!out.rootRan) return missing('iptables-save; nft list ruleset', rootMissing(out, 'iptables-save'));
  const section = out.get(SECTION.rootFirewall);
  if (!section) return missing('iptables-save; nft list ruleset', out.absent('the firewall was not read'));
  const parts = splitParts(section.stdout);
  const state = stateOf(parts);
  if (state.nf_tables === undefined) return missing('iptables-save; nft list ruleset', `unexpected firewall probe output: ${firstLine(section.stdout)}`);
  const facts: FirewallFacts = {
    legacy: backendRules('legacy', parts, state),
    nft: backendRules('nft', parts, state),
    defaultBackend: state.iptables === 'nft' || state.iptables === 'legacy' ? state.iptables : null,
    nftables: nftRuleset(parts, state),
  };
  const tools = [...facts.legacy.detail.split('; '), ...facts.nft.detail.split('; ')].filter((t) => /-save$/.test(t));
  return found(facts, [...tools, ...(facts.nftables.status === 'read' ? ['nft list ruleset'] : [])].join('; ') || '/proc/net/ip_tables_names; /proc/modules');
}
