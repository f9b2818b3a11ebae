/** Real system users for fleet hosts, with or without sudo rights; removed again by name. */
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

/** How a user may use sudo: not at all, without a password, or with its password. */
export type SudoRight = 'none' | 'nopasswd' | 'password';

/** Creates one user per request; `password` users need their password for sudo, `none` users get no sudo rule. */
export async function createSudoUsers(fleetId: string, requests: { sudo: SudoRight }[]): Promise<SudoUsers> {
  const sudoersFile = `/etc/sudoers.d/calico-fleet-${fleetId}`;
  const created: SudoUsers = { users: [], sudoersFile };
  try {
    for (const [index, request] of requests.entries()) {
      const user: SudoUser = { name: `cpf${fleetId}${{ none: 'u', nopasswd: 'n', password: 'p' }[request.sudo]}${index}` };
      // '*' instead of useradd's locked '!': sshd without PAM refuses locked accounts.
      await run('useradd', ['--create-home', '--shell', '/bin/sh', '--password', '*', user.name]);
      created.users.push(user);
      if (request.sudo === 'password') {
        user.password = `pw-${randomBytes(9).toString('base64url')}`;
        await run('chpasswd', [], `${user.name}:${user.password}\n`);
      }
    }
    const rules = created.users.flatMap((u, index) =>
      requests[index]?.sudo === 'none' ? [] : [`${u.name} ALL=(ALL) ${u.password ? '' : 'NOPASSWD: '}ALL\n`],
    );
    if (rules.length > 0) writeFileSync(sudoersFile, rules.join(''), { mode: 0o440 });
  } catch (error) {
    removeSudoUsers(created);
    throw error;
  }
  return created;
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
