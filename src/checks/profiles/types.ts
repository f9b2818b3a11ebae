/**
 * A requirement profile: what one Calico release line asks of a host, as data. Every fact
 * carries where it is written (a docs URL or a repository path at a commit), so a verdict
 * built on it can cite it and a reviewer can re-check it. docs/profiles.md explains which
 * check uses which fact.
 */

/** A fact and where it is written. */
export interface Sourced<T> {
  readonly value: T;
  /** URL, or `owner/repo:path@commit`; several joined with "; ". */
  readonly source: string;
  /** Where sources disagree, or why the value departs from the page's words. */
  readonly note?: string;
}

/** Kubernetes 1.x minor versions, both ends included. */
export interface MinorRange {
  readonly from: number;
  readonly through: number;
}

export interface KubernetesSupport {
  /** Minors this release was tested on. */
  readonly tested: MinorRange;
  /** Minors the page says "may work" though untested. */
  readonly mayWork: MinorRange | null;
  /** This minor and older do not work (Kubernetes API changes); null when the page names no floor. */
  readonly brokenAtOrBelow: number | null;
}

/** One entry of the "known to work" distribution list, in os-release(5) terms. */
export interface DistroRule {
  /** As the page names it, e.g. "Ubuntu 20.04 or later". */
  readonly label: string;
  /** os-release ID values that match. */
  readonly ids: readonly string[];
  /** Also match when ID_LIKE names one of these (distributions built from the listed one). */
  readonly idLike?: readonly string[];
  /** os-release VARIANT_ID that must match too (Fedora CoreOS is ID=fedora VARIANT_ID=coreos). */
  readonly variantId?: string;
  /** VERSION_ID bounds, compared part by part at the bound's precision ("7" takes 7.9); absent: any version. */
  readonly versionFrom?: string;
  readonly versionThrough?: string;
}

/** Interface names (NetworkManager `interface-name:` patterns) Calico creates per feature; null: not in this release. */
export interface CalicoInterfaces {
  readonly workload: string;
  readonly ipip: string;
  readonly vxlan: string;
  readonly vxlanV6: string | null;
  readonly wireguard: string;
  readonly wireguardV6: string | null;
}

export interface EbpfDataplane {
  /** Calico's architecture names (see `architectures`). */
  readonly architectures: Sourced<readonly string[]>;
  /** Minimum kernel release; RHEL-family kernels have the features backported into an older release. */
  readonly kernel: Sourced<{ readonly generic: string; readonly rhel: string }>;
  /** Whether /sys/fs/bpf must already be mounted on the host, or Calico mounts it itself. */
  readonly bpffsPremounted: Sourced<boolean>;
  /** Datastores eBPF mode works with. */
  readonly datastores: Sourced<readonly Datastore[]>;
  /** Kernel config symbols the eBPF programs need. */
  readonly kernelConfig: Sourced<readonly string[]>;
}

export interface NftablesDataplane {
  readonly status: 'tech-preview' | 'ga';
  readonly architectures: readonly string[];
  readonly kernelMinimum: string;
  /** Minimum version of the `nft` userspace the page asks for. */
  readonly nftMinimum: string;
  /** kube-proxy must run in nftables mode too, which needs this Kubernetes release. */
  readonly kubeProxyMode: 'nftables';
  readonly minimumKubernetes: string;
}

export type Datastore = 'kubernetes' | 'etcdv3';

export interface KubeProxyMode {
  readonly mode: 'iptables' | 'ipvs' | 'nftables';
  /** Oldest Kubernetes release with this mode; null: any. */
  readonly minimumKubernetes: string | null;
}

export interface ApplicationLayerPolicy {
  readonly mutatingAdmissionWebhook: boolean;
  /** Istio versions as the page names them ("1.10", "1.22 or later"). */
  readonly istio: readonly string[];
  /** Kubernetes minors older than this cannot run a listed Istio; null: no such bound. */
  readonly kubernetesFrom: number | null;
  /** ALP stops working from this Kubernetes minor on; null: no such bound. */
  readonly kubernetesBelow: number | null;
  /** The recommended install needs this minor; older ones only by the page's legacy method. */
  readonly recommendedKubernetesFrom: number | null;
  /** How pods reach Felix's Policy Sync API. */
  readonly policySyncVolume: 'flexvolume' | 'csi';
}

export interface CniRequirement {
  /** kubelet flag that enables CNI; null where CNI is the only mode. */
  readonly kubeletFlag: string | null;
  /** CNI directories the install must use; null where the page names none. */
  readonly confDir: string | null;
  readonly binDir: string | null;
}

export interface RequirementProfile {
  /** The release line, "3.22". */
  readonly version: string;
  /** The requirements page most facts come from. */
  readonly requirementsUrl: string;
  /** Calico's names: x86-64, arm64, ppc64le, s390x. */
  readonly architectures: Sourced<readonly string[]>;
  readonly kernel: {
    /** The floor the requirements page states. */
    readonly documented: Sourced<string>;
    /** The oldest kernel Calico's own code is written for: older is a hard failure. */
    readonly codeFloor: Sourced<string>;
  };
  readonly distributions: Sourced<readonly DistroRule[]>;
  /** iptables match and target names the kernel must provide (the "Kernel dependencies" list). */
  readonly kernelDependencies: Sourced<{ readonly matches: readonly string[]; readonly targets: readonly string[] }>;
  readonly interfaces: Sourced<CalicoInterfaces>;
  /** firewalld and other iptables managers must be disabled. */
  readonly otherFirewallsDisabled: Sourced<boolean>;
  readonly privileges: Sourced<{ readonly capability: string; readonly privilegedContainer: boolean }>;
  readonly datastores: Sourced<readonly Datastore[]>;
  readonly ports: {
    readonly bgp: Sourced<number>;
    readonly ipipProtocol: Sourced<number>;
    readonly vxlan: Sourced<number>;
    readonly typha: Sourced<number>;
    readonly wireguard: Sourced<number>;
    /** null: no IPv6 WireGuard in this release. */
    readonly wireguardV6: Sourced<number | null>;
    readonly apiserver: Sourced<readonly number[]>;
    readonly etcd: Sourced<number>;
  };
  readonly kubernetes: Sourced<KubernetesSupport>;
  readonly cni: Sourced<CniRequirement>;
  /** CNI plugin types Calico may run alongside (policy only); empty: Calico must be the only provider. */
  readonly coexistingProviders: Sourced<readonly string[]>;
  readonly kubeProxyModes: Sourced<readonly KubeProxyMode[]>;
  readonly dataplanes: {
    /** iptables back ends Felix drives. */
    readonly iptables: Sourced<readonly ('legacy' | 'nft')[]>;
    readonly ebpf: EbpfDataplane;
    /** null: no nftables dataplane in this release. */
    readonly nftables: Sourced<NftablesDataplane | null>;
  };
  /** null: the release's pages state no ALP requirements. */
  readonly applicationLayerPolicy: Sourced<ApplicationLayerPolicy | null>;
}
