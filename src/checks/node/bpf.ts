import type { Evidence } from '../../core/result.js';
import type { HostFacts } from '../../core/facts.js';
import type { AuditSettings } from '../../core/settings.js';
import type { HostCheck } from '../types.js';
import type { RequirementProfile } from '../profiles/index.js';
import { calicoArchitecture } from '../lib/architectures.js';
import { atLeast, kernelRelease, KERNEL_RELEASE_NEEDS } from '../lib/kernel-version.js';
import { calicoRelease, docsPage, profileOf, SEED_PROFILE } from '../lib/profile.js';
import { evidence, fail, missingEvidence, pass, skip, unknown } from '../lib/verdict.js';
import { andList, orList } from '../lib/words.js';
import { combineNeeds } from '../../core/probe-needs.js';

const NOT_MOUNTED = 'the BPF filesystem is not mounted at /sys/fs/bpf';
const MOUNT = 'mount bpffs: `mount bpffs /sys/fs/bpf -t bpf` plus the fstab line `bpffs /sys/fs/bpf bpf defaults 0 0`';

/** Felix's own test for a RHEL kernel (felix/environment, GetDistFromString): /proc/version names "Red Hat" or an elN_M build. */
const FELIX_RHEL = /Red Hat|el\d+_\d+/;

/**
 * Whether the RHEL gate applies: Felix reads /proc/version (which holds the kernel release, so
 * `uname -r` stands in when /proc/version was not read); os-release's rhel family counts too (the
 * same kernels). null: nothing says RHEL and os-release is missing, so the distribution is unknown.
 */
function rhelKernel(facts: HostFacts): { rhel: boolean | null; seen: Evidence[] } {
  const text = facts.procVersion.ok ? { value: facts.procVersion.value.text, source: facts.procVersion.source } : facts.uname.ok ? { value: facts.uname.value.kernelRelease, source: facts.uname.source } : null;
  const mark = text ? FELIX_RHEL.exec(text.value)?.[0] : undefined;
  if (text && mark) return { rhel: true, seen: [evidence(`"${mark}" in the kernel's version: a RHEL kernel to Felix`, text.source)] };
  if (!facts.os.ok) return { rhel: null, seen: [] };
  return { rhel: facts.os.value.id === 'rhel' || facts.os.value.idLike.includes('rhel'), seen: [] };
}

const datastoreName = (settings: AuditSettings) => (settings.datastore === 'etcd' ? 'etcdv3' : 'kubernetes');

function requirementFor(profile: RequirementProfile): string {
  const ebpf = profile.dataplanes.ebpf;
  const { generic, rhel } = ebpf.kernel.value;
  const needs = [
    orList(ebpf.architectures.value),
    `kernel ${generic} or later (RHEL: ${rhel} or later)`,
    ...(ebpf.datastores.value.includes('etcdv3') ? [] : ['the Kubernetes datastore']),
    ...(ebpf.bpffsPremounted.value ? ['the BPF filesystem mounted at /sys/fs/bpf'] : []),
  ];
  return `The eBPF dataplane needs ${andList(needs)}${ebpf.bpffsPremounted.value ? '' : " (calico-node mounts the BPF filesystem itself)"}.`;
}

export const nodeBpf: HostCheck = {
  id: 'node.bpf',
  scope: 'host',
  needs: combineNeeds(KERNEL_RELEASE_NEEDS, { facts: ['os', 'bpfFsMounted'] }),
  title: 'eBPF dataplane prerequisites',
  requirement: requirementFor(SEED_PROFILE),
  requirementFor,
  section: 'Kernel dependencies',
  docUrl: docsPage(SEED_PROFILE, 'ebpf'),
  docUrlFor: (profile) => docsPage(profile, 'ebpf'),
  notes:
    'A RHEL kernel is one Felix takes for RHEL: /proc/version names "Red Hat" or an elN_M build (felix/environment, ' +
    'GetDistFromString; RHEL, CentOS, Rocky and Alma kernels are built by "Red Hat" gcc), or os-release says the rhel family. ' +
    'From v3.28 the eBPF page asks for no bpffs mount: calico-node\'s init container mounts /sys/fs/bpf on the host ' +
    '(manifests/calico.yaml, mount-bpffs), so an unmounted bpffs is only evidence; the same pages exclude the etcd datastore.',
  evaluate(facts, settings) {
    if (settings.dataplane !== 'ebpf') return skip('The iptables dataplane is used, not eBPF.');
    const profile = profileOf(settings);
    const ebpf = profile.dataplanes.ebpf;
    const architectures = ebpf.architectures.value;
    const { generic, rhel } = ebpf.kernel.value;
    const seen: Evidence[] = [];
    const problems: string[] = [];
    const gaps: string[] = [];
    if (facts.uname.ok) {
      const { machine } = facts.uname.value;
      seen.push(evidence(`uname -m: ${machine}`, facts.uname.source));
      if (!architectures.includes(calicoArchitecture(machine) ?? machine)) problems.push(`${machine} is not ${orList(architectures)}`);
    } else {
      seen.push(missingEvidence('architecture', facts.uname));
      gaps.push('architecture');
    }
    if (!ebpf.datastores.value.includes(datastoreName(settings))) {
      seen.push(evidence(`setting calico_datastore=${settings.datastore}`, 'audit settings'));
      problems.push(`${calicoRelease(profile)}'s eBPF dataplane does not work with the etcd datastore`);
    }
    const release = kernelRelease(facts);
    const family = rhelKernel(facts);
    const minimum = family.rhel ? rhel : generic;
    if (release.ok && release.parts) {
      seen.push(release.evidence, ...family.seen);
      const tooOld = !atLeast(release.parts, minimum);
      if (tooOld && family.rhel === null && atLeast(release.parts, rhel)) gaps.push(`distribution (a RHEL kernel from ${rhel} would qualify)`);
      else if (tooOld) problems.push(`kernel ${release.release} is older than ${minimum}`);
    } else {
      seen.push(...(release.ok ? [release.evidence] : release.evidence));
      gaps.push('kernel release');
    }
    const mustBeMounted = ebpf.bpffsPremounted.value;
    if (facts.bpfFsMounted.ok) {
      const mounted = facts.bpfFsMounted.value;
      seen.push(evidence(`BPF filesystem at /sys/fs/bpf: ${mounted ? 'mounted' : mustBeMounted ? 'not mounted' : 'not mounted (calico-node mounts it when it starts)'}`, facts.bpfFsMounted.source));
      if (!mounted && mustBeMounted) problems.push(NOT_MOUNTED);
    } else if (mustBeMounted) {
      seen.push(missingEvidence('BPF filesystem', facts.bpfFsMounted));
      gaps.push('BPF filesystem mount');
    }
    if (problems.length > 0) {
      // Mounting bpffs alone fixes the host only when everything else is right.
      const onlyUnmounted = problems.length === 1 && problems[0] === NOT_MOUNTED;
      const wanted = andList([
        `run ${orList(architectures)} with kernel ≥ ${generic} (RHEL ≥ ${rhel})`,
        ...(ebpf.datastores.value.includes('etcdv3') ? [] : ['the Kubernetes datastore']),
        ...(mustBeMounted ? [MOUNT] : []),
      ]);
      return fail(`eBPF dataplane not possible: ${problems.join('; ')}.`, seen, `Use the iptables dataplane on this host, or: ${wanted}.`, onlyUnmounted ? [{ kind: 'mount-bpffs' }] : undefined);
    }
    if (gaps.length > 0) return unknown(`Could not determine the ${gaps.join(', ')}.`, seen, 'Re-run with --become; check `uname -m`, `uname -r` and `mount | grep /sys/fs/bpf` on the host.');
    const machine = facts.uname.ok ? calicoArchitecture(facts.uname.value.machine) : '';
    const bpffs = facts.bpfFsMounted.ok && facts.bpfFsMounted.value ? 'BPF filesystem mounted' : 'BPF filesystem mounted by calico-node when it starts';
    return pass(`${machine}, kernel ${release.ok ? release.release : ''} ≥ ${minimum}, ${bpffs}.`, seen);
  },
};
