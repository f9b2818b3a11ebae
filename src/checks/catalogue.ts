/**
 * Every check, in report order. Ids are interface (--skip, waivers, CI gates): they match
 * ../shared/spec/checks.md and never change.
 */
import type { Check, FleetCheck, HostCheck } from './types.js';
import { nodeArch } from './node/arch.js';
import { nodeKernel } from './node/kernel.js';
import { nodeDistro } from './node/distro.js';
import { nodeKernelDeps } from './node/kernel-deps.js';
import { nodeBpf } from './node/bpf.js';
import { nodeNetworkManager } from './node/networkmanager.js';
import { nodeFirewall } from './node/firewall.js';
import { nodeIptablesBackend } from './node/iptables-backend.js';
import { nodePrivileges } from './node/privileges.js';
import { nodeRpFilter } from './node/rp-filter.js';
import { nodeLinkManagers } from './node/link-managers.js';
import { nodeConntrack } from './node/conntrack.js';
import { netCloudFabric } from './net/cloud-fabric.js';
import { datastoreReachable } from './datastore/reachable.js';
import { netPortsFree } from './net/ports-free.js';
import { netPeerPaths } from './net/peer-paths.js';
import { k8sVersion } from './k8s/version.js';
import { k8sCni } from './k8s/cni.js';
import { k8sPrivileged } from './k8s/privileged.js';
import { k8sSoleProvider } from './k8s/sole-provider.js';
import { k8sKubeProxy } from './k8s/kube-proxy.js';
import { k8sIpPools } from './k8s/ip-pools.js';
import { k8sAlp } from './k8s/alp.js';
import { fleetUniqueHostnames } from './fleet/unique-hostnames.js';
import { fleetUniqueAddresses } from './fleet/unique-addresses.js';
import { fleetMtu } from './fleet/mtu.js';
import { fleetClockSkew } from './fleet/clock-skew.js';

export const HOST_CHECKS: readonly HostCheck[] = [
  nodeArch,
  nodeKernel,
  nodeDistro,
  nodeKernelDeps,
  nodeBpf,
  nodeNetworkManager,
  nodeLinkManagers,
  nodeFirewall,
  nodeIptablesBackend,
  nodePrivileges,
  nodeRpFilter,
  nodeConntrack,
  datastoreReachable,
  netPortsFree,
  netPeerPaths,
  netCloudFabric,
  k8sVersion,
  k8sCni,
  k8sPrivileged,
  k8sSoleProvider,
  k8sKubeProxy,
  k8sIpPools,
  k8sAlp,
];

export const FLEET_CHECKS: readonly FleetCheck[] = [fleetUniqueHostnames, fleetUniqueAddresses, fleetMtu, fleetClockSkew];

export const CHECKS: readonly Check[] = [...HOST_CHECKS, ...FLEET_CHECKS];

export const CHECK_IDS: readonly string[] = CHECKS.map((check) => check.id);
