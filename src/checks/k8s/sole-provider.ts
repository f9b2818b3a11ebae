import type { Evidence } from '../../core/result.js';
import type { HostCheck } from '../types.js';
import { docUrl, evidence, fail, missingEvidence, pass, unknown, warn } from '../lib/verdict.js';

/** CNI plugin types of other network providers (their conflists' "type" fields). */
const PROVIDER_TYPES = [/^flannel$/, /^weave/, /^cilium/, /^kube-router$/, /^antrea$/, /^kube-ovn$/, /^ovn-k8s/, /^aws-cni$/, /^azure-vnet$/, /^romana$/, /^contiv/, /^canal$/];
/** Types that chain with Calico or are Calico's own. */
const CALICO_COMPANIONS = new Set(['calico', 'calico-ipam', 'portmap', 'bandwidth', 'tuning', 'loopback', 'host-local', 'firewall', 'sbr', 'static']);
/** Interfaces other providers leave behind. */
const PROVIDER_INTERFACES = [/^flannel\./, /^weave$/, /^datapath$/, /^vxlan-6784$/, /^cilium_/, /^kube-bridge$/, /^antrea-gw/, /^ovn-k8s/, /^genev_sys/];

export const k8sSoleProvider: HostCheck = {
  id: 'k8s.sole-provider',
  scope: 'host',
  needs: { facts: ['cni', 'interfaces'] },
  title: 'Calico is the only network provider',
  requirement: 'Calico is the only network provider in the cluster; migrating from another provider is not supported.',
  section: 'Kubernetes requirements',
  docUrl: docUrl('other-network-providers'),
  evaluate(facts) {
    const seen: Evidence[] = [];
    const conflicts: string[] = [];
    const doubts: string[] = [];
    const cleanup: string[] = [];
    if (facts.cni.ok) {
      const files = facts.cni.value.files;
      seen.push(evidence(files.length ? files.map((file) => `${file.name}: ${file.types.join(', ') || '(no type)'}`).join('; ') : 'no CNI configuration files', facts.cni.source));
      for (const file of files) {
        const others = file.types.filter((type) => PROVIDER_TYPES.some((pattern) => pattern.test(type)));
        const unfamiliar = file.types.filter((type) => !CALICO_COMPANIONS.has(type) && !others.includes(type));
        if (others.length) conflicts.push(`${file.name} configures ${others.join(', ')}`);
        else if (unfamiliar.length) doubts.push(`${file.name} configures ${unfamiliar.join(', ')}`);
        if (others.length || unfamiliar.length) cleanup.push(`rm /etc/cni/net.d/${file.name}`);
      }
    } else seen.push(missingEvidence('CNI configuration', facts.cni));
    if (facts.interfaces.ok) {
      const leftovers = facts.interfaces.value.filter((iface) => PROVIDER_INTERFACES.some((pattern) => pattern.test(iface.name)));
      const bridge = facts.interfaces.value.find((iface) => iface.name === 'cni0');
      seen.push(evidence(`provider interfaces: ${[...leftovers, ...(bridge ? [bridge] : [])].map((iface) => iface.name).join(', ') || 'none'}`, facts.interfaces.source));
      if (leftovers.length) conflicts.push(`interfaces ${leftovers.map((iface) => iface.name).join(', ')} exist`);
      if (bridge) doubts.push('the cni0 bridge (flannel or the bridge plugin) exists');
      cleanup.push(...[...leftovers, ...(bridge ? [bridge] : [])].map((iface) => `ip link delete ${iface.name}`));
    } else seen.push(missingEvidence('network interfaces', facts.interfaces));

    const fix = `Calico must be the only provider and migration is not supported: drain the node, remove the other provider, then clean up:\n${cleanup.join('\n')}`;
    if (conflicts.length) return fail(`Another network provider is present: ${[...conflicts, ...doubts].join('; ')}.`, seen, fix);
    if (!facts.cni.ok || !facts.interfaces.ok) {
      return unknown('Could not read the CNI configuration or the interfaces.', seen, 'Re-run with --become so /etc/cni/net.d and `ip -o link` can be read.');
    }
    if (doubts.length) return warn(`Possibly another network provider: ${doubts.join('; ')}.`, seen, fix);
    return pass('No other network provider: no foreign CNI configuration, no leftover interfaces.', seen);
  },
};
