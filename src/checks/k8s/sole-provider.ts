import type { Evidence } from '../../core/result.js';
import type { HostCheck } from '../types.js';
import type { RequirementProfile } from '../profiles/index.js';
import { calicoRelease, profileOf, SEED_PROFILE } from '../lib/profile.js';
import { docUrl, evidence, fail, missingEvidence, pass, unknown, warn } from '../lib/verdict.js';
import { orList } from '../lib/words.js';

/** CNI plugin types of other network providers (their conflists' "type" fields). */
const PROVIDER_TYPES = [/^flannel$/, /^weave/, /^cilium/, /^kube-router$/, /^antrea$/, /^kube-ovn$/, /^ovn-k8s/, /^aws-cni$/, /^azure-vnet$/, /^romana$/, /^contiv/, /^canal$/];
/** Types that chain with Calico or are Calico's own. */
const CALICO_COMPANIONS = new Set(['calico', 'calico-ipam', 'portmap', 'bandwidth', 'tuning', 'loopback', 'host-local', 'firewall', 'sbr', 'static']);
/** Interfaces other providers leave behind, with the CNI type of the provider where the page may allow it alongside Calico. */
const PROVIDER_INTERFACES: { pattern: RegExp; type?: string }[] = [
  { pattern: /^flannel\./, type: 'flannel' },
  { pattern: /^weave$/ },
  { pattern: /^datapath$/ },
  { pattern: /^vxlan-6784$/ },
  { pattern: /^cilium_/ },
  { pattern: /^kube-bridge$/ },
  { pattern: /^antrea-gw/ },
  { pattern: /^ovn-k8s/ },
  { pattern: /^genev_sys/ },
];
/** How the pages name the providers allowed alongside Calico (by CNI type). */
const PROVIDER_NAMES: Readonly<Record<string, string>> = { flannel: 'flannel', 'aws-cni': 'the AWS VPC CNI', 'azure-vnet': 'the Azure VNET CNI' };

const providerName = (type: string) => PROVIDER_NAMES[type] ?? type;

function requirementFor(profile: RequirementProfile): string {
  const alongside = profile.coexistingProviders.value;
  const except = alongside.length ? `, except ${orList(alongside.map(providerName))} under a policy-only Calico` : '';
  return `Calico is the only network provider in the cluster${except}; migrating from another provider is not supported.`;
}

export const k8sSoleProvider: HostCheck = {
  id: 'k8s.sole-provider',
  scope: 'host',
  needs: { facts: ['cni', 'interfaces'] },
  title: 'Calico is the only network provider',
  requirement: requirementFor(SEED_PROFILE),
  requirementFor,
  section: 'Kubernetes requirements',
  docUrl: docUrl('other-network-providers'),
  notes:
    'From v3.28 the page allows flannel and the AWS VPC / Azure VNET CNIs alongside Calico (Calico then provides policy only, ' +
    'as in Canal or on EKS and AKS): such a provider warns instead of failing, since the audit cannot see whether the install ' +
    'will be policy-only. Every other provider still fails.',
  evaluate(facts, settings) {
    const profile = profileOf(settings);
    const alongside = new Set(profile.coexistingProviders.value);
    const seen: Evidence[] = [];
    const conflicts: string[] = [];
    const companions: string[] = [];
    const doubts: string[] = [];
    const cleanup: string[] = [];
    if (facts.cni.ok) {
      const files = facts.cni.value.files;
      seen.push(evidence(files.length ? files.map((file) => `${file.name}: ${file.types.join(', ') || '(no type)'}`).join('; ') : 'no CNI configuration files', facts.cni.source));
      for (const file of files) {
        const others = file.types.filter((type) => PROVIDER_TYPES.some((pattern) => pattern.test(type)));
        const unfamiliar = file.types.filter((type) => !CALICO_COMPANIONS.has(type) && !others.includes(type));
        const foreign = others.filter((type) => !alongside.has(type));
        const allowed = others.filter((type) => alongside.has(type));
        if (foreign.length) conflicts.push(`${file.name} configures ${foreign.join(', ')}`);
        if (allowed.length) companions.push(`${file.name} configures ${allowed.join(', ')}`);
        if (!others.length && unfamiliar.length) doubts.push(`${file.name} configures ${unfamiliar.join(', ')}`);
        if (others.length || unfamiliar.length) cleanup.push(`rm /etc/cni/net.d/${file.name}`);
      }
    } else seen.push(missingEvidence('CNI configuration', facts.cni));
    if (facts.interfaces.ok) {
      const leftovers = facts.interfaces.value.flatMap((iface) => {
        const provider = PROVIDER_INTERFACES.find((entry) => entry.pattern.test(iface.name));
        return provider ? [{ name: iface.name, allowed: provider.type !== undefined && alongside.has(provider.type) }] : [];
      });
      const bridge = facts.interfaces.value.find((iface) => iface.name === 'cni0');
      seen.push(evidence(`provider interfaces: ${[...leftovers.map((iface) => iface.name), ...(bridge ? [bridge.name] : [])].join(', ') || 'none'}`, facts.interfaces.source));
      const named = (list: typeof leftovers) => list.map((iface) => iface.name).join(', ');
      const foreign = leftovers.filter((iface) => !iface.allowed);
      const allowed = leftovers.filter((iface) => iface.allowed);
      if (foreign.length) conflicts.push(`interfaces ${named(foreign)} exist`);
      if (allowed.length) companions.push(`interfaces ${named(allowed)} exist`);
      if (bridge) doubts.push('the cni0 bridge (flannel or the bridge plugin) exists');
      cleanup.push(...[...leftovers.map((iface) => iface.name), ...(bridge ? [bridge.name] : [])].map((name) => `ip link delete ${name}`));
    } else seen.push(missingEvidence('network interfaces', facts.interfaces));

    const removal = `drain the node, remove the other provider, then clean up:\n${cleanup.join('\n')}`;
    const fix = `Calico must be the only provider and migration is not supported: ${removal}`;
    if (conflicts.length) return fail(`Another network provider is present: ${[...conflicts, ...companions, ...doubts].join('; ')}.`, seen, fix);
    if (!facts.cni.ok || !facts.interfaces.ok) {
      return unknown('Could not read the CNI configuration or the interfaces.', seen, 'Re-run with --become so /etc/cni/net.d and `ip -o link` can be read.');
    }
    if (companions.length) {
      return warn(
        `Another network provider is present, which ${calicoRelease(profile)} allows alongside it only for a policy-only install: ${[...companions, ...doubts].join('; ')}.`,
        seen,
        `Nothing to change if Calico is to provide network policy only on top of it (then waive this check); migrating the cluster to Calico networking is not supported. To make Calico the network on a new node instead, ${removal}`,
      );
    }
    if (doubts.length) return warn(`Possibly another network provider: ${doubts.join('; ')}.`, seen, fix);
    return pass('No other network provider: no foreign CNI configuration, no leftover interfaces.', seen);
  },
};
