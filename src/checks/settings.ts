/**
 * Audit settings per host: CLI flags win over our inventory variables (calico_*), which win
 * over kubespray's names for the same thing, which win over the defaults. `sources` records
 * where each value came from, for the result and the report.
 */
import { UserError } from '../core/errors.js';
import type { HostVars, VarValue } from '../core/vars.js';
import { DEFAULT_SETTINGS, type AuditSettings } from '../core/settings.js';
import { InvalidValue, bool, cidrs, endpoint, endpointList, isTemplated, oneOf, port, text } from './settings-values.js';

type Ports = AuditSettings['ports'];
export type SettingsOverrides = Partial<Omit<AuditSettings, 'ports'>> & { ports?: Partial<Ports> };
export interface ResolvedSettings {
  settings: AuditSettings;
  sources: Record<keyof AuditSettings, string>;
}

type Found<T> = { value: T; source: string };
type Candidate<T> = () => Found<T> | undefined;

class VariableError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

function read<T>(vars: HostVars, name: string, reader: (value: VarValue) => T): Found<T> | undefined {
  const raw = vars[name];
  if (raw === undefined || raw === null || raw === '' || isTemplated(raw)) return undefined;
  try {
    return { value: reader(raw), source: `inventory ${name}` };
  } catch (error) {
    if (error instanceof InvalidValue) throw new VariableError(name, error.message);
    throw error;
  }
}

export const ENCAPSULATIONS = ['ipip', 'vxlan', 'none'] as const;
const KUBESPRAY_MODE = oneOf(['always', 'crosssubnet', 'never'] as const);
const KUBESPRAY_BACKEND = oneOf(['bird', 'vxlan', 'none'] as const);

/** kubespray: calico_network_backend (bird|vxlan|none), calico_vxlan_mode / calico_ipip_mode (Always|CrossSubnet|Never). */
function kubesprayEncapsulation(vars: HostVars): Found<AuditSettings['encapsulation']> | undefined {
  const backend = read(vars, 'calico_network_backend', KUBESPRAY_BACKEND);
  const vxlan = read(vars, 'calico_vxlan_mode', KUBESPRAY_MODE);
  const ipip = read(vars, 'calico_ipip_mode', KUBESPRAY_MODE);
  const on = (mode: Found<string> | undefined) => mode !== undefined && mode.value !== 'never';
  if (backend?.value === 'vxlan') return { value: 'vxlan', source: 'kubespray calico_network_backend' };
  if (on(vxlan)) return { value: 'vxlan', source: 'kubespray calico_vxlan_mode' };
  if (on(ipip)) return { value: 'ipip', source: 'kubespray calico_ipip_mode' };
  if (vxlan && ipip) return { value: 'none', source: 'kubespray calico_ipip_mode and calico_vxlan_mode' };
  return undefined;
}

function kubesprayBgp(vars: HostVars): Found<boolean> | undefined {
  const backend = read(vars, 'calico_network_backend', KUBESPRAY_BACKEND);
  return backend && { value: backend.value === 'bird', source: 'kubespray calico_network_backend' };
}

/** kubespray's loadbalancer_apiserver: {address, port}, named by apiserver_loadbalancer_domain_name when set. */
function kubesprayApiserver(vars: HostVars): Found<string> | undefined {
  const balancer = vars.loadbalancer_apiserver;
  if (!balancer || typeof balancer !== 'object' || Array.isArray(balancer) || !balancer.address) return undefined;
  const name = read(vars, 'apiserver_loadbalancer_domain_name', text)?.value ?? read(balancer, 'address', text)?.value;
  const portValue = read(balancer, 'port', port)?.value ?? read(vars, 'kube_apiserver_port', port)?.value ?? 6443;
  if (!name) return undefined;
  const composed = name.includes(':') ? `[${name}]:${portValue}` : `${name}:${portValue}`;
  const found = read({ loadbalancer_apiserver: composed }, 'loadbalancer_apiserver', endpoint);
  return found && { ...found, source: 'kubespray loadbalancer_apiserver' };
}

/** kubespray keeps IPv6 ranges in separate variables, used when dual-stack is on. */
function kubesprayRanges(vars: HostVars, name: string, ipv6: boolean): Found<string> | undefined {
  const v4 = read(vars, name, cidrs);
  const v6 = ipv6 ? read(vars, `${name}_ipv6`, cidrs) : undefined;
  if (!v4 && !v6) return undefined;
  return { value: [v4?.value, v6?.value].filter(Boolean).join(','), source: `kubespray ${[v4 && name, v6 && `${name}_ipv6`].filter(Boolean).join(' + ')}` };
}

const FLAGS: Record<Exclude<keyof AuditSettings, 'ports'>, string> = {
  encapsulation: '--encapsulation',
  bgp: '--bgp',
  wireguard: '--wireguard',
  dataplane: '--dataplane',
  ipv6: '--ipv6',
  typha: '--typha',
  datastore: '--datastore',
  etcdEndpoints: '--etcd-endpoints',
  apiserverEndpoint: '--apiserver',
  podCidr: '--pod-cidr',
  serviceCidr: '--service-cidr',
  kubeProxyMode: '--kube-proxy-mode',
  alp: '--alp',
};
export const PORT_VARIABLES: Record<keyof Ports, string> = { bgp: 'calico_bgp_port', vxlan: 'calico_vxlan_port', typha: 'calico_typha_port', wireguard: 'calico_wireguard_port' };

function resolve(vars: HostVars, overrides: SettingsOverrides): ResolvedSettings {
  const sources = {} as Record<keyof AuditSettings, string>;
  function pick<K extends Exclude<keyof AuditSettings, 'ports'>>(key: K, ...candidates: Candidate<AuditSettings[K]>[]): AuditSettings[K] {
    if (overrides[key] !== undefined) {
      sources[key] = FLAGS[key];
      return overrides[key] as AuditSettings[K];
    }
    for (const candidate of candidates) {
      const found = candidate();
      if (found) {
        sources[key] = found.source;
        return found.value;
      }
    }
    sources[key] = key === 'bgp' ? 'derived from the encapsulation' : 'default';
    return DEFAULT_SETTINGS[key];
  }
  const ours = <T>(name: string, reader: (value: VarValue) => T): Candidate<T> => () => read(vars, name, reader);

  const ipv6 = pick('ipv6', ours('calico_ipv6', bool), ours('ipv6_stack', bool), ours('enable_dual_stack_networks', bool));
  const bgp = pick('bgp', ours('calico_bgp', bool), () => kubesprayBgp(vars));
  const settings: AuditSettings = {
    encapsulation: pick('encapsulation', ours('calico_encapsulation', oneOf(ENCAPSULATIONS)), () => kubesprayEncapsulation(vars)),
    ...(bgp === undefined ? {} : { bgp }),
    wireguard: pick('wireguard', ours('calico_wireguard', bool), ours('calico_wireguard_enabled', bool)),
    dataplane: pick('dataplane', ours('calico_dataplane', oneOf(['iptables', 'ebpf'] as const)), () => {
      const found = read(vars, 'calico_bpf_enabled', bool);
      return found && { value: found.value ? 'ebpf' : 'iptables', source: 'kubespray calico_bpf_enabled' };
    }),
    ipv6,
    typha: pick('typha', ours('calico_typha', bool), ours('typha_enabled', bool)),
    datastore: pick('datastore', ours('calico_datastore', oneOf(['kubernetes', 'etcd'] as const, { kdd: 'kubernetes' }))),
    etcdEndpoints: pick('etcdEndpoints', ours('calico_etcd_endpoints', endpointList), ours('etcd_access_addresses', endpointList)),
    apiserverEndpoint: pick('apiserverEndpoint', ours('kube_apiserver_endpoint', endpoint), () => kubesprayApiserver(vars)),
    podCidr: pick('podCidr', ours('calico_pod_cidr', cidrs), () => kubesprayRanges(vars, 'kube_pods_subnet', ipv6)),
    serviceCidr: pick('serviceCidr', ours('calico_service_cidr', cidrs), () => kubesprayRanges(vars, 'kube_service_addresses', ipv6)),
    kubeProxyMode: pick('kubeProxyMode', ours('kube_proxy_mode', oneOf(['iptables', 'ipvs'] as const))),
    ports: { ...DEFAULT_SETTINGS.ports },
    alp: pick('alp', ours('calico_alp', bool)),
  };
  const portSources = (Object.keys(PORT_VARIABLES) as (keyof Ports)[]).map((key) => {
    const override = overrides.ports?.[key];
    const found = override === undefined ? read(vars, PORT_VARIABLES[key], port) : { value: override, source: `--${key}-port` };
    if (found) settings.ports[key] = found.value;
    return `${key} ${settings.ports[key]} (${found?.source ?? 'default'})`;
  });
  sources.ports = portSources.join(', ');
  return { settings, sources };
}

export function resolveSettings(hostVars: HostVars, overrides: SettingsOverrides = {}, host?: string): ResolvedSettings {
  try {
    return resolve(hostVars, overrides);
  } catch (error) {
    if (error instanceof VariableError) throw new UserError(`${host ? `host ${host}` : 'inventory'}: variable ${error.variable} ${error.message}.`);
    throw error;
  }
}
