import type { Evidence } from '../../core/result.js';
import type { HostFacts } from '../../core/facts.js';
import type { HostCheck } from '../types.js';
import { calicoInstalled } from '../lib/calico-present.js';
import { networkOf, overlaps, parseCidr, parseCidrList, type Cidr } from '../lib/cidr.js';
import { isCalicoInterface } from '../lib/interfaces.js';
import { docUrl, evidence, fail, missingEvidence, pass, unknown } from '../lib/verdict.js';

/** A host network the pod range must not overlap, and what showed it. */
interface HostNetwork {
  cidr: Cidr;
  what: string;
  source: string;
}

/** Calico's IPAM blocks: routes this narrow inside the pod range are Calico's own on a running node. */
const BLOCK_PREFIX = { 4: 26, 6: 122 };

function hostNetworks(facts: HostFacts, pods: Cidr[]): HostNetwork[] {
  const networks: HostNetwork[] = [];
  if (facts.interfaces.ok) {
    for (const iface of facts.interfaces.value.filter((entry) => !isCalicoInterface(entry.name) && entry.name !== 'kube-ipvs0')) {
      for (const address of iface.addresses) {
        const cidr = networkOf(address.address, address.prefixLength);
        if (cidr) networks.push({ cidr, what: `${iface.name} address ${address.address}/${address.prefixLength}`, source: facts.interfaces.source });
      }
    }
  }
  if (facts.routes.ok) {
    const calico = calicoInstalled(facts);
    for (const route of facts.routes.value) {
      const cidr = route.destination === 'default' ? null : parseCidr(route.destination.includes('/') ? route.destination : `${route.destination}/${route.family === 4 ? 32 : 128}`);
      // No device ("*" in /proc/net/route) is a blackhole or unreachable route: Calico's own block routes look so.
      if (!cidr || !route.device || route.device === '*' || isCalicoInterface(route.device)) continue;
      const calicoBlock = calico && cidr.prefix >= BLOCK_PREFIX[cidr.family] && pods.some((pod) => overlaps(pod, cidr));
      if (!calicoBlock) networks.push({ cidr, what: `route ${route.destination}${route.device ? ` dev ${route.device}` : ''}${route.gateway ? ` via ${route.gateway}` : ''}`, source: facts.routes.source });
    }
  }
  return networks;
}

const CANDIDATES = ['192.168.0.0/16', '10.244.0.0/16', '172.16.0.0/16', '10.128.0.0/14', '100.64.0.0/16'];

function freeRange(taken: Cidr[]): string | undefined {
  return CANDIDATES.find((candidate) => taken.every((cidr) => !overlaps(parseCidr(candidate)!, cidr)));
}

export const k8sIpPools: HostCheck = {
  id: 'k8s.ip-pools',
  scope: 'host',
  title: 'Pod CIDR overlaps nothing',
  requirement: "The pod IP range overlaps neither the Kubernetes service cluster IP range nor any host's network.",
  section: 'Kubernetes requirements',
  docUrl: docUrl('ip-pool-configuration'),
  evaluate(facts, settings) {
    const pods = parseCidrList(settings.podCidr);
    const services = parseCidrList(settings.serviceCidr);
    const settingsEvidence = evidence(`pod CIDR ${settings.podCidr}, service CIDR ${settings.serviceCidr}`, 'audit settings');
    if (pods.includes(null) || services.includes(null) || pods.length === 0) {
      return unknown('The pod or service CIDR setting is not a valid CIDR.', [settingsEvidence], 'Set calico_pod_cidr / --pod-cidr and calico_service_cidr / --service-cidr to CIDRs such as 192.168.0.0/16.');
    }
    const podRanges = pods as Cidr[];
    const networks: HostNetwork[] = [
      ...(services as Cidr[]).map((cidr) => ({ cidr, what: `service CIDR ${cidr.text}`, source: 'audit settings' })),
      ...hostNetworks(facts, podRanges),
    ];
    const seen: Evidence[] = [settingsEvidence];
    const clashes = podRanges.flatMap((pod) => networks.filter((network) => overlaps(pod, network.cidr)).map((network) => ({ pod, network })));
    seen.push(...clashes.map(({ pod, network }) => evidence(`pod CIDR ${pod.text} overlaps ${network.what}`, network.source)));
    if (!facts.interfaces.ok) seen.push(missingEvidence('interface addresses', facts.interfaces));
    if (!facts.routes.ok) seen.push(missingEvidence('routes', facts.routes));
    if (clashes.length > 0) {
      const free = freeRange(networks.map((network) => network.cidr));
      return fail(
        `Pod CIDR overlaps ${clashes.map(({ network }) => network.what).join('; ')}.`,
        seen,
        `Choose a pod CIDR that overlaps no service or host range${free ? `, e.g. ${free}` : ''}: set it for kubeadm (--pod-network-cidr), Calico (CALICO_IPV4POOL_CIDR) and this audit (calico_pod_cidr / --pod-cidr).`,
      );
    }
    if (!facts.interfaces.ok || !facts.routes.ok) {
      return unknown('The pod CIDR does not overlap the service CIDR, but the host networks could not be read.', seen, 'Check that `ip -o addr` and `ip route` work on the host.');
    }
    seen.push(evidence(`${networks.length - services.length} host networks and routes checked, none overlaps`, `${facts.interfaces.source}; ${facts.routes.source}`));
    return pass(`Pod CIDR ${settings.podCidr} overlaps neither the service CIDR nor this host's networks.`, seen);
  },
};
