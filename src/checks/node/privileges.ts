import type { Evidence } from '../../core/result.js';
import type { HostCheck } from '../types.js';
import { CAP_SYS_ADMIN, hasCapability } from '../../core/capabilities.js';
import { docUrl, evidence, fail, pass, unknown, unknownFromFact } from '../lib/verdict.js';

/** Whether a /proc/<pid>/status capability mask (hex) holds CAP_SYS_ADMIN; null if unparsable. */
function hasSysAdmin(mask: string): boolean | null {
  return /^[0-9a-f]{1,16}$/i.test(mask.trim()) ? hasCapability(mask.trim(), CAP_SYS_ADMIN) : null;
}

const CONTAINED =
  "Run Calico on the host itself (or in a privileged container on it): this system's capability bounding set lacks CAP_SYS_ADMIN, which usually means it is a container or was started with capsh --drop.";

export const nodePrivileges: HostCheck = {
  id: 'node.privileges',
  scope: 'host',
  title: 'Root with CAP_SYS_ADMIN',
  requirement: 'Calico has CAP_SYS_ADMIN: it runs as root or in a privileged container.',
  section: 'Privileges',
  docUrl: docUrl('privileges'),
  evaluate(facts) {
    if (!facts.privileges.ok) return unknownFromFact('root privileges', facts.privileges, 'Re-run with --become (sudo) or log in as root.');
    const p = facts.privileges.value;
    const source = facts.privileges.source;
    const seen: Evidence[] = [
      evidence(`uid ${p.uid} (login uid ${p.loginUid}${p.becameRoot ? ', became root' : ''})`, source),
      evidence(`CapEff ${p.capEff}, CapBnd ${p.capBnd}`, source),
    ];
    if (p.initCapBnd !== null) seen.push(evidence(`PID 1 CapBnd ${p.initCapBnd}`, source));
    if (p.uid !== 0) {
      return fail(
        `No root: the audit ran as uid ${p.uid} and could not become root.`,
        seen,
        'Give the audit user passwordless sudo (or log in as root) and re-run with --become; Calico itself must run as root or in a privileged container.',
      );
    }
    const masks = [
      { name: 'CapEff of the root shell', mask: p.capEff },
      { name: 'CapBnd of the root shell', mask: p.capBnd },
      ...(p.initCapBnd === null ? [] : [{ name: 'CapBnd of PID 1', mask: p.initCapBnd }]),
    ].map((entry) => ({ ...entry, has: hasSysAdmin(entry.mask) }));
    const missing = masks.filter((entry) => entry.has === false);
    if (missing.length > 0) return fail(`CAP_SYS_ADMIN (bit 21) is missing from ${missing.map((entry) => entry.name).join(' and ')}.`, seen, CONTAINED);
    const unreadable = masks.filter((entry) => entry.has === null);
    if (unreadable.length > 0) {
      return unknown(`Could not read ${unreadable.map((entry) => `${entry.name} ("${entry.mask}")`).join(', ')}.`, seen, 'Read CapEff/CapBnd in /proc/self/status and /proc/1/status on the host as root.');
    }
    return pass('Root with CAP_SYS_ADMIN in its effective and bounding sets.', seen);
  },
};
