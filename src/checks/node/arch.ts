import type { HostCheck } from '../types.js';
import type { RequirementProfile } from '../profiles/index.js';
import { calicoArchitecture } from '../lib/architectures.js';
import { calicoRelease, profileOf, SEED_PROFILE } from '../lib/profile.js';
import { docUrl, evidence, fail, pass, unknownFromFact } from '../lib/verdict.js';
import { orList } from '../lib/words.js';

const requirementFor = (profile: RequirementProfile) => `The CPU is ${orList(profile.architectures.value)}.`;

export const nodeArch: HostCheck = {
  id: 'node.arch',
  scope: 'host',
  needs: { facts: ['uname'] },
  title: 'CPU architecture',
  requirement: requirementFor(SEED_PROFILE),
  requirementFor,
  section: 'Node requirements',
  docUrl: docUrl('node-requirements'),
  evaluate(facts, settings) {
    if (!facts.uname.ok) return unknownFromFact('the CPU architecture', facts.uname, 'Make `uname` available on the host.');
    const machine = facts.uname.value.machine;
    const seen = [evidence(`uname -m: ${machine || '(empty)'}`, facts.uname.source)];
    if (!machine) return unknownFromFact('the CPU architecture', { ok: false, source: facts.uname.source, missing: 'uname printed no machine name' }, 'Check that `uname -m` works on the host.');
    const profile = profileOf(settings);
    const supported = profile.architectures.value;
    const arch = calicoArchitecture(machine);
    if (arch && supported.includes(arch)) return pass(`${machine} (${arch}) is supported.`, seen);
    return fail(
      `${machine} is not a supported architecture (${supported.join(', ')}).`,
      seen,
      `Run Calico nodes on ${orList(supported)} hardware: ${calicoRelease(profile)} publishes no images for this architecture.`,
    );
  },
};
