/** Whether the root part of the probe ran as root, and if not, why not. */
import type { RawProbeOutput } from '../core/facts.js';
import { ProbeOutput } from './probe-output.js';
import { SECTION } from './section-ids.js';

const REASONS: [RegExp, string][] = [
  [/a password is required/i, 'sudo needs a password: give it with --ask-become-pass (or ansible_become_password)'],
  [/incorrect password|Sorry, try again|no password was provided/i, 'sudo rejected the become password'],
  [/is not in the sudoers file|not allowed to (execute|run)|may not run sudo/i, 'the login user may not use sudo on this host (not in sudoers)'],
  [/must have a tty|no tty present/i, 'sudo requires a tty here (Defaults requiretty)'],
  [/sudo: not found|sudo: command not found|No such file or directory/i, 'sudo is not installed'],
];

/** The reason become failed, or null when it worked or was not asked for. */
export function becomeFailure(raw: Record<string, RawProbeOutput>): string | null {
  const out = new ProbeOutput(raw);
  if (out.become === 'none' || out.loginUid === 0 || out.rootRan) return null;
  const section = raw[SECTION.become];
  if (!section) return out.complete ? 'the become step did not run' : null;
  const text = section.stdout;
  for (const [pattern, reason] of REASONS) if (pattern.test(text)) return reason;
  if (section.exitCode === 127) return 'sudo is not installed';
  const first = text.split('\n').find((l) => l.trim() !== '');
  return first ? `sudo failed: ${first.trim()}` : `sudo failed with exit status ${section.exitCode ?? 'unknown'}`;
}

/** Why a root-only fact is missing, with the way to get it. */
export function rootMissing(out: ProbeOutput, what: string): string {
  if (out.become === 'none') return `${what} needs root: re-run with --become`;
  const failure = becomeFailure(out.raw);
  return failure ? `${what} needs root, and become failed: ${failure}` : out.absent(`${what} was not read`);
}
