import type { Evidence } from '../../core/result.js';
import type { Fact, HostFacts, KernelFeatures } from '../../core/facts.js';
import { MODULES_LOAD_FILE, type Fix } from '../../core/fix.js';
import type { HostCheck } from '../types.js';
import { kernelRelease } from '../lib/kernel-version.js';
import { docUrl, evidence, fail, howToRead, pass, unknown, type MissingFact } from '../lib/verdict.js';
import { requiredKernelItems, type KernelItem } from './kernel-items.js';

type Finding = { item: KernelItem; state: 'present' | 'loadable' | 'absent' | 'unknown'; how: string; source: string };

const has = (fact: Fact<string[]>, name: string | undefined) => Boolean(name) && fact.ok && fact.value.includes(name as string);

/** What the evidence says about one item, strongest evidence first. */
function judge(item: KernelItem, kernel: KernelFeatures): Finding {
  const config = kernel.config.ok ? kernel.config.value[item.config] : undefined;
  const configSource = kernel.config.source;
  const iptablesFact = item.iptables?.kind === 'match' ? kernel.iptablesMatches : kernel.iptablesTargets;
  if (has(kernel.loaded, item.module)) return { item, state: 'present', how: 'loaded', source: kernel.loaded.source };
  if (has(kernel.builtin, item.module)) return { item, state: 'present', how: 'built in', source: kernel.builtin.source };
  if (config === 'y') return { item, state: 'present', how: 'built in (=y)', source: configSource };
  if (item.iptables && has(iptablesFact, item.iptables.name)) return { item, state: 'present', how: `registered iptables ${item.iptables.kind}`, source: iptablesFact.source };
  if (has(kernel.loadable, item.module)) return { item, state: 'loadable', how: 'loadable on demand', source: kernel.loadable.source };
  if (config === 'm') return { item, state: 'loadable', how: 'module (=m)', source: configSource };
  if (config === 'n') return { item, state: 'absent', how: 'is not set', source: configSource };
  // With module support, a module neither built in nor in modules.dep does not exist in this kernel.
  const modulesKnown = kernel.moduleSupport.ok && kernel.moduleSupport.value && kernel.builtin.ok && kernel.loadable.ok;
  if (item.module && modulesKnown) return { item, state: 'absent', how: 'neither built in nor a module', source: `${kernel.builtin.source}; ${kernel.loadable.source}` };
  return { item, state: 'unknown', how: 'no evidence', source: '' };
}

const label = (item: KernelItem) => (item.module ? `${item.module} (${item.config})` : item.config);

function groupedEvidence(findings: Finding[], kernel: KernelFeatures): Evidence[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings.filter((entry) => entry.state !== 'unknown')) {
    const key = `${finding.how}\u0000${finding.source}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  // Name items the way their source names them: config symbols for the kernel config, modules elsewhere.
  const name = (entry: Finding) => (entry.source === kernel.config.source ? entry.item.config : entry.item.module ?? entry.item.config);
  const seen = [...groups.values()].map((group) => evidence(`${group[0]!.how}: ${[...new Set(group.map(name))].join(', ')}`, group[0]!.source));
  const unread = Object.entries(kernel)
    .filter((entry): entry is [string, MissingFact] => !entry[1].ok)
    .map(([name, fact]) => evidence(`${name}: not available (${fact.missing})`, fact.source));
  return [...seen, ...unread];
}

function howToAnswer(kernel: KernelFeatures): string {
  const unread = Object.values(kernel).filter((fact): fact is MissingFact => !fact.ok);
  const permission = unread.map((fact) => howToRead(fact, '')).find((hint) => hint !== '');
  return (
    permission ??
    'Make the kernel config readable (/boot/config-$(uname -r), or /proc/config.gz with CONFIG_IKCONFIG_PROC) or install kmod so lsmod and /lib/modules/$(uname -r) can be read, then re-run.'
  );
}

/** nf_tables loaded means iptables (or Felix's auto-detection) will use the nft backend. */
function nftBackend(facts: HostFacts): boolean {
  return facts.kernel.loaded.ok && facts.kernel.loaded.value.includes('nf_tables');
}

/**
 * Loads now, and at every boot, the modules modules.dep lists but nothing has loaded yet (a
 * config's `=m` alone does not say the module's package is installed).
 */
function loadModulesFix(findings: Finding[], kernel: KernelFeatures): Fix[] {
  const modules = [...new Set(findings.flatMap((entry) => (entry.state === 'loadable' && has(kernel.loadable, entry.item.module) ? [entry.item.module as string] : [])))];
  return modules.length > 0 ? [{ kind: 'load-modules', modules, file: MODULES_LOAD_FILE }] : [];
}

export const nodeKernelDeps: HostCheck = {
  id: 'node.kernel-deps',
  scope: 'host',
  title: 'Kernel dependencies',
  requirement: 'The kernel provides the netfilter, IP set, conntrack and tunnel features Calico uses in this configuration.',
  section: 'Kernel dependencies',
  docUrl: docUrl('kernel-dependencies'),
  evaluate(facts, settings) {
    const release = kernelRelease(facts);
    const items = requiredKernelItems(settings, { release: release.ok ? release.parts : null, nftBackend: nftBackend(facts) });
    const findings = items.map((item) => judge(item, facts.kernel));
    const modes = [...new Set(items.map((item) => item.mode))].join(', ');
    const seen = groupedEvidence(findings, facts.kernel);
    const absent = findings.filter((entry) => entry.state === 'absent');
    const undetermined = findings.filter((entry) => entry.state === 'unknown');
    const undeterminedNote = undetermined.length ? `; no evidence for ${undetermined.map((entry) => label(entry.item)).join(', ')}` : '';
    if (absent.length > 0) {
      const kernelNeeded = `Use a kernel built with ${absent.map((entry) => `${entry.item.config}=m`).join(', ')} (on Ubuntu the linux-modules-extra-$(uname -r) package carries many of them), then reboot into it.`;
      return fail(`Missing from the kernel: ${absent.map((entry) => label(entry.item)).join(', ')}${undeterminedNote}.`, seen, kernelNeeded, [
        { kind: 'manual', why: kernelNeeded },
        ...loadModulesFix(findings, facts.kernel),
      ]);
    }
    if (undetermined.length > 0) {
      return unknown(`No evidence either way for ${undetermined.length} of ${items.length} kernel dependencies: ${undetermined.map((entry) => label(entry.item)).join(', ')}.`, seen, howToAnswer(facts.kernel));
    }
    const loadable = findings.filter((entry) => entry.state === 'loadable').length;
    return pass(`All ${items.length} kernel dependencies (${modes}) are present: ${items.length - loadable} loaded or built in, ${loadable} loadable on demand.`, seen);
  },
};
