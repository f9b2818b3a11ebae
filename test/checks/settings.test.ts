import { describe, expect, expectTypeOf, it } from 'vitest';
import yargs from 'yargs';
import { resolveSettings } from '../../src/checks/settings.js';
import { settingsOptions, settingsOverridesFromArgv } from '../../src/cli/settings-flags.js';
import { DEFAULT_SETTINGS, type AuditSettings } from '../../src/core/settings.js';
import { UserError } from '../../src/core/errors.js';
import type { HostVars } from '../../src/core/vars.js';
import { fixture } from './facts.js';

async function overridesFrom(args: string[]) {
  const argv = await yargs(args).options(settingsOptions).strict().fail((message) => { throw new Error(message); }).parseAsync();
  return settingsOverridesFromArgv(argv);
}

describe('resolveSettings', () => {
  it('gives the defaults, each marked as such', () => {
    const { settings, sources } = resolveSettings({});
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(sources.encapsulation).toBe('default');
    expect(sources.podCidr).toBe('default');
    expect(sources.ports).toBe('bgp 179 (default), vxlan 4789 (default), typha 5473 (default), wireguard 51820 (default)');
  });

  it("reads our variables, with Ansible's value types", () => {
    const vars: HostVars = {
      calico_encapsulation: 'VXLAN',
      calico_wireguard: 'yes',
      calico_dataplane: 'ebpf',
      calico_ipv6: true,
      calico_typha: 'True',
      calico_datastore: 'etcd',
      calico_etcd_endpoints: 'https://10.0.0.5:2379, https://10.0.0.6:2379',
      kube_apiserver_endpoint: '10.0.0.2:6443',
      calico_pod_cidr: '10.244.0.0/16',
      calico_service_cidr: '10.96.0.0/12',
      kube_proxy_mode: 'ipvs',
      calico_bgp_port: 1790,
      calico_vxlan_port: '8472',
      calico_typha_port: 5474,
      calico_wireguard_port: 51821,
      calico_alp: false,
    };
    const { settings, sources } = resolveSettings(vars);
    expect(settings).toEqual({
      encapsulation: 'vxlan',
      wireguard: true,
      dataplane: 'ebpf',
      ipv6: true,
      typha: true,
      datastore: 'etcd',
      etcdEndpoints: ['https://10.0.0.5:2379', 'https://10.0.0.6:2379'],
      apiserverEndpoint: '10.0.0.2:6443',
      podCidr: '10.244.0.0/16',
      serviceCidr: '10.96.0.0/12',
      kubeProxyMode: 'ipvs',
      ports: { bgp: 1790, vxlan: 8472, typha: 5474, wireguard: 51821 },
      alp: false,
    });
    expect(sources.encapsulation).toBe('inventory calico_encapsulation');
    expect(sources.ports).toContain('vxlan 8472 (inventory calico_vxlan_port)');
    expect(resolveSettings({ calico_etcd_endpoints: ['10.0.0.5:2379', '10.0.0.6'] }).settings.etcdEndpoints).toEqual(['10.0.0.5:2379', '10.0.0.6']);
  });

  it("reads a real kubespray inventory's host vars (ansible-inventory --list)", () => {
    const list = JSON.parse(fixture('inventories/kubespray-pr-sample-inventory-yml/inventory.yml.ansible-list.json'));
    const { settings, sources } = resolveSettings(list._meta.hostvars.node1, {}, 'node1');
    expect(settings.podCidr).toBe('10.233.64.0/18');
    expect(sources.podCidr).toBe('kubespray kube_pods_subnet');
    expect(settings.kubeProxyMode).toBe('ipvs');
    expect(settings.serviceCidr).toBe(DEFAULT_SETTINGS.serviceCidr);
  });

  it("derives the encapsulation, BGP and the rest from kubespray's names", () => {
    const derive = (vars: HostVars) => resolveSettings(vars).settings;
    expect(derive({ calico_network_backend: 'vxlan' })).toMatchObject({ encapsulation: 'vxlan', bgp: false });
    expect(derive({ calico_network_backend: 'bird', calico_vxlan_mode: 'Always', calico_ipip_mode: 'Never' })).toMatchObject({ encapsulation: 'vxlan', bgp: true });
    expect(derive({ calico_ipip_mode: 'CrossSubnet', calico_vxlan_mode: 'Never' }).encapsulation).toBe('ipip');
    expect(derive({ calico_ipip_mode: 'Never', calico_vxlan_mode: 'Never' }).encapsulation).toBe('none');
    expect(derive({ calico_wireguard_enabled: true, calico_bpf_enabled: true, typha_enabled: true, calico_datastore: 'kdd' })).toMatchObject({ wireguard: true, dataplane: 'ebpf', typha: true, datastore: 'kubernetes' });
    expect(derive({ enable_dual_stack_networks: true, kube_pods_subnet: '10.233.64.0/18', kube_pods_subnet_ipv6: 'fd85:ee78:d8a6:8607::1:0000/112', kube_service_addresses: '10.233.0.0/18' })).toMatchObject({
      ipv6: true,
      podCidr: '10.233.64.0/18,fd85:ee78:d8a6:8607::1:0000/112',
      serviceCidr: '10.233.0.0/18',
    });
    expect(derive({ loadbalancer_apiserver: { address: '10.0.0.100', port: 8443 } }).apiserverEndpoint).toBe('10.0.0.100:8443');
    expect(derive({ loadbalancer_apiserver: { address: '10.0.0.100' }, apiserver_loadbalancer_domain_name: 'lb.example.com' }).apiserverEndpoint).toBe('lb.example.com:6443');
    expect(derive({ etcd_access_addresses: 'https://10.0.0.5:2379,https://10.0.0.6:2379', calico_datastore: 'etcd' }).etcdEndpoints).toHaveLength(2);
  });

  it("records which of kubespray's names gave a value", () => {
    const { sources } = resolveSettings({ typha_enabled: true, calico_bpf_enabled: false, ipv6_stack: true, calico_network_backend: 'bird' });
    expect(sources).toMatchObject({
      typha: 'inventory typha_enabled',
      dataplane: 'kubespray calico_bpf_enabled',
      ipv6: 'inventory ipv6_stack',
      bgp: 'kubespray calico_network_backend',
      encapsulation: 'default',
    });
    expect(resolveSettings({}).sources.bgp).toBe('derived from the encapsulation');
  });

  it("reads kubespray's IPv6 ranges when IPv6 is on, whether a variable or a flag says so", () => {
    const vars: HostVars = { kube_pods_subnet: '10.233.64.0/18', kube_pods_subnet_ipv6: 'fd85:ee78:d8a6:8607::1:0000/112' };
    expect(resolveSettings(vars).settings.podCidr).toBe('10.233.64.0/18');
    const withFlag = resolveSettings(vars, { ipv6: true });
    expect(withFlag.settings.podCidr).toBe('10.233.64.0/18,fd85:ee78:d8a6:8607::1:0000/112');
    expect(withFlag.sources.podCidr).toBe('kubespray kube_pods_subnet + kube_pods_subnet_ipv6');
    expect(resolveSettings({ ...vars, calico_ipv6: true }, { ipv6: false }).settings.podCidr).toBe('10.233.64.0/18');
  });

  it("lets our names win over kubespray's, and flags over both", () => {
    const vars: HostVars = { calico_encapsulation: 'ipip', calico_network_backend: 'vxlan', calico_pod_cidr: '10.1.0.0/16', kube_pods_subnet: '10.2.0.0/16', calico_bgp_port: 1790 };
    const fromVars = resolveSettings(vars);
    expect(fromVars.settings).toMatchObject({ encapsulation: 'ipip', podCidr: '10.1.0.0/16' });
    const fromFlags = resolveSettings(vars, { encapsulation: 'none', podCidr: '10.3.0.0/16', ports: { bgp: 1791 } });
    expect(fromFlags.settings).toMatchObject({ encapsulation: 'none', podCidr: '10.3.0.0/16', ports: { bgp: 1791 } });
    expect(fromFlags.sources).toMatchObject({ encapsulation: '--encapsulation', podCidr: '--pod-cidr' });
    expect(fromFlags.sources.ports).toContain('bgp 1791 (--bgp-port)');
  });

  it('ignores values still holding Jinja templates', () => {
    const { settings, sources } = resolveSettings({ kube_pods_subnet: '{{ pods_subnet }}', kube_apiserver_endpoint: 'https://{{ lb }}:6443' });
    expect(settings.podCidr).toBe(DEFAULT_SETTINGS.podCidr);
    expect(settings.apiserverEndpoint).toBeNull();
    expect(sources.podCidr).toBe('default');
  });

  it.each([
    [{ calico_encapsulation: 'gre' }, 'calico_encapsulation must be ipip, vxlan, none'],
    [{ calico_wireguard: 'maybe' }, 'calico_wireguard must be true or false'],
    [{ calico_pod_cidr: '10.0.0.0/33' }, 'calico_pod_cidr must be a CIDR'],
    [{ calico_bgp_port: 70000 }, 'calico_bgp_port must be a port number'],
    [{ calico_ipip_mode: 'Sometimes' }, 'calico_ipip_mode must be always, crosssubnet, never'],
    [{ calico_etcd_endpoints: 'https://10.0.0.5:2379,not an endpoint' }, 'calico_etcd_endpoints must be HOST:PORT or a URL'],
    [{ kube_proxy_mode: 'nftables' }, 'kube_proxy_mode must be iptables, ipvs'],
  ])('rejects %o naming the host and variable', (vars, message) => {
    expect(() => resolveSettings(vars as HostVars, {}, 'web1')).toThrow(UserError);
    expect(() => resolveSettings(vars as HostVars, {}, 'web1')).toThrow(`host web1: variable ${message}`);
  });

  it('does not judge a kubespray variable our own name overrides', () => {
    expect(resolveSettings({ calico_pod_cidr: '10.1.0.0/16', kube_pods_subnet: 'garbage' }).settings.podCidr).toBe('10.1.0.0/16');
  });
});

describe('the settings type derived from the table', () => {
  it('leaves out a setting without a default, allows null where the default is null, and nests groups', () => {
    expectTypeOf<AuditSettings['bgp']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<AuditSettings['apiserverEndpoint']>().toEqualTypeOf<string | null>();
    expectTypeOf<AuditSettings['encapsulation']>().toEqualTypeOf<'ipip' | 'vxlan' | 'none'>();
    expectTypeOf<AuditSettings['etcdEndpoints']>().toEqualTypeOf<string[]>();
    expectTypeOf<AuditSettings['ports']>().toEqualTypeOf<{ bgp: number; vxlan: number; typha: number; wireguard: number }>();
    expect(Object.keys(DEFAULT_SETTINGS)).not.toContain('bgp');
    expect(DEFAULT_SETTINGS.ports).toEqual({ bgp: 179, vxlan: 4789, typha: 5473, wireguard: 51820 });
  });
});

describe('settings flags', () => {
  it('leaves absent flags out, so the inventory stays in charge', async () => {
    expect(await overridesFrom([])).toEqual({});
  });

  it('turns every flag into an override', async () => {
    const overrides = await overridesFrom([
      '--encapsulation', 'vxlan', '--no-bgp', '--wireguard', '--dataplane', 'ebpf', '--ipv6', '--typha', '--datastore', 'etcd',
      '--etcd-endpoints', 'https://10.0.0.5:2379,10.0.0.6:2379', '--apiserver', '10.0.0.2:6443', '--pod-cidr', '10.244.0.0/16',
      '--service-cidr', '10.96.0.0/12', '--kube-proxy-mode', 'ipvs', '--bgp-port', '1790', '--vxlan-port', '8472',
      '--typha-port', '5474', '--wireguard-port', '51821', '--alp',
    ]);
    expect(overrides).toEqual({
      encapsulation: 'vxlan',
      bgp: false,
      wireguard: true,
      dataplane: 'ebpf',
      ipv6: true,
      typha: true,
      datastore: 'etcd',
      etcdEndpoints: ['https://10.0.0.5:2379', '10.0.0.6:2379'],
      apiserverEndpoint: '10.0.0.2:6443',
      podCidr: '10.244.0.0/16',
      serviceCidr: '10.96.0.0/12',
      kubeProxyMode: 'ipvs',
      alp: true,
      ports: { bgp: 1790, vxlan: 8472, typha: 5474, wireguard: 51821 },
    });
  });

  it('rejects bad values naming the flag', async () => {
    await expect(overridesFrom(['--pod-cidr', '10.0.0.0'])).rejects.toThrow('--pod-cidr must be a CIDR');
    await expect(overridesFrom(['--bgp-port', '0'])).rejects.toThrow('--bgp-port must be a port number');
    await expect(overridesFrom(['--encapsulation', 'gre'])).rejects.toThrow(/Invalid values/);
  });
});
