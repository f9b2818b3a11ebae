/**
 * The host checks of issue 9's blind spots, on real values (test/fixtures/kube/SOURCES.md): the
 * conntrack table, public cloud fabrics named by DMI, and interface managers besides
 * NetworkManager (systemd-networkd's .network files of Flatcar, CoreOS and Debian; wicked).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeConntrack } from '../../src/checks/node/conntrack.js';
import { netCloudFabric } from '../../src/checks/net/cloud-fabric.js';
import { nodeLinkManagers } from '../../src/checks/node/link-managers.js';
import type { HostFacts, NetworkdFile, Platform, ServiceState } from '../../src/core/facts.js';
import { parseSysctl } from '../../src/probes/parsers/sysctl.js';
import { parseNetworkFile } from '../../src/probes/parsers/networkd.js';
import { cloudFromDmi } from '../../src/probes/parsers/platform.js';
import { found, healthyHost, missing, settings } from './facts.js';
import { kubeFixture } from '../probes/kube-fixtures.js';

function withConntrack(values: Record<string, string>, kubeProxyRunning = false, cpus = 2): HostFacts {
  return {
    ...healthyHost(),
    sysctl: found({ 'net.ipv4.conf.all.rp_filter': '1', ...values }, '/proc/sys/net/… (switches: read; integers: grep -H .)'),
    onlineCpus: found(cpus, '/sys/devices/system/cpu/online'),
    kubeProxy: found({ running: kubeProxyRunning, args: [], mode: null }, 'process list'),
  };
}

/** The sizes of a real kernel log: "nf_conntrack version 0.5.0 (16384 buckets, 65536 max)". */
const SMALL_TABLE = { 'net.netfilter.nf_conntrack_max': '65536', 'net.netfilter.nf_conntrack_buckets': '16384' };

describe('node.conntrack', () => {
  it("passes Debian 12's table, read whole", () => {
    const verdict = nodeConntrack.evaluate(withConntrack(parseSysctl(kubeFixture('sysctl/debian-12-kernel-6.sysctl-int')), true), settings());
    expect(verdict).toMatchObject({ status: 'pass', summary: 'nf_conntrack_max is 262144 with 0 in use.' });
  });

  it('fails a full table: the kernel drops new connections', () => {
    const verdict = nodeConntrack.evaluate(withConntrack({ ...SMALL_TABLE, 'net.netfilter.nf_conntrack_count': '65536' }), settings());
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain('nf_conntrack: table full, dropping packet');
    expect(verdict.remediation).toContain('net.netfilter.nf_conntrack_max=1000000');
  });

  it('warns a table 90 % full', () => {
    expect(nodeConntrack.evaluate(withConntrack({ ...SMALL_TABLE, 'net.netfilter.nf_conntrack_count': '60000' }), settings()).status).toBe('warn');
  });

  it("passes a small table before the install (kube-proxy raises it), warns one below kube-proxy's floor while kube-proxy runs", () => {
    const before = nodeConntrack.evaluate(withConntrack({ ...SMALL_TABLE, 'net.netfilter.nf_conntrack_count': '12' }, false, 8), settings());
    expect(before).toMatchObject({ status: 'pass', summary: expect.stringContaining('kube-proxy raises it to 262144') });
    expect(nodeConntrack.evaluate(withConntrack({ ...SMALL_TABLE, 'net.netfilter.nf_conntrack_count': '12' }, true), settings()).status).toBe('warn');
  });

  it('passes a host without nf_conntrack loaded, saying so; unknown without sysctls', () => {
    expect(nodeConntrack.evaluate(withConntrack({}), settings())).toMatchObject({ status: 'pass', summary: expect.stringContaining('not loaded yet') });
    expect(nodeConntrack.evaluate({ ...healthyHost(), sysctl: missing('/proc/sys', 'sysctls were not read') }, settings()).status).toBe('unknown');
  });
});

function onCloud(fields: Record<string, string>): HostFacts {
  const platform: Platform = { cloud: cloudFromDmi(fields), fields };
  return { ...healthyHost(), platform: found(platform, '/sys/class/dmi/id/*; /sys/hypervisor/uuid') };
}

describe('net.cloud-fabric', () => {
  const azure = onCloud({ sys_vendor: 'Microsoft Corporation', chassis_asset_tag: kubeFixture('dmi/azure/chassis_asset_tag').trim() });

  it('warns IPIP on Azure, whose fabric blocks it, with VXLAN as the fix; passes VXLAN there', () => {
    const verdict = netCloudFabric.evaluate(azure, settings());
    expect(verdict.status).toBe('warn');
    expect(verdict.summary).toMatch(/Azure network fabric blocks IPIP/);
    expect(verdict.remediation).toMatch(/calico_encapsulation=vxlan/);
    expect(netCloudFabric.evaluate(azure, settings({ encapsulation: 'vxlan' })).status).toBe('pass');
    expect(netCloudFabric.evaluate(azure, settings({ encapsulation: 'none' })).status).toBe('warn');
  });

  it('warns unencapsulated routing on AWS (source/destination check) and GCE, passes their IPIP', () => {
    const nitro = onCloud({ sys_vendor: kubeFixture('dmi/aws-nitro/sys_vendor').trim() });
    const xen = onCloud({ uuid: kubeFixture('dmi/aws-xen/uuid').trim() });
    const gce = onCloud({ product_name: kubeFixture('dmi/gce/product_name').trim() });
    expect(netCloudFabric.evaluate(nitro, settings({ encapsulation: 'none' }))).toMatchObject({ status: 'warn', remediation: expect.stringContaining('--no-source-dest-check') });
    expect(netCloudFabric.evaluate(xen, settings({ encapsulation: 'none' })).status).toBe('warn');
    expect(netCloudFabric.evaluate(gce, settings({ encapsulation: 'none' })).status).toBe('warn');
    for (const host of [nitro, xen, gce]) expect(netCloudFabric.evaluate(host, settings()).status).toBe('pass');
  });

  it('passes a machine no cloud names, and Hyper-V outside Azure; unknown without the DMI probe', () => {
    expect(netCloudFabric.evaluate(healthyHost(), settings()).status).toBe('pass');
    expect(netCloudFabric.evaluate(onCloud({ sys_vendor: 'Microsoft Corporation', product_name: 'Virtual Machine' }), settings()).status).toBe('pass');
    expect(netCloudFabric.evaluate({ ...healthyHost(), platform: missing('/sys/class/dmi/id', 'the probe script did not finish') }, settings()).status).toBe('unknown');
  });
});

const networkdDir = (dir: string) => fileURLToPath(new URL(`../fixtures/kube/networkd/${dir}/`, import.meta.url));
/** The .network files of a fixture directory as installed under `installDir`, in networkd's order. */
function networkFiles(dir: string, installDir: string): NetworkdFile[] {
  return readdirSync(networkdDir(dir))
    .sort()
    .map((name) => parseNetworkFile(`${installDir}${name}`, kubeFixture(`networkd/${dir}/${name}`)));
}

function withNetworkd(files: NetworkdFile[], state: ServiceState = 'active', wickedIfcfg: string[] = []): HostFacts {
  const facts = healthyHost();
  if (facts.services.ok) facts.services.value['systemd-networkd'] = { state, method: 'systemctl' };
  if (facts.services.ok && wickedIfcfg.length) facts.services.value.wicked = { state: 'active', method: 'systemctl' };
  return { ...facts, interfaceManagers: found({ networkd: [...files].sort((a, b) => a.path.split('/').pop()!.localeCompare(b.path.split('/').pop()!)), wickedIfcfg }, '/etc/systemd/network/*.network') };
}

describe('node.link-managers', () => {
  const debian = networkFiles('debian-12-systemd-252', '/usr/lib/systemd/network/');

  it("passes Debian 12's own files and Flatcar's, whose Calico files come first", () => {
    expect(nodeLinkManagers.evaluate(withNetworkd(debian), settings()).status).toBe('pass');
    const flatcar = networkFiles('flatcar', '/usr/lib/systemd/network/');
    for (const encapsulation of ['ipip', 'vxlan'] as const) {
      const verdict = nodeLinkManagers.evaluate(withNetworkd([...debian, ...flatcar]), settings({ encapsulation }));
      expect(verdict.status, verdict.summary).toBe('pass');
    }
  });

  it("fails CoreOS's catch-all, which matches every link, with the file that fixes it", () => {
    const verdict = nodeLinkManagers.evaluate(withNetworkd([...debian, ...networkFiles('coreos', '/usr/lib/systemd/network/')]), settings());
    expect(verdict.status).toBe('fail');
    expect(verdict.summary).toContain('cali1a2b3c4d5e6 (/usr/lib/systemd/network/zz-default.network)');
    expect(verdict.summary).toContain('tunl0');
    expect(verdict.remediation).toContain('Unmanaged=yes');
    // the fix works: the suggested file sorts first
    const fixed = parseNetworkFile('/etc/systemd/network/00-calico.network', '[Match]\nName=cali* tunl* vxlan.calico vxlan-v6.calico wireguard.cali wg-v6.cali\n\n[Link]\nUnmanaged=yes\n');
    expect(nodeLinkManagers.evaluate(withNetworkd([fixed, ...networkFiles('coreos', '/usr/lib/systemd/network/')]), settings()).status).toBe('pass');
  });

  it("warns Flatcar's VMware file without Flatcar's Calico files: it matches by the host's virtualization", () => {
    const vmware = parseNetworkFile('/etc/systemd/network/10-vmware.network', kubeFixture('networkd/flatcar/yy-vmware.network'));
    expect(nodeLinkManagers.evaluate(withNetworkd([...debian, vmware]), settings()).status).toBe('warn');
  });

  it('passes when networkd and wicked are not running; fails a wicked ifcfg file of a Calico name', () => {
    expect(nodeLinkManagers.evaluate(withNetworkd(networkFiles('coreos', '/etc/systemd/network/'), 'inactive'), settings()).status).toBe('pass');
    const wicked = nodeLinkManagers.evaluate(withNetworkd([], 'inactive', ['/etc/sysconfig/network/ifcfg-tunl0']), settings());
    expect(wicked).toMatchObject({ status: 'fail', summary: expect.stringContaining('wicked configures /etc/sysconfig/network/ifcfg-tunl0') });
  });
});
