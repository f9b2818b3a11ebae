/**
 * Temporary local users for probe tests that run as someone else, the way an ssh login
 * would (`su USER -s /bin/sh -c COMMAND`), with their sudo rules; removed again by name.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';

/** argv that runs a command string as `user` through /bin/sh. */
export const asUser = (user: string): string[] => ['/bin/su', user, '-s', '/bin/sh', '-c'];

/** Creates the users (with the given passwords) and writes `sudoRules` to `sudoersFile`. */
export function createLocalUsers(users: string[], sudoersFile: string, sudoRules: string, passwords: Record<string, string> = {}): void {
  for (const user of users) execFileSync('/usr/sbin/useradd', ['--no-create-home', '--shell', '/bin/sh', user]);
  const lines = Object.entries(passwords).map(([user, password]) => `${user}:${password}\n`);
  if (lines.length > 0) execFileSync('/usr/sbin/chpasswd', { input: lines.join('') });
  writeFileSync(sudoersFile, sudoRules, { mode: 0o440 });
}

export function removeLocalUsers(users: string[], sudoersFile: string): void {
  rmSync(sudoersFile, { force: true });
  for (const user of users) {
    try {
      execFileSync('/usr/sbin/userdel', [user], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
