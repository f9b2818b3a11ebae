/**
 * The issue 9 parsers on real files (test/fixtures/kube/SOURCES.md): kubeadm's kubelet drop-in,
 * static pod manifest, configuration and kubeconfig; kube-proxy's configuration; k3s's version;
 * systemd-networkd .network files of Flatcar, CoreOS and Debian; sysctls and DMI values.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { environmentFiles, parseEnvFlags, parseKubeletVersion } from '../../src/probes/parsers/kubelet.js';
import { clusterCidrFromManifest, keyValue, kubeconfigServers } from '../../src/probes/parsers/kube-cluster.js';
import { clusterCidrFromConfig, modeFromConfig } from '../../src/probes/parsers/kube-proxy.js';
import { parseNetworkFile } from '../../src/probes/parsers/networkd.js';
import { cloudFromDmi, cpuCount } from '../../src/probes/parsers/platform.js';
import { parseSysctl } from '../../src/probes/parsers/sysctl.js';
import { keyLinesOf, kubeFixture } from './kube-fixtures.js';


describe('kubelet and kubeadm files', () => {
  it("reads k3s's version line (k3s-io/k3s#2621), which is no `Kubernetes vX` line", () => {
    expect(parseKubeletVersion('k3s version v1.19.4+k3s-95ea0e16 (95ea0e16)\ngo version go1.15.2')).toBe('v1.19.4+k3s-95ea0e16');
    expect(parseKubeletVersion('Kubernetes v1.23.4')).toBe('v1.23.4');
  });

  it("finds the env files kubeadm's kubelet drop-in reads, and the flags it sets itself", () => {
    const dropIn = kubeFixture('kubeadm/10-kubeadm.conf');
    expect(environmentFiles(dropIn)).toEqual(['/var/lib/kubelet/kubeadm-flags.env', '/etc/default/kubelet']);
    expect(parseEnvFlags(dropIn)).toEqual([
      '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
      '--kubeconfig=/etc/kubernetes/kubelet.conf',
      '--config=/var/lib/kubelet/config.yaml',
    ]);
  });

  it("reads the controller-manager's --cluster-cidr from kubeadm's static pod manifest", () => {
    expect(clusterCidrFromManifest(kubeFixture('kubeadm/kube-controller-manager.yaml'))).toBe('10.244.0.0/16');
    expect(clusterCidrFromManifest('not: [a pod')).toBeNull();
    expect(clusterCidrFromManifest(kubeFixture('kube-proxy/kube-proxy-config.yaml'))).toBeNull();
  });

  it("reads kubeadm's podSubnet from the only lines that leave the host, which hold no bootstrap token", () => {
    const lines = keyLinesOf(kubeFixture('kubeadm/defaulted.yaml'), 'Subnet:');
    expect(lines).not.toContain('s73ybu');
    expect(keyValue(lines, 'podSubnet')).toBe('10.148.0.0/16');
    expect(keyValue(lines, 'serviceSubnet')).toBe('10.196.0.0/12');
  });

  it("reads the API server from a kubeconfig's server: lines, which hold no credentials", () => {
    const lines = keyLinesOf(kubeFixture('kubeadm/kubelet-with-embedded-cert.yaml'), 'server:');
    expect(lines).not.toContain('LS0t');
    expect(kubeconfigServers(lines)).toEqual(['https://10.0.2.15:6443']);
    expect(kubeconfigServers('    server: "https://[fd00::1]:6443"')).toEqual(['https://[fd00::1]:6443']);
  });

  it("reads kube-proxy's clusterCIDR and mode from its configuration file", () => {
    const config = kubeFixture('kube-proxy/kube-proxy-config.yaml');
    expect(clusterCidrFromConfig(config)).toBe('10.200.0.0/16');
    expect(modeFromConfig(config)).toBe('iptables');
    // kubeadm's KubeProxyConfiguration document says clusterCIDR too
    expect(clusterCidrFromConfig(kubeFixture('kubeadm/defaulted.yaml').split('\n---\n')[2]!)).toBe('10.148.0.0/16');
  });
});

describe('systemd-networkd .network files', () => {
  it("reads Flatcar's catch-all: Name=*, with types and the veth driver excluded", () => {
    const file = parseNetworkFile('/usr/lib/systemd/network/zz-default.network', kubeFixture('networkd/flatcar/zz-default.network'));
    expect(file).toEqual({
      path: '/usr/lib/systemd/network/zz-default.network',
      match: { Name: ['*'], Type: ['!loopback', '!dummy', '!bridge', '!tunnel', '!vxlan', '!wireguard'], Driver: ['!veth'] },
      unmanaged: false,
    });
  });

  it("reads Flatcar's Calico files as unmanaged, and CoreOS's catch-all as matching everything", () => {
    expect(parseNetworkFile('calico.network', kubeFixture('networkd/flatcar/calico.network'))).toMatchObject({ match: { Name: ['cali*'] }, unmanaged: true });
    expect(parseNetworkFile('zz-default.network', kubeFixture('networkd/coreos/zz-default.network'))).toMatchObject({ match: {}, unmanaged: false });
  });

  it("reads every file Debian 12's systemd ships", () => {
    const dir = fileURLToPath(new URL('../fixtures/kube/networkd/debian-12-systemd-252/', import.meta.url));
    const files = readdirSync(dir).map((name) => parseNetworkFile(name, readFileSync(`${dir}${name}`, 'utf8')));
    expect(Object.fromEntries(files.map((file) => [file.path, file.match]))).toEqual({
      '80-6rd-tunnel.network': { Name: ['6rd-*'], Type: ['sit'] },
      '80-container-host0.network': { Virtualization: ['container'], Name: ['host0'] },
      '80-container-ve.network': { Name: ['ve-*'], Driver: ['veth'] },
      '80-vm-vt.network': { Name: ['vt-*'], Driver: ['tun'] },
      '80-wifi-adhoc.network': { Type: ['wlan'], WLANInterfaceType: ['ad-hoc'] },
    });
  });
});

describe('sysctls, CPUs and DMI', () => {
  it('reads whole integer sysctls from the probe\'s grep -H (dash reads only their first byte)', () => {
    expect(parseSysctl(kubeFixture('sysctl/debian-12-kernel-6.sysctl-int'))).toEqual({
      'net.netfilter.nf_conntrack_max': '262144',
      'net.netfilter.nf_conntrack_count': '0',
      'net.netfilter.nf_conntrack_buckets': '262144',
    });
  });

  it('counts online CPUs from a sysfs CPU list', () => {
    expect(cpuCount(kubeFixture('sysctl/debian-12-kernel-6.cpu-online'))).toBe(2);
    expect(cpuCount('0-3,6\n')).toBe(5);
    expect(cpuCount('')).toBeNull();
  });

  it('names the cloud from DMI values cloud-init and systemd identify it by', () => {
    const value = (path: string) => kubeFixture(`dmi/${path}`).trim();
    expect(cloudFromDmi({ sys_vendor: 'Microsoft Corporation', chassis_asset_tag: value('azure/chassis_asset_tag') })).toBe('azure');
    expect(cloudFromDmi({ product_name: value('gce/product_name') })).toBe('gce');
    expect(cloudFromDmi({ uuid: value('aws-xen/uuid') })).toBe('aws');
    expect(cloudFromDmi({ sys_vendor: value('aws-nitro/sys_vendor') })).toBe('aws');
    // Hyper-V outside Azure says Microsoft Corporation too, without Azure's asset tag
    expect(cloudFromDmi({ sys_vendor: 'Microsoft Corporation', chassis_asset_tag: 'None' })).toBeNull();
  });
});
