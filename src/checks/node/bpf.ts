import type { Evidence } from '../../core/result.js';
import type { HostCheck } from '../types.js';
import { atLeast, kernelRelease, KERNEL_RELEASE_NEEDS } from '../lib/kernel-version.js';
import { evidence, fail, missingEvidence, pass, skip, unknown } from '../lib/verdict.js';
import { combineNeeds } from '../../core/probe-needs.js';

const NOT_MOUNTED = 'the BPF filesystem is not mounted at /sys/fs/bpf';

/** RHEL backported what the eBPF dataplane needs into 4.18.0-193 (RHEL 8.2). */
function minimumKernel(osId: string | undefined, idLike: string[]): string {
  const rhelFamily = osId === 'rhel' || idLike.includes('rhel');
  return rhelFamily ? '4.18.0-193' : '5.3';
}

export const nodeBpf: HostCheck = {
  id: 'node.bpf',
  scope: 'host',
  needs: combineNeeds(KERNEL_RELEASE_NEEDS, { facts: ['os', 'bpfFsMounted'] }),
  title: 'eBPF dataplane prerequisites',
  requirement: 'The eBPF dataplane needs x86-64, kernel 5.3 or later (RHEL: 4.18.0-193 or later) and the BPF filesystem mounted at /sys/fs/bpf.',
  section: 'Kernel dependencies',
  docUrl: 'https://projectcalico.docs.tigera.io/archive/v3.22/maintenance/ebpf/enabling-bpf',
  evaluate(facts, settings) {
    if (settings.dataplane !== 'ebpf') return skip('The iptables dataplane is used, not eBPF.');
    const seen: Evidence[] = [];
    const problems: string[] = [];
    const gaps: string[] = [];
    if (facts.uname.ok) {
      seen.push(evidence(`uname -m: ${facts.uname.value.machine}`, facts.uname.source));
      if (facts.uname.value.machine !== 'x86_64') problems.push(`${facts.uname.value.machine} is not x86-64`);
    } else {
      seen.push(missingEvidence('architecture', facts.uname));
      gaps.push('architecture');
    }
    const release = kernelRelease(facts);
    const os = facts.os.ok ? facts.os.value : undefined;
    const minimum = minimumKernel(os?.id, os?.idLike ?? []);
    if (release.ok && release.parts) {
      seen.push(release.evidence);
      const tooOld = !atLeast(release.parts, minimum);
      if (tooOld && !os && atLeast(release.parts, '4.18.0-193')) gaps.push('distribution (a RHEL kernel from 4.18.0-193 would qualify)');
      else if (tooOld) problems.push(`kernel ${release.release} is older than ${minimum}`);
    } else {
      seen.push(...(release.ok ? [release.evidence] : release.evidence));
      gaps.push('kernel release');
    }
    if (facts.bpfFsMounted.ok) {
      seen.push(evidence(`BPF filesystem at /sys/fs/bpf: ${facts.bpfFsMounted.value ? 'mounted' : 'not mounted'}`, facts.bpfFsMounted.source));
      if (!facts.bpfFsMounted.value) problems.push(NOT_MOUNTED);
    } else {
      seen.push(missingEvidence('BPF filesystem', facts.bpfFsMounted));
      gaps.push('BPF filesystem mount');
    }
    if (problems.length > 0) {
      // Mounting bpffs alone fixes the host only when the architecture and kernel are right.
      const onlyUnmounted = problems.length === 1 && problems[0] === NOT_MOUNTED;
      return fail(
        `eBPF dataplane not possible: ${problems.join('; ')}.`,
        seen,
        'Use the iptables dataplane on this host, or: run x86-64 with kernel ≥ 5.3 (RHEL ≥ 4.18.0-193), and mount bpffs: `mount bpffs /sys/fs/bpf -t bpf` plus the fstab line `bpffs /sys/fs/bpf bpf defaults 0 0`.',
        onlyUnmounted ? [{ kind: 'mount-bpffs' }] : undefined,
      );
    }
    if (gaps.length > 0) return unknown(`Could not determine the ${gaps.join(', ')}.`, seen, 'Re-run with --become; check `uname -m`, `uname -r` and `mount | grep /sys/fs/bpf` on the host.');
    return pass(`x86-64, kernel ${release.ok ? release.release : ''} ≥ ${minimum}, BPF filesystem mounted.`, seen);
  },
};
