import type { Cloud } from '../../core/facts.js';
import type { AuditSettings } from '../../core/settings.js';
import type { HostCheck, Verdict } from '../types.js';
import type { Evidence } from '../../core/result.js';
import type { RequirementProfile } from '../profiles/index.js';
import { docsPage, SEED_PROFILE } from '../lib/profile.js';
import { evidence, pass, unknownFromFact, warn } from '../lib/verdict.js';

const azurePage = (profile: RequirementProfile) => `${docsPage(profile, 'publicCloud')}/azure`;

const NAMES: Record<Cloud, string> = { azure: 'Azure', aws: 'AWS EC2', gce: 'Google Compute Engine' };
const VXLAN_FIX = 'use VXLAN: calico_encapsulation=vxlan (--encapsulation vxlan) for this audit, CALICO_IPV4POOL_VXLAN=Always and CALICO_IPV4POOL_IPIP=Never in calico-node (or the IPPool\'s vxlanMode: Always, ipipMode: Never), and allow UDP 4789 between the VMs';

/** What each cloud's fabric does to the encapsulation chosen, per Calico v3.22's public-cloud reference. */
function fabricVerdict(cloud: Cloud, settings: AuditSettings, seen: Evidence[]): Verdict {
  const name = NAMES[cloud];
  const { encapsulation } = settings;
  if (cloud === 'azure' && encapsulation === 'ipip') {
    return warn('This is an Azure VM: the Azure network fabric blocks IPIP packets, so pods on different hosts cannot reach each other with IP-in-IP.', seen, `On Azure, ${VXLAN_FIX}.`);
  }
  if (cloud === 'azure' && encapsulation === 'none') {
    return warn(
      'This is an Azure VM: Azure drops traffic from addresses it did not assign, so unencapsulated pod traffic needs Azure user-defined routes.',
      seen,
      `Either ${VXLAN_FIX}; or run Calico for policy only (CALICO_NETWORKING_BACKEND=none) with an Azure route table for the pod CIDR on the VMs' subnet and IP forwarding on their NICs.`,
    );
  }
  if (cloud === 'aws' && encapsulation === 'none') {
    return warn(
      'This is an AWS EC2 instance: EC2 drops traffic whose addresses are not the instance\'s own unless its source/destination check is off, and unencapsulated routes work within one VPC subnet only.',
      seen,
      'Disable the source/destination check on every instance (aws ec2 modify-instance-attribute --instance-id ID --no-source-dest-check), and use IPIP or VXLAN in CrossSubnet mode if the hosts span subnets or availability zones.',
    );
  }
  if (cloud === 'gce' && encapsulation === 'none') {
    return warn(
      'This is a Google Compute Engine VM: GCE drops traffic from addresses it did not assign, so unencapsulated pod traffic needs GCE routes.',
      seen,
      'Use IPIP or VXLAN with natOutgoing on the IP pool, or run Calico for policy only with GCE cloud routes (and --can-ip-forward on the instances).',
    );
  }
  const needs =
    encapsulation === 'vxlan' ? 'UDP 4789 between the VMs' : cloud === 'aws' ? 'IP protocol 4 (IPIP) between the instances in the security groups; CrossSubnet mode also needs the source/destination check off' : 'IP protocol 4 (IPIP) between the VMs in the firewall rules';
  return pass(`This is a ${name} VM; ${encapsulation === 'vxlan' ? 'VXLAN' : 'IP-in-IP'} works on its fabric when the cloud's firewall allows ${needs}.`, seen);
}

export const netCloudFabric: HostCheck = {
  id: 'net.cloud-fabric',
  scope: 'host',
  needs: { facts: ['platform'] },
  title: 'Cloud fabric carries the encapsulation',
  requirement: "On a public cloud VM, the cloud's network carries Calico's encapsulation between hosts.",
  section: 'Network requirements',
  docUrl: azurePage(SEED_PROFILE),
  docUrlFor: azurePage,
  notes:
    "Not on the v3.22 requirements page; from its public-cloud reference (reference/public-cloud/azure: \"IPIP packets are " +
    "blocked by the Azure network fabric\", VXLAN works; aws: unencapsulated routing needs the source/destination check " +
    "off and stays within one VPC subnet; gce: traffic is dropped unless encapsulated or routed by GCE). The cloud comes " +
    "from DMI fields any user may read: Azure's chassis asset tag 7783-7084-3265-9085-8269-3286-77 (cloud-init " +
    "ds-identify), \"Amazon EC2\" as system, board or BIOS vendor (systemd src/basic/virt.c) or a Xen hypervisor uuid " +
    "starting ec2, and product name \"Google Compute Engine\". A warning, not a failure: the audit cannot see the " +
    "cloud's own settings (routes, source/destination check, firewall).",
  evaluate(facts, settings) {
    if (!facts.platform.ok) return unknownFromFact('whether this is a cloud VM', facts.platform, 'Check that /sys/class/dmi/id can be read on the host.');
    const { cloud, fields } = facts.platform.value;
    const seen = [evidence(Object.keys(fields).length ? Object.entries(fields).map(([field, value]) => `${field}=${value}`).join(', ') : 'no DMI fields (not a VM of Azure, AWS or GCE, which all expose them)', facts.platform.source)];
    if (cloud === null) return pass('Not a public cloud VM that Calico documents fabric limits for (Azure, AWS, GCE).', seen);
    return fabricVerdict(cloud, settings, seen);
  },
};
