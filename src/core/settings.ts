/** What the audit assumes about the Calico install it prepares for (per host). */
export interface AuditSettings {
  encapsulation: 'ipip' | 'vxlan' | 'none';
  /**
   * Whether Calico runs BGP (BIRD) to distribute routes. Absent: derived by `usesBgp`
   * (on unless the encapsulation is VXLAN, whose manifests run without BIRD).
   */
  bgp?: boolean;
  wireguard: boolean;
  dataplane: 'iptables' | 'ebpf';
  ipv6: boolean;
  /** True on hosts that will run Typha. */
  typha: boolean;
  datastore: 'kubernetes' | 'etcd';
  etcdEndpoints: string[];
  /** host:port of kube-apiserver, null when not configured. */
  apiserverEndpoint: string | null;
  podCidr: string;
  serviceCidr: string;
  kubeProxyMode: 'iptables' | 'ipvs';
  ports: { bgp: number; vxlan: number; typha: number; wireguard: number };
  alp: boolean;
}

export const DEFAULT_SETTINGS: AuditSettings = {
  encapsulation: 'ipip',
  wireguard: false,
  dataplane: 'iptables',
  ipv6: false,
  typha: false,
  datastore: 'kubernetes',
  etcdEndpoints: [],
  apiserverEndpoint: null,
  podCidr: '192.168.0.0/16',
  serviceCidr: '10.96.0.0/12',
  kubeProxyMode: 'iptables',
  ports: { bgp: 179, vxlan: 4789, typha: 5473, wireguard: 51820 },
  alp: false,
};
