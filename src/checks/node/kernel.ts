import type { HostCheck } from '../types.js';
import { atLeast, kernelRelease, KERNEL_RELEASE_NEEDS } from '../lib/kernel-version.js';
import { docUrl, fail, pass, unknown } from '../lib/verdict.js';

export const MINIMUM_KERNEL = '3.10';

export const nodeKernel: HostCheck = {
  id: 'node.kernel',
  scope: 'host',
  needs: KERNEL_RELEASE_NEEDS,
  title: 'Linux kernel version',
  requirement: 'Linux kernel 3.10 or later.',
  section: 'Node requirements',
  docUrl: docUrl('node-requirements'),
  evaluate(facts) {
    const kernel = kernelRelease(facts);
    if (!kernel.ok) {
      return unknown(`Could not determine the kernel release: ${kernel.missing}.`, kernel.evidence, 'Make `uname -r` or /proc/version readable on the host.');
    }
    if (!kernel.parts) {
      return unknown(`Kernel release "${kernel.release}" is not a version number.`, [kernel.evidence], 'Check `uname -r` on the host by hand.');
    }
    if (atLeast(kernel.parts, MINIMUM_KERNEL)) return pass(`Kernel ${kernel.release} is ${MINIMUM_KERNEL} or later.`, [kernel.evidence]);
    return fail(
      `Kernel ${kernel.release} is older than ${MINIMUM_KERNEL}.`,
      [kernel.evidence],
      `Upgrade to a kernel ≥ ${MINIMUM_KERNEL}, e.g. by moving to a tested distribution (RHEL/CentOS 7, Ubuntu 16.04, Debian 8), then reboot.`,
    );
  },
};
