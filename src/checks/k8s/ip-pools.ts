import type { Evidence } from '../../core/result.js';
import type { HostFacts } from '../../core/facts.js';
import type { AuditSettings } from '../../core/settings.js';
import { DEFAULT_SETTINGS } from '../../core/settings.js';
import type { HostCheck, SettingsSources } from '../types.js';
import { calicoInstalled, CALICO_PRESENT_NEEDS } from '../lib/calico-present.js';
import { networkOf, overlaps, parseCidr, parseCidrList, sameRange, type Cidr } from '../lib/cidr.js';
import { isCalicoInterface } from '../lib/interfaces.js';
import { docUrl, evidence, fail, missingEvidence, pass, unknown, warn } from '../lib/verdict.js';
import { combineNeeds } from '../../core/probe-needs.js';

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

/** The pod range to judge, where it came from, and what the host says when a setting overrides it. */
interface PodRange {
  text: string;
  source: string;
  /** The host's own ranges that differ from an explicit setting (the setting still wins). */
  contradicted: { value: string; source: string }[];
}

function sameRanges(a: string, b: string): boolean {
  const left = parseCidrList(a);
  const right = parseCidrList(b);
  return left.length === right.length && left.every((cidr) => cidr !== null && right.some((other) => other !== null && sameRange(cidr, other)));
}

/**
 * An explicit setting (inventory or flag) wins; else the first range the host's configuration
 * states (controller-manager, kubeadm, kube-proxy, in that order); else the default.
 */
function podRange(facts: HostFacts, settings: AuditSettings, sources: SettingsSources | undefined): PodRange {
  const stated = facts.kubeCluster.ok ? facts.kubeCluster.value.podCidrs : [];
  const explicit = sources ? sources.podCidr !== undefined && sources.podCidr !== 'default' : settings.podCidr !== DEFAULT_SETTINGS.podCidr;
  if (explicit || stated.length === 0) {
    const source = sources?.podCidr && sources.podCidr !== 'default' ? sources.podCidr : explicit ? 'audit settings' : "the audit's default (Calico's default pool)";
    return { text: settings.podCidr, source, contradicted: explicit ? stated.filter((entry) => !sameRanges(entry.value, settings.podCidr)) : [] };
  }
  const [first] = stated;
  return { text: first!.value, source: first!.source, contradicted: stated.filter((entry) => !sameRanges(entry.value, first!.value)) };
}

export const k8sIpPools: HostCheck = {
  id: 'k8s.ip-pools',
  scope: 'host',
  needs: combineNeeds(CALICO_PRESENT_NEEDS, { facts: ['interfaces', 'routes', 'kubeCluster'] }),
  title: 'Pod CIDR overlaps nothing',
  requirement: "The pod IP range overlaps neither the Kubernetes service cluster IP range nor any host's network.",
  section: 'Kubernetes requirements',
  docUrl: docUrl('ip-pool-configuration'),
  notes:
    "Judges the pod range the cluster really uses when the host states it and no calico_pod_cidr / --pod-cidr is given: " +
    "kube-controller-manager's --cluster-cidr in kubeadm's static pod manifest, kubeadm's ClusterConfiguration podSubnet " +
    "(kubespray's /etc/kubernetes/kubeadm-config.yaml), kube-proxy's --cluster-cidr or clusterCIDR, in that order; else " +
    "Calico's default 192.168.0.0/16. Calico itself does the same: with no CALICO_IPV4POOL_CIDR, calico-node takes the " +
    "default pool from kubeadm's podSubnet (node/pkg/lifecycle/startup/startup.go, configureIPPools reading the kubeadm-config ConfigMap). An explicit setting still wins, " +
    "and a host that states another range warns, since Calico's pool and the cluster's would then differ.",
  evaluate(facts, settings, sources) {
    const range = podRange(facts, settings, sources);
    const pods = parseCidrList(range.text);
    const services = parseCidrList(settings.serviceCidr);
    const settingsEvidence = evidence(`pod CIDR ${range.text}, service CIDR ${settings.serviceCidr}`, range.source);
    if (pods.includes(null) || services.includes(null) || pods.length === 0) {
      return unknown(`The pod CIDR ${range.text} (from ${range.source}) or the service CIDR is not a valid CIDR.`, [settingsEvidence], 'Set calico_pod_cidr / --pod-cidr and calico_service_cidr / --service-cidr to CIDRs such as 192.168.0.0/16.');
    }
    const podRanges = pods as Cidr[];
    const networks: HostNetwork[] = [
      ...(services as Cidr[]).map((cidr) => ({ cidr, what: `service CIDR ${cidr.text}`, source: 'audit settings' })),
      ...hostNetworks(facts, podRanges),
    ];
    const seen: Evidence[] = [settingsEvidence, ...range.contradicted.map((entry) => evidence(`the host states pod range ${entry.value}`, entry.source))];
    const clashes = podRanges.flatMap((pod) => networks.filter((network) => overlaps(pod, network.cidr)).map((network) => ({ pod, network })));
    seen.push(...clashes.map(({ pod, network }) => evidence(`pod CIDR ${pod.text} overlaps ${network.what}`, network.source)));
    if (!facts.interfaces.ok) seen.push(missingEvidence('interface addresses', facts.interfaces));
    if (!facts.routes.ok) seen.push(missingEvidence('routes', facts.routes));
    if (clashes.length > 0) {
      const free = freeRange(networks.map((network) => network.cidr));
      return fail(
        `Pod CIDR ${range.text} (from ${range.source}) overlaps ${clashes.map(({ network }) => network.what).join('; ')}.`,
        seen,
        `Choose a pod CIDR that overlaps no service or host range${free ? `, e.g. ${free}` : ''}: set it for kubeadm (--pod-network-cidr), Calico (CALICO_IPV4POOL_CIDR) and this audit (calico_pod_cidr / --pod-cidr).`,
      );
    }
    if (!facts.interfaces.ok || !facts.routes.ok) {
      return unknown('The pod CIDR does not overlap the service CIDR, but the host networks could not be read.', seen, 'Check that `ip -o addr` and `ip route` work on the host.');
    }
    seen.push(evidence(`${networks.length - services.length} host networks and routes checked, none overlaps`, `${facts.interfaces.source}; ${facts.routes.source}`));
    if (range.contradicted.length > 0) {
      return warn(
        `Pod CIDR ${range.text} (from ${range.source}) overlaps nothing, but the host's Kubernetes configuration states ${range.contradicted.map((entry) => `${entry.value} (${entry.source})`).join(', ')}.`,
        seen,
        'Use one pod range everywhere: kubeadm (podSubnet / --pod-network-cidr), kube-proxy (clusterCIDR), Calico (CALICO_IPV4POOL_CIDR) and this audit (calico_pod_cidr / --pod-cidr).',
      );
    }
    return pass(`Pod CIDR ${range.text} (from ${range.source}) overlaps neither the service CIDR nor this host's networks.`, seen);
  },
};
