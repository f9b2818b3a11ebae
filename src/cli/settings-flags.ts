/**
 * The command-line flags of the audit settings. No defaults: an absent flag leaves the
 * inventory in charge (see src/checks/settings.ts for the order of precedence).
 */
import type { Options } from 'yargs';
import { UserError } from '../core/errors.js';
import type { VarValue } from '../core/vars.js';
import { ENCAPSULATIONS, PORT_VARIABLES, type SettingsOverrides } from '../checks/settings.js';
import { InvalidValue, bool, cidrs, endpoint, endpointList, oneOf, port } from '../checks/settings-values.js';

type Ports = NonNullable<SettingsOverrides['ports']>;

const GROUP = 'Calico settings (override inventory variables):';

/** yargs options for every setting; register with `.options(settingsOptions)`. No defaults: an absent flag leaves the inventory in charge. */
export const settingsOptions = {
  encapsulation: { type: 'string', choices: ENCAPSULATIONS, group: GROUP, describe: 'Overlay: ipip (Calico default), vxlan or none [calico_encapsulation]' },
  bgp: { type: 'boolean', group: GROUP, describe: 'Calico runs BGP (BIRD); default: on unless VXLAN [calico_bgp]' },
  wireguard: { type: 'boolean', group: GROUP, describe: 'WireGuard encryption on [calico_wireguard]' },
  dataplane: { type: 'string', choices: ['iptables', 'ebpf'], group: GROUP, describe: 'Dataplane [calico_dataplane]' },
  ipv6: { type: 'boolean', group: GROUP, describe: 'IPv6 on [calico_ipv6]' },
  typha: { type: 'boolean', group: GROUP, describe: 'Hosts run Typha [calico_typha]' },
  datastore: { type: 'string', choices: ['kubernetes', 'etcd'], group: GROUP, describe: 'Datastore [calico_datastore]' },
  'etcd-endpoints': { type: 'string', group: GROUP, describe: 'etcd endpoints, comma-separated [calico_etcd_endpoints]' },
  apiserver: { type: 'string', group: GROUP, describe: 'kube-apiserver HOST:PORT [kube_apiserver_endpoint]' },
  'pod-cidr': { type: 'string', group: GROUP, describe: 'Pod CIDR (comma-separated for dual-stack) [calico_pod_cidr]' },
  'service-cidr': { type: 'string', group: GROUP, describe: 'Service CIDR [calico_service_cidr]' },
  'kube-proxy-mode': { type: 'string', choices: ['iptables', 'ipvs'], group: GROUP, describe: 'kube-proxy mode [kube_proxy_mode]' },
  'bgp-port': { type: 'number', group: GROUP, describe: 'BGP port, TCP [calico_bgp_port]' },
  'vxlan-port': { type: 'number', group: GROUP, describe: 'VXLAN port, UDP [calico_vxlan_port]' },
  'typha-port': { type: 'number', group: GROUP, describe: 'Typha port, TCP [calico_typha_port]' },
  'wireguard-port': { type: 'number', group: GROUP, describe: 'WireGuard port, UDP [calico_wireguard_port]' },
  alp: { type: 'boolean', group: GROUP, describe: 'Application layer policy on [calico_alp]' },
} satisfies Record<string, Options>;

/** The overrides given on the command line; throws UserError naming the bad flag. */
export function settingsOverridesFromArgv(argv: Record<string, unknown>): SettingsOverrides {
  const overrides: SettingsOverrides = {};
  const flag = <T>(name: keyof typeof settingsOptions, reader: (value: VarValue) => T): T | undefined => {
    const value = argv[name];
    if (value === undefined) return undefined;
    try {
      return reader(value as VarValue);
    } catch (error) {
      if (error instanceof InvalidValue) throw new UserError(`--${name} ${error.message}.`);
      throw error;
    }
  };
  const set = <K extends keyof SettingsOverrides>(key: K, value: SettingsOverrides[K] | undefined) => {
    if (value !== undefined) overrides[key] = value;
  };
  set('encapsulation', flag('encapsulation', oneOf(ENCAPSULATIONS)));
  set('bgp', flag('bgp', bool));
  set('wireguard', flag('wireguard', bool));
  set('dataplane', flag('dataplane', oneOf(['iptables', 'ebpf'] as const)));
  set('ipv6', flag('ipv6', bool));
  set('typha', flag('typha', bool));
  set('datastore', flag('datastore', oneOf(['kubernetes', 'etcd'] as const)));
  set('etcdEndpoints', flag('etcd-endpoints', endpointList));
  set('apiserverEndpoint', flag('apiserver', endpoint));
  set('podCidr', flag('pod-cidr', cidrs));
  set('serviceCidr', flag('service-cidr', cidrs));
  set('kubeProxyMode', flag('kube-proxy-mode', oneOf(['iptables', 'ipvs'] as const)));
  set('alp', flag('alp', bool));
  const ports: Partial<Ports> = {};
  for (const key of Object.keys(PORT_VARIABLES) as (keyof Ports)[]) {
    const value = flag(`${key}-port`, port);
    if (value !== undefined) ports[key] = value;
  }
  if (Object.keys(ports).length > 0) overrides.ports = ports;
  return overrides;
}
