/** Whether this machine can run a real sshd fleet (root + OpenSSH server + util-linux). */
import { missingTools, skipOutsideCi } from '../support/tools.js';
import { SSHD } from './sshd.js';

const REQUIRED_TOOLS = [SSHD, '/usr/bin/ssh-keygen', '/usr/bin/unshare', '/usr/sbin/useradd'];

export interface FleetSupport {
  available: boolean;
  /** Why not, naming what to install; set when unavailable. */
  reason?: string;
}

export function fleetSupport(): FleetSupport {
  if (process.getuid?.() !== 0) {
    return { available: false, reason: 'the sshd test fleet needs root (it runs sshd and creates users)' };
  }
  const missing = missingTools(REQUIRED_TOOLS);
  if (missing.length > 0) {
    return {
      available: false,
      reason: `the sshd test fleet needs ${missing.join(', ')}: apt-get install openssh-server openssh-client util-linux passwd`,
    };
  }
  return { available: true };
}

/**
 * For `describe.skipIf(...)`: the reason to skip, or undefined when the fleet can run.
 * Under CI (process.env.CI set) a missing fleet is an error, never a skip.
 */
export function fleetSkipReason(): string | undefined {
  return skipOutsideCi(fleetSupport().reason);
}
