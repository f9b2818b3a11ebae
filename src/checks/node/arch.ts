import type { HostCheck } from '../types.js';
import { docUrl, evidence, fail, pass, unknownFromFact } from '../lib/verdict.js';

/** `uname -m` names of the architectures Calico v3.22 ships images for. */
const SUPPORTED: Record<string, string> = { x86_64: 'x86-64', amd64: 'x86-64', aarch64: 'arm64', arm64: 'arm64', ppc64le: 'ppc64le', s390x: 's390x' };

export const nodeArch: HostCheck = {
  id: 'node.arch',
  scope: 'host',
  needs: { facts: ['uname'] },
  title: 'CPU architecture',
  requirement: 'The CPU is x86-64, arm64, ppc64le or s390x.',
  section: 'Node requirements',
  docUrl: docUrl('node-requirements'),
  evaluate(facts) {
    if (!facts.uname.ok) return unknownFromFact('the CPU architecture', facts.uname, 'Make `uname` available on the host.');
    const machine = facts.uname.value.machine;
    const seen = [evidence(`uname -m: ${machine || '(empty)'}`, facts.uname.source)];
    if (!machine) return unknownFromFact('the CPU architecture', { ok: false, source: facts.uname.source, missing: 'uname printed no machine name' }, 'Check that `uname -m` works on the host.');
    const arch = SUPPORTED[machine];
    if (arch) return pass(`${machine} (${arch}) is supported.`, seen);
    return fail(
      `${machine} is not a supported architecture (x86-64, arm64, ppc64le, s390x).`,
      seen,
      'Run Calico nodes on x86-64, arm64, ppc64le or s390x hardware: Calico v3.22 publishes no images for this architecture.',
    );
  },
};
