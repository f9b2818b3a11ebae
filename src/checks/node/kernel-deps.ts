import type { Evidence } from '../../core/result.js';
import type { Fact, HostFacts, KernelFeatures } from '../../core/facts.js';
import { MODULES_LOAD_FILE, type Fix } from '../../core/fix.js';
import type { HostCheck } from '../types.js';
import { docUrl, evidence, fail, howToRead, pass, unknown, warn, type MissingFact } from '../lib/verdict.js';
import { KUBELET_NEEDS, kubeMinor, parseKubeVersion } from '../lib/kubelet.js';
import { combineNeeds } from '../../core/probe-needs.js';
import { requiredKernelItems, type KernelItem, KERNEL_ITEM_NEEDS } from './kernel-items.js';

type Finding = { item: KernelItem; state: 'present' | 'loadable' | 'absent' | 'unknown'; how: string; source: string };

const has = (fact: Fact<string[]>, name: string | undefined) => Boolean(name) && fact.ok && fact.value.includes(name as string);

/** Whether the host's module lists or kernel config name the item at all (set, module or "is not set"). */
function hostKnows(item: KernelItem, kernel: KernelFeatures): boolean {
  const inConfig = kernel.config.ok && kernel.config.value[item.config] !== undefined;
  return inConfig || [kernel.loaded, kernel.builtin, kernel.loadable].some((fact) => has(fact, item.module));
}

/** Items merged into others on newer kernels are not missing where the host does not name them. */
function splitMerged(items: KernelItem[], kernel: KernelFeatures): { required: KernelItem[]; merged: KernelItem[] } {
  const merged = items.filter((item) => item.mergedInto !== undefined && !hostKnows(item, kernel));
  return { required: items.filter((item) => !merged.includes(item)), merged };
}

const NOTES =
  'Compared with v3.22\'s own `calicoctl node checksystem` (calicoctl/calicoctl/commands/node/checksystem.go, requiredModules) and ' +
  'with what Felix v3.22 programs. nf_conntrack_ipv4 was merged into nf_conntrack in Linux 4.19 and in RHEL/Rocky/Alma/Oracle 8.3+ ' +
  '(4.18.0-240+, a backport: kubernetes/kubernetes#97052, kubernetes-sigs/kubespray#6934), so the release cannot say whether it ' +
  'exists: it is required only where the host\'s module lists or kernel config name it. checksystem also lists names that are not ' +
  'modules on current kernels and passes them through its config fallback; we ask for the real module instead: xt_icmp/xt_icmp6 ' +
  '(the icmp match lives in ip_tables/ip6_tables), xt_rpfilter (the module is ipt_rpfilter), ipt_set (an alias of xt_set), ipt_ipvs ' +
  '(xt_ipvs, kube-proxy IPVS mode only, as Felix adds -m ipvs only when kube-ipvs0 exists); projectcalico/calico#4288 shows ' +
  'checksystem failing healthy hosts on exactly these. ip6_tables is needed only with IPv6 (checksystem itself only warns). ' +
  'Not required: vfio-pci (VPP dataplane), xt_bpf and xt_u32 (no Felix v3.22 iptables rule uses -m bpf or -m u32), xt_sctp ' +
  '(Felix matches every port, SCTP ones too, with -m multiport, never -m sctp) and xt_LOG (only policies with a Log action use -j LOG; ' +
  'the seed spec listed both from the requirements page). Required beyond checksystem because Felix uses them on every host: the ' +
  'filter/nat/mangle/raw tables, xt_comment (every Calico rule carries -m comment), the IP set types Felix creates (hash:ip, ' +
  'hash:ip,port, hash:net), nf_conntrack(+netlink), and nf_tables with nft_compat when iptables runs on nf_tables; xt_tcpudp stays ' +
  '(the page lists the tcp/udp matches) and cannot fail a healthy host, as it is built with x_tables (CONFIG_NETFILTER_XTABLES). ' +
  'A module that modules.dep lists passes as "loadable on demand", except kube-proxy\'s IPVS modules before Kubernetes v1.27: ' +
  'that kube-proxy reads /proc/modules and falls back to iptables unless ip_vs, ip_vs_rr, ip_vs_wrr and ip_vs_sh are already loaded ' +
  '(kubernetes/kubernetes#114669 replaced the check in v1.27), so they warn, with the modules to load now and at boot.';

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

/**
 * Whether to ask for the nft backend's kernel items: nf_tables loaded is the sign the kernel
 * item list can read before any rule exists (node.iptables-backend judges which backend Felix
 * picks from the rules themselves).
 */
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

/**
 * kube-proxy before v1.27 uses IPVS only when these modules are already loaded: it reads
 * /proc/modules ("IPVS proxier will not be used because the following required kernel modules
 * are not loaded") and falls back to iptables; from v1.27 it tries a virtual server instead,
 * which loads them on demand (kubernetes/kubernetes#114669).
 */
const KUBE_PROXY_IPVS_MODULES = ['ip_vs', 'ip_vs_rr', 'ip_vs_wrr', 'ip_vs_sh', 'nf_conntrack'];
const KUBE_PROXY_LOADS_IPVS_FROM = 27;

/** The IPVS modules kube-proxy wants loaded that are only loadable, when its version cannot load them itself. */
function ipvsNotLoaded(findings: Finding[], facts: HostFacts): { modules: Finding[]; version: string } | null {
  const version = facts.kubelet.ok ? parseKubeVersion(facts.kubelet.value.version) : null;
  if (version && kubeMinor(version) >= KUBE_PROXY_LOADS_IPVS_FROM) return null;
  const modules = findings.filter((entry) => entry.state === 'loadable' && entry.item.module !== undefined && KUBE_PROXY_IPVS_MODULES.includes(entry.item.module));
  return modules.length > 0 ? { modules, version: version?.text ?? 'of unknown version' } : null;
}

export const nodeKernelDeps: HostCheck = {
  id: 'node.kernel-deps',
  scope: 'host',
  needs: combineNeeds(KERNEL_ITEM_NEEDS, KUBELET_NEEDS),
  title: 'Kernel dependencies',
  requirement: 'The kernel provides the netfilter, IP set, conntrack and tunnel features Calico uses in this configuration.',
  section: 'Kernel dependencies',
  docUrl: docUrl('kernel-dependencies'),
  notes: NOTES,
  evaluate(facts, settings) {
    const { required: items, merged } = splitMerged(requiredKernelItems(settings, { nftBackend: nftBackend(facts) }), facts.kernel);
    const findings = items.map((item) => judge(item, facts.kernel));
    const modes = [...new Set(items.map((item) => item.mode))].join(', ');
    const mergedEvidence = merged.map((item) =>
      evidence(`not required: ${label(item)} is not a module of this kernel (merged into ${item.mergedInto}) and its config does not name it`, [facts.kernel.loadable.source, facts.kernel.config.source].join('; ')),
    );
    const seen = [...groupedEvidence(findings, facts.kernel), ...mergedEvidence];
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
    const ipvs = settings.kubeProxyMode === 'ipvs' ? ipvsNotLoaded(findings, facts) : null;
    if (ipvs) {
      const names = ipvs.modules.map((entry) => entry.item.module as string);
      return warn(
        `${names.join(', ')} can be loaded but are not: kube-proxy ${ipvs.version} uses IPVS only when they are loaded when it starts (before v1.27 it falls back to iptables otherwise).`,
        seen,
        `Load them now and at every boot: modprobe -a ${names.join(' ')} && printf '%s\\n' ${names.join(' ')} > ${MODULES_LOAD_FILE}`,
        loadModulesFix(ipvs.modules, facts.kernel),
      );
    }
    const loadable = findings.filter((entry) => entry.state === 'loadable').length;
    return pass(`All ${items.length} kernel dependencies (${modes}) are present: ${items.length - loadable} loaded or built in, ${loadable} loadable on demand.`, seen);
  },
};
