/** Real system users with sudo rights for fleet hosts; removed again by name. */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync, rmSync } from 'node:fs';
import { run } from './run.js';

export interface SudoUser {
  name: string;
  password?: string;
}

export interface SudoUsers {
  users: SudoUser[];
  sudoersFile: string;
}

/** Creates one user per request; `withPassword` users need their password for sudo. */
export async function createSudoUsers(fleetId: string, requests: { withPassword: boolean }[]): Promise<SudoUsers> {
  const sudoersFile = `/etc/sudoers.d/calico-fleet-${fleetId}`;
  const users: SudoUser[] = [];
  for (const [index, request] of requests.entries()) {
    const name = `cpf${fleetId}${request.withPassword ? 'p' : 'n'}${index}`;
    // '*' instead of useradd's locked '!': sshd without PAM refuses locked accounts.
    await run('useradd', ['--create-home', '--shell', '/bin/sh', '--password', '*', name]);
    const user: SudoUser = { name };
    if (request.withPassword) {
      user.password = randomBytes(9).toString('base64url');
      await run('chpasswd', [], `${name}:${user.password}\n`);
    }
    users.push(user);
  }
  const rules = users.map((u) => `${u.name} ALL=(ALL) ${u.password ? '' : 'NOPASSWD: '}ALL\n`).join('');
  if (users.length > 0) writeFileSync(sudoersFile, rules, { mode: 0o440 });
  return { users, sudoersFile };
}

/** Synchronous so that it also works from a process 'exit' handler. */
export function removeSudoUsers(created: SudoUsers): void {
  rmSync(created.sudoersFile, { force: true });
  for (const user of created.users) {
    try {
      execFileSync('userdel', ['--force', '--remove', user.name], { stdio: 'ignore' });
    } catch {
      // Already gone (stop() and the exit hook may both run).
    }
  }
}
