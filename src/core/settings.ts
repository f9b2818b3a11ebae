/**
 * What the audit assumes about the Calico install it prepares for (per host), declared once:
 * each setting's kind, default, flag, inventory variables (ours and kubespray's), report label
 * and description. The `AuditSettings` type, the defaults and the report labels are derived
 * here; the resolver (src/checks/settings.ts), the flags (src/cli/settings-flags.ts) and the
 * README table (`npm run docs`) are derived from the same table.
 *
 * A setting whose id has a dot (`ports.bgp`) is a member of a group: `settings.ports.bgp`.
 */
import { BOOLEAN, CIDRS, ENDPOINT, ENDPOINTS, PORT, RELEASE, TEXT, choice, type Found, type Kind, type ReadVariable, type ValueOf } from './setting-kinds.js';
import type { HostVars } from './vars.js';

export interface KubesprayContext {
  vars: HostVars;
  read: ReadVariable;
  /** Another setting's value, resolved with the usual precedence (a flag included). */
  resolved<Key extends UngroupedId>(key: Key): AuditSettings[Key];
}

/** A kubespray value that is not simply another name for ours: derived from its variables. */
export interface KubesprayDerivation<V> {
  /** The variables it reads, for the README. */
  variables: readonly string[];
  derive(context: KubesprayContext): Found<V> | undefined;
}

export interface SettingSpec<K extends Kind = Kind, D = unknown, Flag extends string = string> {
  kind: K;
  /** undefined leaves the key out of the settings: the checks derive the value (see `unset`). */
  default: D;
  /** What an undefined default means: the source recorded, and the README's default text. */
  unset?: { source: string; text: string };
  /** Where the checks look on the host when the setting is not given, before the default. */
  fromHost?: string;
  /** The command-line flag, without dashes. */
  flag: Flag;
  /** Our inventory variable. */
  variable: string;
  /** kubespray's names for the same value (read as the same kind), or a derivation from its variables. */
  kubespray?: readonly string[] | KubesprayDerivation<ValueOf<K>>;
  /** The name reports and the README show. */
  label: string;
  /** What the setting means, for --help and the README. */
  description: string;
}

function setting<K extends Kind, D extends ValueOf<K> | null | undefined, const Flag extends string>(spec: SettingSpec<K, D, Flag>): SettingSpec<K, D, Flag> {
  return spec;
}

const ENCAPSULATION = choice(['ipip', 'vxlan', 'none']);
const KUBESPRAY_MODE = choice(['always', 'crosssubnet', 'never']);
const KUBESPRAY_BACKEND = choice(['bird', 'vxlan', 'none']);

/** kubespray: calico_network_backend (bird|vxlan|none), calico_vxlan_mode / calico_ipip_mode (Always|CrossSubnet|Never). */
const kubesprayEncapsulation: KubesprayDerivation<ValueOf<typeof ENCAPSULATION>> = {
  variables: ['calico_network_backend', 'calico_ipip_mode', 'calico_vxlan_mode'],
  derive({ vars, read }) {
    const backend = read(vars, 'calico_network_backend', KUBESPRAY_BACKEND);
    const vxlan = read(vars, 'calico_vxlan_mode', KUBESPRAY_MODE);
    const ipip = read(vars, 'calico_ipip_mode', KUBESPRAY_MODE);
    const on = (mode: string | undefined) => mode !== undefined && mode !== 'never';
    if (backend === 'vxlan') return { value: 'vxlan', source: 'kubespray calico_network_backend' };
    if (on(vxlan)) return { value: 'vxlan', source: 'kubespray calico_vxlan_mode' };
    if (on(ipip)) return { value: 'ipip', source: 'kubespray calico_ipip_mode' };
    if (vxlan && ipip) return { value: 'none', source: 'kubespray calico_ipip_mode and calico_vxlan_mode' };
    return undefined;
  },
};

const kubesprayBgp: KubesprayDerivation<boolean> = {
  variables: ['calico_network_backend'],
  derive({ vars, read }) {
    const backend = read(vars, 'calico_network_backend', KUBESPRAY_BACKEND);
    return backend === undefined ? undefined : { value: backend === 'bird', source: 'kubespray calico_network_backend' };
  },
};

const kubesprayBpf: KubesprayDerivation<'iptables' | 'ebpf'> = {
  variables: ['calico_bpf_enabled'],
  derive({ vars, read }) {
    const bpf = read(vars, 'calico_bpf_enabled', BOOLEAN);
    return bpf === undefined ? undefined : { value: bpf ? 'ebpf' : 'iptables', source: 'kubespray calico_bpf_enabled' };
  },
};

/** kubespray's loadbalancer_apiserver: {address, port}, named by apiserver_loadbalancer_domain_name when set. */
const kubesprayApiserver: KubesprayDerivation<string> = {
  variables: ['loadbalancer_apiserver', 'apiserver_loadbalancer_domain_name', 'kube_apiserver_port'],
  derive({ vars, read }) {
    const balancer = vars.loadbalancer_apiserver;
    if (!balancer || typeof balancer !== 'object' || Array.isArray(balancer) || !balancer.address) return undefined;
    const name = read(vars, 'apiserver_loadbalancer_domain_name', TEXT) ?? read(balancer, 'address', TEXT);
    const port = read(balancer, 'port', PORT) ?? read(vars, 'kube_apiserver_port', PORT) ?? 6443;
    if (!name) return undefined;
    const composed = name.includes(':') ? `[${name}]:${port}` : `${name}:${port}`;
    const value = read({ loadbalancer_apiserver: composed }, 'loadbalancer_apiserver', ENDPOINT);
    return value === undefined ? undefined : { value, source: 'kubespray loadbalancer_apiserver' };
  },
};

/** kubespray keeps IPv6 ranges in separate variables, used when dual-stack is on. */
function kubesprayRanges(name: string): KubesprayDerivation<string> {
  const ipv6Name = `${name}_ipv6`;
  return {
    variables: [name, ipv6Name],
    derive({ vars, read, resolved }) {
      const v4 = read(vars, name, CIDRS);
      const v6 = resolved('ipv6') ? read(vars, ipv6Name, CIDRS) : undefined;
      if (v4 === undefined && v6 === undefined) return undefined;
      const used = [v4 && name, v6 && ipv6Name].filter(Boolean);
      return { value: [v4, v6].filter(Boolean).join(','), source: `kubespray ${used.join(' + ')}` };
    },
  };
}

/** In this order in the settings, the report and the README. */
export const SETTINGS = {
  /**
   * Unset means the seed page (src/checks/profiles: DEFAULT_PROFILE), so results and settings
   * of audits that never asked for a release look as they always did. kubespray uses the same
   * variable name (values such as v3.27.3).
   */
  calicoVersion: setting({
    kind: RELEASE,
    default: undefined,
    unset: { source: 'default', text: '3.22' },
    flag: 'calico-version',
    variable: 'calico_version',
    label: 'Calico version',
    description: 'Calico release whose requirements apply (a requirement profile; v3.28.2 reads as 3.28)',
  }),
  encapsulation: setting({
    kind: ENCAPSULATION,
    default: 'ipip',
    flag: 'encapsulation',
    variable: 'calico_encapsulation',
    kubespray: kubesprayEncapsulation,
    label: 'Encapsulation',
    description: 'Overlay: ipip (Calico default), vxlan or none',
  }),
  bgp: setting({
    kind: BOOLEAN,
    default: undefined,
    unset: { source: 'derived from the encapsulation', text: 'on, unless VXLAN' },
    flag: 'bgp',
    variable: 'calico_bgp',
    kubespray: kubesprayBgp,
    label: 'BGP',
    description: 'Calico runs BGP (BIRD); default: on unless VXLAN',
  }),
  wireguard: setting({
    kind: BOOLEAN,
    default: false,
    flag: 'wireguard',
    variable: 'calico_wireguard',
    kubespray: ['calico_wireguard_enabled'],
    label: 'WireGuard',
    description: 'WireGuard encryption on',
  }),
  dataplane: setting({
    kind: choice(['iptables', 'ebpf']),
    default: 'iptables',
    flag: 'dataplane',
    variable: 'calico_dataplane',
    kubespray: kubesprayBpf,
    label: 'Dataplane',
    description: "Calico's dataplane: iptables or eBPF",
  }),
  ipv6: setting({
    kind: BOOLEAN,
    default: false,
    flag: 'ipv6',
    variable: 'calico_ipv6',
    kubespray: ['ipv6_stack', 'enable_dual_stack_networks'],
    label: 'IPv6',
    description: 'IPv6 on',
  }),
  typha: setting({
    kind: BOOLEAN,
    default: false,
    flag: 'typha',
    variable: 'calico_typha',
    kubespray: ['typha_enabled'],
    label: 'Typha',
    description: 'Hosts run Typha',
  }),
  datastore: setting({
    kind: choice(['kubernetes', 'etcd'], { kdd: 'kubernetes' }),
    default: 'kubernetes',
    flag: 'datastore',
    variable: 'calico_datastore',
    label: 'Datastore',
    description: 'Where Calico keeps its data: the Kubernetes API (kdd) or etcd',
  }),
  etcdEndpoints: setting({
    kind: ENDPOINTS,
    default: [],
    flag: 'etcd-endpoints',
    variable: 'calico_etcd_endpoints',
    kubespray: ['etcd_access_addresses'],
    label: 'etcd endpoints',
    description: 'etcd endpoints, comma-separated',
  }),
  apiserverEndpoint: setting({
    kind: ENDPOINT,
    default: null,
    flag: 'apiserver',
    variable: 'kube_apiserver_endpoint',
    kubespray: kubesprayApiserver,
    fromHost: "the `server:` of the host's /etc/kubernetes/kubelet.conf",
    label: 'API server',
    description: 'kube-apiserver HOST:PORT',
  }),
  podCidr: setting({
    kind: CIDRS,
    default: '192.168.0.0/16',
    flag: 'pod-cidr',
    variable: 'calico_pod_cidr',
    kubespray: kubesprayRanges('kube_pods_subnet'),
    fromHost: "the range the host's Kubernetes configuration states (controller-manager `--cluster-cidr`, kubeadm `podSubnet`, kube-proxy `clusterCIDR`)",
    label: 'Pod CIDR',
    description: 'Pod CIDR (comma-separated for dual-stack)',
  }),
  serviceCidr: setting({
    kind: CIDRS,
    default: '10.96.0.0/12',
    flag: 'service-cidr',
    variable: 'calico_service_cidr',
    kubespray: kubesprayRanges('kube_service_addresses'),
    label: 'Service CIDR',
    description: 'Service CIDR (comma-separated for dual-stack)',
  }),
  kubeProxyMode: setting({
    kind: choice(['iptables', 'ipvs']),
    default: 'iptables',
    flag: 'kube-proxy-mode',
    variable: 'kube_proxy_mode',
    label: 'kube-proxy mode',
    description: 'kube-proxy mode (ipvs needs more kernel modules)',
  }),
  'ports.bgp': setting({ kind: PORT, default: 179, flag: 'bgp-port', variable: 'calico_bgp_port', label: 'BGP port', description: 'BGP port, TCP' }),
  'ports.vxlan': setting({ kind: PORT, default: 4789, flag: 'vxlan-port', variable: 'calico_vxlan_port', label: 'VXLAN port', description: 'VXLAN port, UDP' }),
  'ports.typha': setting({ kind: PORT, default: 5473, flag: 'typha-port', variable: 'calico_typha_port', label: 'Typha port', description: 'Typha port, TCP' }),
  'ports.wireguard': setting({
    kind: PORT,
    default: 51820,
    flag: 'wireguard-port',
    variable: 'calico_wireguard_port',
    label: 'WireGuard port',
    description: 'WireGuard port, UDP',
  }),
  alp: setting({ kind: BOOLEAN, default: false, flag: 'alp', variable: 'calico_alp', label: 'Application layer policy', description: 'Application layer policy on' }),
};

/** Labels of the groups the dotted ids make. */
const GROUP_LABELS: Record<SettingGroup, string> = { ports: 'Ports' };

type Table = typeof SETTINGS;
export type SettingId = keyof Table;
export type SettingFlag = Table[SettingId]['flag'];
type GroupedId = Extract<SettingId, `${string}.${string}`>;
type UngroupedId = Exclude<SettingId, GroupedId>;
export type SettingGroup = GroupedId extends `${infer Group}.${string}` ? Group : never;
type SettingValue<Id extends SettingId> = ValueOf<Table[Id]['kind']> | (null extends Table[Id]['default'] ? null : never);
type OptionalId = { [Id in UngroupedId]: undefined extends Table[Id]['default'] ? Id : never }[UngroupedId];
type Members<Group extends SettingGroup> = { [Id in GroupedId as Id extends `${Group}.${infer Member}` ? Member : never]: SettingValue<Id> };
type Flatten<T> = { [Key in keyof T]: T[Key] };

export type AuditSettings = Flatten<
  { [Id in Exclude<UngroupedId, OptionalId>]: SettingValue<Id> } & { [Id in OptionalId]?: SettingValue<Id> } & { [Group in SettingGroup]: Members<Group> }
>;

/** What the command line can set: any setting, and any member of a group. */
export type SettingsOverrides = Flatten<{ [Id in UngroupedId]?: SettingValue<Id> } & { [Group in SettingGroup]?: Partial<Members<Group>> }>;

/** Every setting in the table's order, for code that walks them all. */
export const SETTING_LIST = (Object.keys(SETTINGS) as SettingId[]).map((id) => {
  const spec: SettingSpec<Kind, unknown, SettingFlag> = SETTINGS[id];
  return { id, spec, ...placeOf(id) };
});

/** Where a setting sits in `AuditSettings`: its key, and its member name when in a group. */
export interface SettingPlace {
  key: keyof AuditSettings;
  member?: string;
}

function placeOf(id: SettingId): SettingPlace {
  const [key, member] = id.split('.') as [keyof AuditSettings, string?];
  return member === undefined ? { key } : { key, member };
}

/** A setting's value in a settings-shaped object (AuditSettings, SettingsOverrides). */
export function valueAt(settings: Readonly<Record<string, unknown>>, { key, member }: SettingPlace): unknown {
  const value = settings[key];
  return member === undefined ? value : (value as Record<string, unknown> | undefined)?.[member];
}

/** Puts a setting's value in a settings-shaped object; undefined leaves it out. */
export function placeValue(settings: Record<string, unknown>, { key, member }: SettingPlace, value: unknown): void {
  if (value === undefined) return;
  settings[key] = member === undefined ? value : { ...(settings[key] as object | undefined), [member]: value };
}

export const DEFAULT_SETTINGS: AuditSettings = defaults();

function defaults(): AuditSettings {
  const settings: Record<string, unknown> = {};
  for (const { spec, ...place } of SETTING_LIST) placeValue(settings, place, spec.default);
  return settings as AuditSettings;
}

/** The report's name for each key of `AuditSettings` (a group's name for a group). */
export const SETTING_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  SETTING_LIST.map(({ spec, key, member }) => [key, member === undefined ? spec.label : GROUP_LABELS[key as SettingGroup]]),
);
