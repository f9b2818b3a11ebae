import type { Evidence } from '../../core/result.js';
import type { Privileges } from '../../core/facts.js';
import type { HostCheck, Verdict } from '../types.js';
import { CAP_SYS_ADMIN, hasCapability } from '../../core/capabilities.js';
import { docUrl, evidence, fail, pass, unknown, unknownFromFact } from '../lib/verdict.js';

/** Whether a /proc/<pid>/status capability mask (hex) holds CAP_SYS_ADMIN; null if unparsable. */
function hasSysAdmin(mask: string): boolean | null {
  return /^[0-9a-f]{1,16}$/i.test(mask.trim()) ? hasCapability(mask.trim(), CAP_SYS_ADMIN) : null;
}

type Mask = { name: string; mask: string; has: boolean | null };

const CONTAINED =
  "Run Calico on the host itself (or in a privileged container on it): this system's capability bounding set lacks CAP_SYS_ADMIN, which usually means it is a container or was started with capsh --drop.";

const BECOME_FAILED = /become failed/i;

function masksOf(entries: { name: string; mask: string }[]): Mask[] {
  return entries.map((entry) => ({ ...entry, has: hasSysAdmin(entry.mask) }));
}

const missingFrom = (masks: Mask[]) => masks.filter((entry) => entry.has === false);

/**
 * The bounding set limits every process of the system, root or not, so it is evidence even
 * from a non-root login: the shell's own set and PID 1's.
 */
function boundingSets(p: Privileges, shell: string): Mask[] {
  return masksOf([
    { name: `CapBnd of the ${shell}`, mask: p.capBnd },
    ...(p.initCapBnd === null ? [] : [{ name: 'CapBnd of PID 1', mask: p.initCapBnd }]),
  ]);
}

function loginStory(p: Privileges): string {
  if (p.loginUid === 0) return 'logged in as root';
  if (p.becameRoot) return 'became root';
  return p.becomeAsked ? 'become asked' : 'become not asked';
}

function withoutRoot(p: Privileges, seen: Evidence[]): Verdict {
  if (!p.becomeAsked) {
    return unknown(
      `The audit logged in as uid ${p.uid} and was not asked to become root, so root's capabilities on this host were not read (nothing says they are missing: Calico gets root from kubelet, not from this login).`,
      seen,
      'Re-run with --become (or ansible_become=true; sudo) or log in as root, so the root shell can be read.',
    );
  }
  return fail(
    `Become was asked for, but the shell it gave runs as uid ${p.uid}, not root.`,
    seen,
    'Make sudo give root to the audit user (no ansible_become_user other than root, no sudoers Runas restriction), then re-run with --become.',
  );
}

export const nodePrivileges: HostCheck = {
  id: 'node.privileges',
  scope: 'host',
  needs: { facts: ['privileges'] },
  title: 'Root with CAP_SYS_ADMIN',
  requirement: 'Calico has CAP_SYS_ADMIN: it runs as root or in a privileged container.',
  section: 'Privileges',
  docUrl: docUrl('privileges'),
  notes:
    'The seed spec fails "no root". A non-root login without become tells nothing about root on the host (calico-node gets root and ' +
    'CAP_SYS_ADMIN from kubelet as a privileged pod, not from the auditor), so that is unknown with "re-run with --become". It stays ' +
    'fail only on evidence: CAP_SYS_ADMIN missing from the bounding set of the shell or of PID 1 (readable without root), become that ' +
    'ran but did not give uid 0, or a root shell without CAP_SYS_ADMIN in its effective set. A become that failed (sudo refused) is a ' +
    'host status of its own (become-failed); when its facts are judged, the check is unknown with the sudo problem to fix.',
  evaluate(facts) {
    if (!facts.privileges.ok) {
      const fact = facts.privileges;
      return BECOME_FAILED.test(fact.missing)
        ? unknown(`Could not read the root shell: ${fact.missing}.`, [evidence(`root privileges: not available (${fact.missing})`, fact.source)], 'Fix sudo for the audit user (see the become failure above), then re-run.')
        : unknownFromFact('root privileges', fact, 'Re-run with --become (sudo) or log in as root.');
    }
    const p = facts.privileges.value;
    const source = facts.privileges.source;
    const seen: Evidence[] = [
      evidence(`uid ${p.uid} (login uid ${p.loginUid}, ${loginStory(p)})`, source),
      evidence(`CapEff ${p.capEff}, CapBnd ${p.capBnd}`, source),
    ];
    if (p.initCapBnd !== null) seen.push(evidence(`PID 1 CapBnd ${p.initCapBnd}`, source));
    const shell = p.uid === 0 ? 'root shell' : 'login shell';
    const bounding = boundingSets(p, shell);
    const masks = p.uid === 0 ? [...masksOf([{ name: 'CapEff of the root shell', mask: p.capEff }]), ...bounding] : bounding;
    const missing = missingFrom(masks);
    if (missing.length > 0) return fail(`CAP_SYS_ADMIN (bit 21) is missing from ${missing.map((entry) => entry.name).join(' and ')}.`, seen, CONTAINED);
    const unreadable = masks.filter((entry) => entry.has === null);
    if (unreadable.length > 0) {
      return unknown(`Could not read ${unreadable.map((entry) => `${entry.name} ("${entry.mask}")`).join(', ')}.`, seen, 'Read CapEff/CapBnd in /proc/self/status and /proc/1/status on the host as root.');
    }
    if (p.uid !== 0) return withoutRoot(p, seen);
    return pass('Root with CAP_SYS_ADMIN in its effective and bounding sets.', seen);
  },
};
