/**
 * End to end: the `audit` command against Kubernetes node personalities — the checks that
 * need a kubelet, a datastore endpoint, the eBPF dataplane or IPVS, which issue 4's fleet
 * (hosts before any Kubernetes install) only ever skips. The same nodes are audited again
 * under --calico-version 3.28 and 3.31.
 */
import { describe } from 'vitest';
import { kubernetesFleet } from '../fleet/personalities/catalog.js';
import { personalitySkipReason } from '../fleet/personalities/index.js';
import { auditFleet, type ReleaseAudit } from './fleet-audit.js';

const skipReason = personalitySkipReason();
if (skipReason) console.warn(`skipping the Kubernetes personality audit: ${skipReason}`);

/**
 * v3.29 to v3.32 judge these nodes alike but for their tested Kubernetes window and, from
 * v3.32, the eBPF dataplane's kernel gate (5.10 instead of 5.3).
 */
const CURRENT_RELEASES = [
  { version: '3.29', tested: 'v1.29–v1.32', ebpfKernel: '5.3' },
  { version: '3.30', tested: 'v1.31–v1.35', ebpfKernel: '5.3' },
  { version: '3.31', tested: 'v1.32–v1.35', ebpfKernel: '5.3' },
  { version: '3.32', tested: 'v1.34–v1.36', ebpfKernel: '5.10' },
];

function currentRelease(version: string, tested: string, ebpfKernel: string): ReleaseAudit {
  const quote = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    baseline: {
      'node.distro': { status: 'warn', mentions: new RegExp(`not on Calico v${quote(version)}'s tested list`) },
      // Below the page's documented 5.10 and not on its list; Felix's own floor (3.10) is met.
      'node.kernel': { status: 'warn', mentions: new RegExp(`below the 5\\.10 the Calico v${quote(version)} page asks for`) },
      'k8s.version': { status: 'warn', mentions: new RegExp(`v1\\.23\\.4 was not tested with Calico v${quote(version)} \\(tested: ${quote(tested)}\\)`) },
    },
    faults: {
      'k8s-1-15': { 'k8s.version': { status: 'fail', mentions: new RegExp(`Calico v${quote(version)} does not work on v1\\.20 or older`) } },
      'ebpf-kernel-4-4': { 'node.bpf': { status: 'fail', mentions: new RegExp(`^eBPF dataplane not possible: kernel 4\\.4\\.0-210-generic is older than ${quote(ebpfKernel)}\\.$`, 'm') } },
    },
  };
}

describe.skipIf(skipReason !== undefined)('audit of Kubernetes node personalities', () => {
  auditFleet({
    personalities: kubernetesFleet,
    baseline: 'k8s-ok',
    notApplicable: ['node.bpf', 'k8s.alp'],
    faults: {
      'k8s-ok': {},
      'k8s-1-15': {
        'k8s.version': { status: 'fail', mentions: /v1\.15\.12/ },
        'k8s.cni': { status: 'fail', mentions: /--network-plugin=kubenet/ },
        'k8s.privileged': { status: 'fail', mentions: /--allow-privileged=false/ },
      },
      'ipvs-no-modules': {
        'node.kernel-deps': { status: 'fail', mentions: /ip_vs \(CONFIG_IP_VS\)[\s\S]*CONFIG_IP_VS=m/ },
        'k8s.kube-proxy': { status: 'pass', mentions: /ipvs/ },
      },
      'ebpf-kernel-4-4': { 'node.bpf': { status: 'fail', mentions: /4\.4\.0-210-generic[\s\S]*5\.3/ } },
      'apiserver-dropped': { 'datastore.reachable': { status: 'fail', mentions: /6443[\s\S]*timeout/ } },
      fedora23: { 'node.distro': { status: 'warn', mentions: /Fedora 23/ } },
    },
    // The same nodes judged against newer releases: only what differs from the v3.22 audit.
    releases: {
      '3.28': {
        baseline: {
          // Ubuntu 16.04 left the list in v3.28; Kubernetes v1.23 is below its tested v1.27–v1.30 (v1.20 and older fail).
          'node.distro': { status: 'warn', mentions: /Ubuntu 16\.04\.1 LTS is not on Calico v3\.28's tested list/ },
          'k8s.version': { status: 'warn', mentions: /v1\.23\.4 was not tested with Calico v3\.28 \(tested: v1\.27–v1\.30\)/ },
        },
        faults: {
          // Still a failure, by the v3.28 page's own floor.
          'k8s-1-15': { 'k8s.version': { status: 'fail', mentions: /Calico v3\.28 does not work on v1\.20 or older/ } },
          // Only the kernel stops eBPF now: from v3.28 calico-node mounts bpffs itself.
          'ebpf-kernel-4-4': { 'node.bpf': { status: 'fail', mentions: /^eBPF dataplane not possible: kernel 4\.4\.0-210-generic is older than 5\.3\.$/m } },
        },
      },
      ...Object.fromEntries(CURRENT_RELEASES.map(({ version, tested, ebpfKernel }) => [version, currentRelease(version, tested, ebpfKernel)])),
    },
  });
});
