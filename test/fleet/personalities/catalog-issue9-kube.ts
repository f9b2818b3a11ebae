/**
 * Issue 9's Kubernetes hosts: a kubeadm node before `kubeadm init/join`, kubelet where only a
 * wider search finds it (Flatcar's /opt/bin, k3s), what the host's Kubernetes configuration
 * says (the controller-manager's --cluster-cidr, kubelet.conf's API server), and the blind
 * spots (an Azure VM by its DMI fields, a systemd-networkd catch-all, a full conntrack table).
 * Each host is `k9-ok` (a Kubernetes v1.23 node on Ubuntu 16.04 serving the API server port)
 * plus its one difference. Files are real ones (test/fixtures/kube/SOURCES.md); where a value
 * must point into the test network, the change is said.
 */
import { existsSync, readFileSync } from 'node:fs';
import { APISERVER, APISERVER_OCTET, KUBEADM_1_23, kubeNode, kubernetesServices, xenial } from './catalog.js';
import type { Personality, Service } from './spec.js';
import { daemonScript, fixedAnswerScript } from './standins.js';

function kubeFixture(path: string): string {
  return readFileSync(new URL(`../../fixtures/kube/${path}`, import.meta.url), 'utf8');
}

const DROP_IN = '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf';
const CONTROLLER_MANAGER = '/etc/kubernetes/manifests/kube-controller-manager.yaml';
const KUBELET_CONF = '/etc/kubernetes/kubelet.conf';
const CONNTRACK_MAX = '/proc/sys/net/netfilter/nf_conntrack_max';

/** The conntrack files exist only while nf_conntrack is loaded in this machine's kernel. */
export const HAS_CONNTRACK_HOST = existsSync(CONNTRACK_MAX);

/** The fleet's whole benchmark range: it holds every host's address, whichever /24 the fleet gets. */
export const TEST_NETWORK_RANGE = '198.18.0.0/15';

/**
 * kubelet installed with kubeadm's drop-in but not running: systemd restarts it every 10 s
 * (`Restart=always`), so `systemctl is-active` says activating; kubeadm has not written
 * /var/lib/kubelet/kubeadm-flags.env.
 */
function installedKubelet(version: string, extraArgs: string): Pick<Personality, 'files' | 'commands' | 'services'> {
  const kubelet: Service = { state: 'activating', enabled: true, daemon: '/usr/bin/kubelet' };
  return {
    files: { [DROP_IN]: kubeFixture('kubeadm/10-kubeadm.conf'), '/etc/default/kubelet': `KUBELET_EXTRA_ARGS=${extraArgs}\n` },
    commands: {
      '/usr/bin/kubelet': daemonScript(`Kubernetes ${version}`),
      '/usr/bin/kubeadm': fixedAnswerScript({ 'version -o short': version }),
    },
    services: { kubelet },
  };
}

/** kubelet.conf as kubeadm writes it, naming the fleet's API server on `port`. */
function kubeletConf(port: number): string {
  return kubeFixture('kubeadm/kubelet-with-embedded-cert.yaml').replace('https://10.0.2.15:6443', `https://{{net}}.${APISERVER_OCTET}:${port}`);
}

/** A v1.23 node whose API server comes from kubelet.conf alone (no kube_apiserver_endpoint). */
function kubeconfigNode(name: string, port: number): Personality {
  return xenial(name, { services: kubernetesServices('v1.23.4', KUBEADM_1_23, 'iptables'), files: { [KUBELET_CONF]: kubeletConf(port) } });
}

export function issue9KubeFleet(): Personality[] {
  const hosts: Personality[] = [
    kubeNode('k9-ok', { network: { octet: APISERVER_OCTET, listeners: [{ process: 'kube-apiserver', protocol: 'tcp', port: 6443 }] } }),
    xenial('kubeadm-preinit', { ...installedKubelet('v1.23.4', ''), vars: { kube_apiserver_endpoint: APISERVER } }),
    xenial('k124-stale-flag', { ...installedKubelet('v1.24.3', '--network-plugin=cni'), vars: { kube_apiserver_endpoint: APISERVER } }),
    kubeNode('flatcar-optbin', {
      services: {
        ...kubernetesServices('v1.23.4', KUBEADM_1_23, 'iptables'),
        kubelet: { ...kubernetesServices('v1.23.4', KUBEADM_1_23, 'iptables').kubelet!, daemon: '/opt/bin/kubelet' },
      },
    }),
    // k3s runs kubelet and kube-proxy inside its k3s-server process (k3s-io/k3s cmd/k3s/main.go)
    xenial('k3s-node', {
      services: { k3s: { state: 'active', daemon: '/usr/local/bin/k3s-server', args: ['server'] } },
      commands: { '/usr/local/bin/k3s': fixedAnswerScript({ '--version': 'k3s version v1.19.4+k3s-95ea0e16 (95ea0e16)\ngo version go1.15.2' }) },
      vars: { kube_apiserver_endpoint: APISERVER },
    }),
    // kubeadm's manifest with --cluster-cidr changed to the test network's range, which holds eth0
    kubeNode('cm-cluster-cidr', { files: { [CONTROLLER_MANAGER]: kubeFixture('kubeadm/kube-controller-manager.yaml').replace('--cluster-cidr=10.244.0.0/16', `--cluster-cidr=${TEST_NETWORK_RANGE}`) } }),
    kubeNode('podcidr-disagrees', { files: { [CONTROLLER_MANAGER]: kubeFixture('kubeadm/kube-controller-manager.yaml') }, vars: { calico_pod_cidr: '172.20.0.0/16' } }),
    kubeconfigNode('kubeconf-apiserver', 6443),
    kubeconfigNode('kubeconf-refused', 6444),
    kubeNode('azure-ipip', {
      files: { '/sys/class/dmi/id/sys_vendor': 'Microsoft Corporation\n', '/sys/class/dmi/id/chassis_asset_tag': kubeFixture('dmi/azure/chassis_asset_tag') },
    }),
    kubeNode('networkd-catchall', {
      services: { ...kubernetesServices('v1.23.4', KUBEADM_1_23, 'iptables'), 'systemd-networkd': { state: 'active' } },
      files: { '/etc/systemd/network/zz-default.network': kubeFixture('networkd/coreos/zz-default.network') },
    }),
  ];
  // A full table (the sizes of a real kernel log, 65536 max): bind mounts need the files.
  if (HAS_CONNTRACK_HOST) {
    hosts.push(kubeNode('conntrack-full', { procFiles: { [CONNTRACK_MAX]: '65536\n', '/proc/sys/net/netfilter/nf_conntrack_count': '65536\n' } }));
  }
  return hosts;
}
